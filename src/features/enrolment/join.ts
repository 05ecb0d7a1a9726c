import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { localDay } from '../../calendar/dates.ts';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { answerOutOfDate, noticeModal, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedValue, textOf } from '../../slack/view-state.ts';
import type { MemberRole } from '../../storage/programme-members.ts';
import type { Programme } from '../../storage/programmes.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { answersFor, joinRefusal, listedForJoining, rolesLeft, rolesOpenTo } from './rules.ts';
import { JoinFormMeta, JoinValue, RoleValue } from './values.ts';
import {
  alreadyJoinedText,
  JOIN_FORM,
  type JoinListItem,
  joinDoneModal,
  joinedText,
  joinListMessage,
  joinModal,
  noSuchProgrammeText,
} from './views.ts';

/** The person's own day: enrolment windows open and close by it. */
async function todayFor(deps: Deps, teamId: string, userId: string): Promise<string> {
  const tz = (await deps.people.profile(teamId, userId).catch(() => undefined))?.tz;
  return localDay(deps.now(), tz);
}

/** Whether this person may join: the refusal in words, or the roles open to them and those still left. */
async function standing(
  deps: Deps,
  p: Programme,
  userId: string,
): Promise<{ refusal: string } | { open: MemberRole[]; left: MemberRole[] }> {
  const [members, today] = await Promise.all([
    deps.storage.programmeMembers.of(p.teamId, p.id, userId),
    todayFor(deps, p.teamId, userId),
  ]);
  const managers = p.inviteOnly ? await deps.storage.programmes.managers(p.teamId, p.id) : [];
  const refusal = joinRefusal(p, members, today, managers);
  return refusal ? { refusal } : { open: rolesOpenTo(p, members), left: rolesLeft(p, members) };
}

/** Where a Join leads: the form for the roles left, or (in every role already) that nothing changes. */
async function joinView(deps: Deps, p: Programme, userId: string): Promise<{ refusal: string } | { view: ModalView }> {
  const s = await standing(deps, p, userId);
  if ('refusal' in s) return { refusal: s.refusal };
  if (s.left.length === 0) return { refusal: alreadyJoinedText(p, s.open[0] ?? 'mentee') };
  return { view: joinModal(p, s.left) };
}

/** The programmes this person may join today, with the roles they are in already. */
async function joinList(deps: Deps, teamId: string, userId: string): Promise<JoinListItem[]> {
  const [programmes, mine, today] = await Promise.all([
    deps.storage.programmes.list(teamId),
    deps.storage.programmeMembers.ofPerson(teamId, userId),
    todayFor(deps, teamId, userId),
  ]);
  return programmes.flatMap((programme) => {
    const members = mine.filter((m) => m.programmeId === programme.id);
    if (!listedForJoining(programme, members, today)) return [];
    const joined = members.filter((m) => m.joinedAt !== null).map((m) => m.role);
    return [{ programme, left: rolesLeft(programme, members), joined }];
  });
}

/** `/mentor join [programme]`: the list of programmes open to the caller, or the named one's form (or why not). */
export async function joinCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const typed = ctx.rest.trim();
  if (!typed) return ctx.reply(joinListMessage(await joinList(deps, ctx.teamId, ctx.userId), deps.now()));
  const p = await deps.storage.programmes.byName(ctx.teamId, typed);
  if (!p || p.isDefault) return ctx.reply(noSuchProgrammeText(typed));
  const j = await joinView(deps, p, ctx.userId);
  if ('refusal' in j) return ctx.reply(j.refusal);
  await ctx.ack();
  await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: j.view });
}

/** A Join button (the join list, a programme's page): its form, or why they cannot join. */
export async function onJoinClick(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  const id = readValue(JoinValue, action.value);
  if (!id) return answerOutOfDate(args);
  await ack();
  const p = await deps.storage.programmes.get(teamOf(body), id);
  if (!p) return void (await showModal(client, body, noticeModal('That programme no longer exists.')));
  const j = await joinView(deps, p, body.user.id);
  await showModal(client, body, 'refusal' in j ? noticeModal(j.refusal) : j.view);
}

/**
 * The role the form joins in: the one chosen, or the one it offered when there was no choice. Read
 * from the form, never worked out again: a retried delivery must not join them in the other role.
 */
function chosenRole(view: ViewArgs['view'], offered: MemberRole | undefined): MemberRole | undefined {
  return readValue(RoleValue, selectedValue(view.state.values, JOIN_FORM.role)) ?? offered;
}

/** The answers typed or chosen, one per question; a choice is stored as its words. */
function answersGiven(p: Programme, values: ViewArgs['view']['state']['values']): string[] {
  const given = p.questions.slice(0, 5).map((q, i) => {
    const id = JOIN_FORM.question(i);
    if (!q.choices?.length) return textOf(values, id);
    const n = Number(selectedValue(values, id));
    return Number.isInteger(n) ? q.choices[n] : undefined;
  });
  return answersFor(p, given);
}

/**
 * The join form sent: enrols them, once. The programme is read again (it may have closed while the
 * form was open), and a second delivery of the same submission finds them joined and stores nothing.
 */
export async function onJoinSubmit(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const meta = readValue(JoinFormMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const teamId = teamOf(body);
  const me = body.user.id;
  const p = await deps.storage.programmes.get(teamId, meta.p);
  const done = (text: string) => ack({ response_action: 'update', view: joinDoneModal(text) });
  if (!p) return done('That programme no longer exists.');
  const s = await standing(deps, p, me);
  if ('refusal' in s) return done(s.refusal);
  const role = chosenRole(view, meta.r);
  if (!role || !s.open.includes(role)) return done(`You can't join *${p.name}* in that role; nothing changed.`);
  const { joined } = await deps.storage.programmeMembers.join(
    teamId,
    { programmeId: p.id, userId: me, role, answers: answersGiven(p, view.state.values) },
    deps.now(),
  );
  await done(joined ? joinedText(p, role) : alreadyJoinedText(p, role));
  if (!joined) return;
  await deps.storage.audit.record({
    teamId,
    actorId: me,
    action: 'programme.joined',
    subjectType: 'programme',
    subjectId: p.id,
    detail: { role },
    at: deps.now(),
  });
  deps.changes.changed(teamId, [me]);
}

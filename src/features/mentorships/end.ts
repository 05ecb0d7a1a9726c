import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { View } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import type { Actor } from '../../policy/policy.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { rowId } from '../../slack/ids.ts';
import { mentionOrHint, parseMention } from '../../slack/mentions.ts';
import { answerOutOfDate, modalOf, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { inlineText, user } from '../../slack/text.ts';
import { readValue } from '../../slack/values.ts';
import { textOf } from '../../slack/view-state.ts';
import type { Mentorship } from '../../storage/rows.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { settleHelpAfterEnding } from '../help-requests/after-ending.ts';
import { helpAfterEndingLines } from '../help-requests/views.ts';
import { refreshOversight } from '../oversight/refresh.ts';
import { managesSome, notYourProgramme, withProgramme } from '../oversight/scope.ts';
import { progressPageOf, refreshProgress } from '../progress/surface.ts';
import { chooseOpen, topicByName } from './choose.ts';
import { endedNotice } from './ended-notice.ts';
import { reassignConfirmed } from './reassign.ts';
import { endReasonProblem, mayEnd, pickOne } from './rules.ts';
import { announceEnd } from './service.ts';
import { EndModalMetaValue, type ProgressPage } from './values.ts';
import { chooseMentorship, doneModal, END, endConfirmModal, endedReasonModal, endModal, what } from './views.ts';

const CANNOT_END = "You can't end that mentorship: only its supporter, its mentee or a Lifering admin can.";
const ALREADY_ENDED = 'That mentorship has already ended; nothing changed.';

/**
 * Why this actor may not end this mentorship, or undefined when they may. A programme's manager
 * is told the pair is in a programme they don't run; everyone else, who can.
 */
async function endRefusal(deps: Deps, teamId: string, m: Mentorship, actor: Actor): Promise<string | undefined> {
  const pair = await withProgramme(deps, teamId, m, actor);
  if (mayEnd(pair, actor)) return undefined;
  return managesSome(actor) && typeof pair.programmeId === 'number'
    ? notYourProgramme(deps, teamId, pair.programmeId)
    : CANNOT_END;
}

/** `/mentor end @person [topic]` or, naming both, `/mentor end @supporter @mentee [topic]`: the confirmation. */
export async function endByCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const s = mentionOrHint(ctx.args[0], '/mentor end @sam');
  if ('error' in s) return ctx.reply(s.error);
  // One person named: "my mentorship with them", whichever side of it I am on.
  if (!ctx.args[1] || !parseMention(ctx.args[1])) return endWith(deps, ctx, s.userId, ctx.args.slice(1).join(' '));
  const m = mentionOrHint(ctx.args[1], '/mentor end @sam @mia');
  if ('error' in m) return ctx.reply(m.error);
  const actor = await actorOf(deps, ctx.teamId, ctx.userId);
  // A programme's manager is let on to the pair's mentorships, then checked against the one chosen.
  if (!mayEnd({ supporterId: s.userId, menteeId: m.userId }, actor) && !managesSome(actor)) {
    return ctx.reply(
      `Only the supporter, the mentee or a Lifering admin can end a mentorship. ${await deps.people.whoCanAdminister(ctx.teamId)}`,
    );
  }
  const pair = { supporterId: s.userId, menteeId: m.userId };
  const chosen = await chooseOpen(deps, ctx, pair, ctx.args.slice(2).join(' '), 'end');
  if (!chosen) return;
  const refusal = await endRefusal(deps, ctx.teamId, chosen, actor);
  if (refusal) return ctx.reply(refusal);
  await ctx.ack();
  await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: endModal(chosen, { viewerId: ctx.userId }) });
}

/** `/mentor end @other [topic]`: the caller's open mentorships with that person, either way round. */
async function endWith(deps: Deps, ctx: CommandContext, otherId: string, topicName: string): Promise<void> {
  const { storage } = deps;
  if (otherId === ctx.userId)
    return void (await ctx.reply('Mention the other person in the mentorship, like `/mentor end @sam`.'));
  let open = [
    ...(await storage.mentorships.listOpenBetween(ctx.teamId, ctx.userId, otherId)),
    ...(await storage.mentorships.listOpenBetween(ctx.teamId, otherId, ctx.userId)),
  ];
  if (topicName.trim()) {
    const topic = await topicByName(deps, ctx.teamId, topicName, true);
    if ('error' in topic) return void (await ctx.reply(topic.error));
    open = open.filter((x) => x.topicId === topic.id);
  }
  const picked = pickOne(open);
  if ('none' in picked) {
    const about = topicName.trim() ? ` for *${inlineText(topicName.trim())}*` : '';
    return void (await ctx.reply(
      `You have no open mentorship with ${user(otherId)}${about}. \`/mentor list\` shows yours.` +
        ' To end a mentorship between two other people, as an admin, name both: `/mentor end @sam @mia`.',
    ));
  }
  if ('several' in picked) return void (await ctx.reply(chooseMentorship(picked.several, 'end')));
  await ctx.ack();
  await deps
    .clientFor(ctx.teamId)
    .views.open({ trigger_id: ctx.triggerId, view: endModal(picked.one, { viewerId: ctx.userId }) });
}

/** The no-blame confirmation for the mentorship a click names, or why it cannot be ended (acks the click). */
export async function showEndConfirmation(deps: Deps, args: ActionArgs, value: string | undefined): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const teamId = teamOf(body);
  const me = body.user.id;
  const m = await deps.storage.mentorships.get(teamId, rowId(value));
  const refusal = m ? await endRefusal(deps, teamId, m, await actorOf(deps, teamId, me)) : CANNOT_END;
  let view: View;
  if (!m || refusal) view = doneModal('End mentorship', refusal ?? CANNOT_END);
  else if (m.status !== 'pending' && m.status !== 'active')
    view = doneModal('End mentorship', endedNotice(m, me, deps.now()));
  else view = endConfirmModal(m, me, progressPageOf(body));
  // From the progress page the confirmation opens over it; from Home, a list or a DM, fresh.
  await showModal(client, body, view);
}

/**
 * "End mentorship" (danger) in the confirmation: ends it at once, then shows what happened and
 * asks for the optional private reason in the same modal. A second click finds it ended.
 */
export async function onEndNow(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  await ack();
  const teamId = teamOf(body);
  const me = body.user.id;
  const confirmation = modalOf(body);
  const meta = confirmation ? readValue(EndModalMetaValue, confirmation.private_metadata) : undefined;
  const show = (view: ModalView) =>
    confirmation ? client.views.update({ view_id: confirmation.id, view }) : showModal(client, body, view);
  const m = await deps.storage.mentorships.get(teamId, rowId(action.value));
  const refusal = m ? await endRefusal(deps, teamId, m, await actorOf(deps, teamId, me)) : CANNOT_END;
  if (!m || refusal) return void (await show(doneModal('End mentorship', refusal ?? CANNOT_END)));
  const ended =
    m.status === 'pending' || m.status === 'active'
      ? await deps.storage.mentorships.end(teamId, m.id, me, null, deps.now())
      : undefined;
  if (!ended) {
    const now = (await deps.storage.mentorships.get(teamId, m.id)) ?? m;
    return void (await show(doneModal('End mentorship', endedNotice(now, me, deps.now()))));
  }
  const help = await settleHelpAfterEnding(deps, ended, m.status, me);
  await show(endedReasonModal(m, me, help));
  await announceEnd(deps, ended, m.status, me, undefined, { help });
  await redrawProgress(deps, teamId, me, m.menteeId, meta?.progress);
}

/** The optional private reason, given after the ending: kept from the person who ended it, once. */
export async function onEndReason(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const meta = readValue(EndModalMetaValue, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const reason = textOf(view.state.values, END.reason) ?? null;
  if (!reason) return void (await ack());
  const tooLong = endReasonProblem(reason);
  if (tooLong) return void (await ack({ response_action: 'errors', errors: { [END.reason]: tooLong } }));
  const kept = await deps.storage.mentorships.setEndReason(teamOf(body), meta.id, body.user.id, reason);
  await ack({
    response_action: 'update',
    view: doneModal(
      'Mentorship ended',
      kept
        ? 'Thank you. Only Lifering admins can read your reason.'
        : 'A reason was already given for this ending; nothing changed.',
    ),
  });
}

/** An End button, wherever a mentorship is shown. */
export async function onConfirmEnd(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  await showEndConfirmation(deps, args, args.action.value);
}

/** The End picker on `/mentor list`: the chosen mentorship, then the same confirmation as the buttons. */
export async function onEndPicked(deps: Deps, args: ActionArgs<BlockAction<StaticSelectAction>>): Promise<void> {
  await showEndConfirmation(deps, args, args.action.selected_option?.value);
}

/** The confirmation submitted: ends the mentorship, or (from `/mentor reassign`) hands it on. */
export async function onEndSubmit(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const teamId = teamOf(body);
  const actorId = body.user.id;
  const meta = readValue(EndModalMetaValue, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const m = await deps.storage.mentorships.get(teamId, meta.id);
  const actor = await actorOf(deps, teamId, actorId);
  const close = (title: string, text: string) => ack({ response_action: 'update', view: doneModal(title, text) });
  const refusal = m ? await endRefusal(deps, teamId, m, actor) : CANNOT_END;
  if (!m || refusal) return close('End mentorship', refusal ?? CANNOT_END);
  if (m.status !== 'pending' && m.status !== 'active')
    return close('End mentorship', endedNotice(m, actorId, deps.now()));
  const reason = textOf(view.state.values, END.reason) ?? null;
  const tooLong = endReasonProblem(reason);
  if (tooLong) return ack({ response_action: 'errors', errors: { [END.reason]: tooLong } });
  if (meta.newSupporterId) {
    const r = { actor, actorId, m, reason, newSupporterId: meta.newSupporterId, notify: meta.notify !== false, close };
    if (await reassignConfirmed(deps, r)) await redrawProgress(deps, teamId, actorId, m.menteeId, meta.progress);
    return;
  }
  const ended = await deps.storage.mentorships.end(teamId, m.id, actorId, reason, deps.now());
  if (!ended) return close('End mentorship', ALREADY_ENDED);
  // Settled before the answer, so a mentee who ends it hears there what became of her help request.
  const help = await settleHelpAfterEnding(deps, ended, m.status, actorId);
  const lines = actorId === m.menteeId ? helpAfterEndingLines(help) : [];
  await close(
    'Mentorship ended',
    [
      `The mentorship of ${user(m.menteeId)} by ${user(m.supporterId)} (${what(m)}) has ended. Its history stays in Lifering, and the others in it have been told kindly.`,
      ...lines,
    ].join('\n'),
  );
  await announceEnd(deps, ended, m.status, actorId, undefined, { help });
  await refreshOversight(deps, teamId, meta.back, actorId);
  await redrawProgress(deps, teamId, actorId, m.menteeId, meta.progress);
}

/** The progress page the confirmation was opened over, which still shows the mentorship as it was. */
async function redrawProgress(
  deps: Deps,
  teamId: string,
  viewerId: string,
  menteeId: string,
  progress: ProgressPage | undefined,
): Promise<void> {
  if (!progress) return;
  await refreshProgress(
    deps,
    deps.clientFor(teamId),
    teamId,
    viewerId,
    progress.viewId,
    menteeId,
    progress.page || 1,
  ).catch((error: unknown) =>
    deps.logger.warn(`could not redraw the progress page of ${menteeId} after an end`, error),
  );
}

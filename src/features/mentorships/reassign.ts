import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { type Actor, can } from '../../policy/policy.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { user } from '../../slack/text.ts';
import type { Mentorship } from '../../storage/rows.ts';
import type { ViewArgs } from '../feature.ts';
import { refreshOversight } from '../oversight/refresh.ts';
import { managesSome, notYourProgramme, withProgramme } from '../oversight/scope.ts';
import type { OversightBack } from '../oversight/values.ts';
import { chooseOpen } from './choose.ts';
import {
  type Assignment,
  announceAssignment,
  announceEnd,
  assignmentProblems,
  capacityWarning,
  createAssignment,
  firstProblem,
} from './service.ts';
import { ASSIGN, assignedText, doneModal, endModal } from './views.ts';

const REASSIGN_EXAMPLE = '/mentor reassign @sam @lee @mia';

/** `/mentor reassign @old @new @mentee [topic] [silently]`: the confirmation, which names the new supporter. */
export async function reassignByCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const ids: string[] = [];
  for (const token of ctx.args.slice(0, 3)) {
    const r = mentionOrHint(token, REASSIGN_EXAMPLE);
    if ('error' in r) return ctx.reply(r.error);
    ids.push(r.userId);
  }
  if (ids.length < 3)
    return ctx.reply(
      `I need three people: the current supporter, the new one and the mentee. Mention them like \`${REASSIGN_EXAMPLE}\`.`,
    );
  const [oldId, newId, menteeId] = ids as [string, string, string];
  if (oldId === newId)
    return ctx.reply(
      `${user(oldId)} is already the supporter: name a different new supporter, like \`${REASSIGN_EXAMPLE}\`.`,
    );
  const rest = ctx.args.slice(3);
  const silently = rest.at(-1)?.toLowerCase() === 'silently';
  if (silently) rest.pop();
  const current = await chooseOpen(deps, ctx, { supporterId: oldId, menteeId }, rest.join(' '), 'reassign');
  if (!current) return;
  const refusal = await reassignRefusal(
    deps,
    await actorOf(deps, ctx.teamId, ctx.userId, 'mentorship.reassign'),
    current,
  );
  if (refusal) return ctx.reply(refusal);
  const problem = firstProblem(
    await assignmentProblems(deps, { teamId: ctx.teamId, supporterId: newId, menteeId, topicId: current.topicId }),
  );
  if (problem) return ctx.reply(problem);
  await ctx.ack();
  const warning = await capacityWarning(deps, ctx.teamId, newId, current.programmeId ?? undefined);
  await ctx.raw.client.views.open({
    trigger_id: ctx.triggerId,
    view: endModal(current, { newSupporterId: newId, notify: !silently, warning }),
  });
}

/** Why this actor may not hand this mentorship on (an admin may; a manager within their programmes), or undefined. */
async function reassignRefusal(deps: Deps, actor: Actor, m: Mentorship): Promise<string | undefined> {
  const pair = await withProgramme(deps, m.teamId, m, actor);
  const programmeId = typeof pair.programmeId === 'number' ? pair.programmeId : undefined;
  if (can(actor, 'mentorship.reassign', programmeId === undefined ? {} : { programmeId })) return undefined;
  return managesSome(actor) && programmeId !== undefined
    ? notYourProgramme(deps, m.teamId, programmeId)
    : deps.people.whoCanAdminister(m.teamId);
}

const reassignedText = (old: Mentorship, created: Mentorship) =>
  `The mentorship of ${user(old.menteeId)} by ${user(old.supporterId)} has ended. ${assignedText(created)}`;

/**
 * The assign form opened to reassign (from the programme view): the open mentorship ends and the
 * new one starts together, keeping the mentee.
 */
export async function reassignFromForm(
  deps: Deps,
  args: ViewArgs,
  a: Assignment,
  replacing: Mentorship,
  back: OversightBack | undefined,
): Promise<void> {
  const { ack } = args;
  const refusal = await reassignRefusal(
    deps,
    await actorOf(deps, a.teamId, a.actorId, 'mentorship.reassign'),
    replacing,
  );
  if (refusal) return ack({ response_action: 'errors', errors: { [ASSIGN.supporter]: refusal } });
  if (replacing.menteeId !== a.menteeId) {
    await ack({
      response_action: 'errors',
      errors: {
        [ASSIGN.mentee]: `A reassignment keeps the mentee: pick ${user(replacing.menteeId)}, or close this and assign afresh.`,
      },
    });
    return;
  }
  // The new supporter takes the pair on in the same programme.
  a = { ...a, programmeId: replacing.programmeId ?? undefined };
  const problems = await assignmentProblems(deps, a, { replacing: replacing.id });
  if (Object.keys(problems).length > 0) return ack({ response_action: 'errors', errors: problems });
  const result = await createAssignment(deps, a, { id: replacing.id, reason: null });
  if ('duplicate' in result)
    return ack({ response_action: 'errors', errors: { [ASSIGN.supporter]: result.duplicate } });
  const created = (await deps.storage.mentorships.get(a.teamId, result.created.id)) ?? result.created;
  await ack({
    response_action: 'update',
    view: doneModal('Mentorship reassigned', reassignedText(replacing, created)),
  });
  await announceEnd(deps, result.ended ?? replacing, replacing.status, a.actorId, created);
  await announceAssignment(deps, created);
  await refreshOversight(deps, a.teamId, back, a.actorId);
}

/** What the end confirmation of `/mentor reassign` hands over, once it has checked the mentorship is open. */
export interface ConfirmedReassign {
  actor: Actor;
  actorId: string;
  m: Mentorship;
  reason: string | null;
  newSupporterId: string;
  notify: boolean;
  /** Answers the form with a closing message. */
  close: (title: string, text: string) => Promise<void>;
}

/** The reassign confirmation submitted: true once reassigned, false after saying why nothing changed. */
export async function reassignConfirmed(deps: Deps, r: ConfirmedReassign): Promise<boolean> {
  const { m, actorId, close } = r;
  const teamId = m.teamId;
  const refusal = await reassignRefusal(deps, r.actor, m);
  if (refusal) {
    await close('Reassign mentorship', refusal);
    return false;
  }
  const a = {
    teamId,
    actorId,
    supporterId: r.newSupporterId,
    menteeId: m.menteeId,
    topicId: m.topicId,
    kind: m.supporterKind,
    notify: r.notify,
    // The new supporter takes the pair on in the same programme.
    programmeId: m.programmeId ?? undefined,
  };
  const problem = firstProblem(await assignmentProblems(deps, a));
  if (problem) {
    await close('Reassign mentorship', `Nothing changed: ${problem}`);
    return false;
  }
  const result = await createAssignment(deps, a, { id: m.id, reason: r.reason });
  if ('duplicate' in result) {
    await close('Reassign mentorship', `Nothing changed: ${result.duplicate}`);
    return false;
  }
  const created = (await deps.storage.mentorships.get(teamId, result.created.id)) ?? result.created;
  await close('Mentorship reassigned', reassignedText(m, created));
  await announceEnd(deps, result.ended ?? m, m.status, actorId, created);
  await announceAssignment(deps, created);
  return true;
}

import type { BlockAction, OverflowAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate, modalOf, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { Mentorship } from '../../storage/rows.ts';
import type { ActionArgs } from '../feature.ts';
import { assignModal, doneModal, endModal } from '../mentorships/views.ts';
import { loadProgress } from '../progress/load.ts';
import { progressModal } from '../progress/views.ts';
import { nudgeSupporter } from './nudge.ts';
import { inScope, notYourProgramme, programmeOf, scopeFor } from './scope.ts';
import { type OversightBack, OversightRowValue, oversightBack } from './values.ts';

export type RowArgs = ActionArgs<BlockAction<OverflowAction>>;

/** The mentorship a ⋯ menu choice is about, and the programme view to redraw once it changed. */
export interface RowChoice {
  teamId: string;
  m: Mentorship;
  back: OversightBack | undefined;
}

/** A small notice over the list, for a choice that cannot go ahead or is done. */
async function rowNotice(args: RowArgs, title: string, text: string): Promise<void> {
  await showModal(args.client, args.body, doneModal(title, text));
}

/** The ⋯ menu of one mentorship: each choice opens over the list, so closing it comes back here. */
export async function actOnRow(deps: Deps, args: RowArgs): Promise<void> {
  const { ack, body, action } = args;
  const picked = readValue(OversightRowValue, action.selected_option?.value);
  if (!picked) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const m = await deps.storage.mentorships.get(teamId, picked.id);
  const from = modalOf(body);
  // The form opened over the list redraws it once it has changed something.
  const back = from ? oversightBack(from.id, from.private_metadata ?? '') : undefined;
  if (!m) return rowNotice(args, 'Mentorship', "I couldn't find that mentorship any more.");
  // The list showed only the programmes this person administers; a row of another (a list drawn before a change of managers) is refused.
  if (!(await inScope(deps, teamId, m, await scopeFor(deps, teamId, body.user.id, 'oversight.browse'))))
    return rowNotice(args, 'Mentorship', await notYourProgramme(deps, teamId, await programmeOf(deps, teamId, m)));
  const row: RowChoice = { teamId, m, back };
  switch (picked.verb) {
    case 'progress':
      return openRowProgress(deps, args, row);
    case 'end':
      return offerEnd(args, row);
    case 'reassign':
    case 'assign':
      return offerAssign(deps, args, row, picked.verb);
    case 'nudge':
      return nudgeSupporter(deps, args, row);
  }
}

async function openRowProgress(deps: Deps, args: RowArgs, { teamId, m }: RowChoice): Promise<void> {
  const { body, client } = args;
  await showModal(client, body, progressModal(await loadProgress(deps, teamId, m.menteeId, body.user.id, 'admin')));
}

async function offerEnd(args: RowArgs, { m, back }: RowChoice): Promise<void> {
  if (m.status !== 'pending' && m.status !== 'active')
    return rowNotice(args, 'End mentorship', 'That mentorship has already ended; nothing changed.');
  await showModal(args.client, args.body, endModal(m, { viewerId: args.body.user.id, back }));
}

async function offerAssign(deps: Deps, args: RowArgs, { teamId, m, back }: RowChoice, verb: 'reassign' | 'assign') {
  // Reassign hands an open mentorship on (it ends when the new one is assigned); assign starts afresh after a decline or an end.
  const replaces = verb === 'reassign' && (m.status === 'pending' || m.status === 'active') ? m.id : undefined;
  const topics = await deps.storage.topics.list(teamId);
  const view = assignModal({
    topics,
    menteeId: m.menteeId,
    topicId: topics.some((t) => t.id === m.topicId && !t.archivedAt) ? (m.topicId ?? undefined) : undefined,
    kind: m.supporterKind,
    replaces,
    back,
  });
  await showModal(args.client, args.body, view);
}

import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { Message } from '../../slack/blocks.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { teamOf } from '../../slack/team.ts';
import type { ActionArgs } from '../feature.ts';
import { suggestMany } from './suggest.ts';
import { unmatchedMessage, unmatchedModal } from './views.ts';

/** Waiting mentees shown in one message (two blocks' worth of text each stays far under 50 blocks). */
const UNMATCHED_SHOWN = 20;

/** Everyone waiting for a supporter, oldest first, each with the best supporter to suggest. */
async function unmatchedList(deps: Deps, teamId: string): Promise<Message> {
  const open = await deps.storage.supporterRequests.listOpen(teamId, 100);
  const shown = open.slice(0, UNMATCHED_SHOWN);
  const best = await suggestMany(
    deps,
    teamId,
    shown.map((r) => ({ menteeId: r.requesterId, topicId: r.topicId })),
    1,
  );
  return unmatchedMessage(
    shown.map((request, i) => ({ request, best: best[i]?.[0] })),
    open.length,
    deps.now(),
  );
}

/** `/mentor unmatched`. */
export async function listUnmatched(deps: Deps, ctx: CommandContext): Promise<void> {
  await ctx.reply(await unmatchedList(deps, ctx.teamId));
}

/**
 * From the admin's Home: the same list in a modal. Building it is a few queries, well inside the
 * 3 s a trigger id lives.
 */
export async function openUnmatched(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  await client.views.open({
    trigger_id: body.trigger_id,
    view: unmatchedModal(await unmatchedList(deps, teamOf(body))),
  });
}

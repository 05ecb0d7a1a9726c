import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { Message } from '../../slack/blocks.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { teamOf } from '../../slack/team.ts';
import type { ActionArgs } from '../feature.ts';
import { suggestMany } from './suggest.ts';
import { supporterRequestsMessage, supporterRequestsModal } from './views.ts';

/** Waiting mentees shown in one message (two blocks' worth of text each stays far under 50 blocks). */
const SUPPORTER_REQUESTS_SHOWN = 20;

/** Everyone waiting for a supporter, oldest first, each with the best supporter to suggest. */
async function supporterRequestsList(deps: Deps, teamId: string): Promise<Message> {
  const open = await deps.storage.supporterRequests.listOpen(teamId, 100);
  const shown = open.slice(0, SUPPORTER_REQUESTS_SHOWN);
  const best = await suggestMany(
    deps,
    teamId,
    shown.map((r) => ({ menteeId: r.requesterId, topicId: r.topicId })),
    1,
  );
  return supporterRequestsMessage(
    shown.map((request, i) => ({ request, best: best[i]?.[0] })),
    open.length,
    deps.now(),
  );
}

/** `/mentor unmatched`. */
export async function listSupporterRequests(deps: Deps, ctx: CommandContext): Promise<void> {
  await ctx.reply(await supporterRequestsList(deps, ctx.teamId));
}

/**
 * From the admin's Home: the same list in a modal. Building it is a few queries, well inside the
 * 3 s a trigger id lives.
 */
export async function openSupporterRequests(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  await client.views.open({
    trigger_id: body.trigger_id,
    view: supporterRequestsModal(await supporterRequestsList(deps, teamOf(body))),
  });
}

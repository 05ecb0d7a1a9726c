import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { answerOutOfDate, showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { ActionArgs } from '../feature.ts';
import { endedNotice } from '../mentorships/ended-notice.ts';
import { roleFor } from './access.ts';
import { loadProgress } from './load.ts';
import { PROGRESS_REFUSAL, type ProgressRole } from './rules.ts';
import { OpenProgressValue } from './values.ts';
import { progressModal } from './views.ts';

/** A supporter looking at the page has seen the mentee's open calls for help. */
async function acknowledgeIfSupporter(
  deps: Deps,
  teamId: string,
  menteeId: string,
  viewerId: string,
  role: ProgressRole,
): Promise<void> {
  if (role === 'supporter') await deps.storage.helpRequests.acknowledgeOpen(teamId, menteeId, viewerId, deps.now());
}

/** `/mentor progress [@mentee]`: opens the page, one's own by default. */
export async function openProgressCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const target = ctx.args[0] ? mentionOrHint(ctx.args[0], '/mentor progress @mia') : { userId: ctx.userId };
  if ('error' in target) {
    await ctx.reply(target.error);
    return;
  }
  await ctx.ack();
  const role = await roleFor(deps, ctx.teamId, ctx.userId, target.userId);
  if (!role) {
    await ctx.reply(PROGRESS_REFUSAL);
    return;
  }
  const data = await loadProgress(deps, ctx.teamId, target.userId, ctx.userId, role);
  await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: progressModal(data) });
  await acknowledgeIfSupporter(deps, ctx.teamId, target.userId, ctx.userId, role);
}

/** "Open progress page" from a DM, Home or a list: opened, or pushed over the modal it came from. */
export async function openProgressPage(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  const menteeId = readValue(OpenProgressValue, action.value);
  if (menteeId === undefined) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const role = await roleFor(deps, teamId, body.user.id, menteeId);
  if (!role) {
    // A former supporter's old DM: say the mentorship ended rather than refuse.
    const ended = await deps.storage.mentorships.lastEnded(teamId, body.user.id, menteeId);
    await tellClicker(
      args,
      ended?.supporterId === body.user.id ? endedNotice(ended, body.user.id, deps.now()) : PROGRESS_REFUSAL,
    );
    return;
  }
  await showModal(client, body, progressModal(await loadProgress(deps, teamId, menteeId, body.user.id, role)));
  await acknowledgeIfSupporter(deps, teamId, menteeId, body.user.id, role);
}

import type { BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { teamOf } from '../../slack/team.ts';
import type { ActionArgs } from '../feature.ts';
import { loadTrends } from '../trends/load.ts';
import { trendBlocks } from '../trends/views.ts';
import { LEAVERS_DAYS, loadingModal, type ReportSettings, reportModal } from './views.ts';

/** Rows per list in the report modal; the CSV export has the rest. */
const REPORT_LIST_LIMIT = 15;

const settings = (deps: Deps): ReportSettings => ({
  now: deps.now(),
  intervalDays: deps.config.feedback.intervalDays,
  maxMenteesPerSupporter: deps.config.maxMenteesPerSupporter,
});

/** Opens a placeholder at once (the trigger id lives 3 s), then fills it with the report. */
async function showReport(deps: Deps, client: WebClient, teamId: string, triggerId: string): Promise<void> {
  const opened = await client.views.open({ trigger_id: triggerId, view: loadingModal() });
  const s = settings(deps);
  const [data, over, left] = await Promise.all([
    deps.storage.overview.report(teamId, { ...s, limit: REPORT_LIST_LIMIT }),
    loadTrends(deps, teamId),
    deps.storage.people.leftSince(teamId, new Date(s.now.getTime() - LEAVERS_DAYS * 86_400_000), 500),
  ]);
  const view = reportModal(data, s, { total: left.length, items: left.slice(0, REPORT_LIST_LIMIT) });
  await client.views.update({
    view_id: opened.view!.id!,
    view: { ...view, blocks: [...view.blocks, ...trendBlocks(over.trends, over.months, null)] },
  });
}

/** `/mentor admin report`. */
export async function openReportCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  await ctx.ack();
  await showReport(deps, ctx.raw.client, ctx.teamId, ctx.triggerId);
}

/** "Mentorships report" on an admin's Home, or in a DM to the admins. */
export async function openReportFromButton(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  await showReport(deps, client, teamOf(body), body.trigger_id);
}

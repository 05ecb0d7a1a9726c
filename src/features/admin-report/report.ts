import type { BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { teamOf } from '../../slack/team.ts';
import type { ProgrammeScope } from '../../storage/programme-scope.ts';
import type { Programme } from '../../storage/programmes.ts';
import type { ActionArgs } from '../feature.ts';
import { describeScope, scopeFor, scopeNamed } from '../oversight/scope.ts';
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

/**
 * Opens a placeholder at once (the trigger id lives 3 s), then fills it with the report of the
 * programmes in scope. Who left the workspace is the whole workspace's news: admins' only.
 */
async function showReport(
  deps: Deps,
  client: WebClient,
  at: { teamId: string; triggerId: string },
  scope: ProgrammeScope,
  programme?: Programme,
): Promise<void> {
  const { teamId } = at;
  const opened = await client.views.open({ trigger_id: at.triggerId, view: loadingModal() });
  const s = settings(deps);
  const since = new Date(s.now.getTime() - LEAVERS_DAYS * 86_400_000);
  const [data, over, left, only] = await Promise.all([
    deps.storage.overview.report(teamId, { ...s, limit: REPORT_LIST_LIMIT, programmes: scope }),
    loadTrends(deps, teamId, null, scope),
    scope === 'all' ? deps.storage.people.leftSince(teamId, since, 500) : Promise.resolve([]),
    describeScope(deps, teamId, scope, programme),
  ]);
  const view = reportModal(data, s, { total: left.length, items: left.slice(0, REPORT_LIST_LIMIT) }, only);
  await client.views.update({
    view_id: opened.view!.id!,
    view: { ...view, blocks: [...view.blocks, ...trendBlocks(over.trends, over.months, null)] },
  });
}

/** `/mentor admin report [programme]`: the whole workspace, or one programme when named. */
export async function openReportCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const named = await scopeNamed(deps, ctx.teamId, ctx.userId, 'oversight.report', ctx.rest);
  if ('error' in named) return ctx.reply(named.error);
  await ctx.ack();
  const at = { teamId: ctx.teamId, triggerId: ctx.triggerId };
  await showReport(deps, ctx.raw.client, at, named.scope, named.programme);
}

/** "Mentorships report" on an admin's Home, or in a DM to the admins. */
export async function openReportFromButton(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const teamId = teamOf(body);
  const scope = await scopeFor(deps, teamId, body.user.id, 'oversight.report');
  await showReport(deps, client, { teamId, triggerId: body.trigger_id }, scope);
}

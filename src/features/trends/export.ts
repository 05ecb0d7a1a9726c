import type { Deps } from '../../deps.ts';
import type { ProgrammeScope } from '../../storage/programme-scope.ts';
import { renderPng, trendChartSvg } from './chart.ts';
import { loadTrends } from './load.ts';
import { sinceFirstActivity } from './rules.ts';

/** The last 12 months as a PNG chart, for the CSV export's DM; none while nothing has happened. */
export async function trendChartPng(
  deps: Deps,
  teamId: string,
  scope: ProgrammeScope = 'all',
): Promise<Buffer | undefined> {
  const { trends } = await loadTrends(deps, teamId, null, scope);
  if (sinceFirstActivity(trends).length === 0) return undefined;
  return await renderPng(trendChartSvg(trends, 'All pairs'));
}

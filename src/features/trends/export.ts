import type { Deps } from '../../deps.ts';
import { renderPng, trendChartSvg } from './chart.ts';
import { loadTrends } from './load.ts';
import { sinceFirstActivity } from './rules.ts';

/** The last 12 months as a PNG chart, for the CSV export's DM; none while nothing has happened. */
export async function trendChartPng(deps: Deps, teamId: string): Promise<Buffer | undefined> {
  const { trends } = await loadTrends(deps, teamId);
  if (sinceFirstActivity(trends).length === 0) return undefined;
  return await renderPng(trendChartSvg(trends, 'All pairs'));
}

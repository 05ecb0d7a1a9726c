import type { Deps } from '../../deps.ts';
import { renderPng, trendChartSvg } from './chart.ts';
import { loadTrends } from './load.ts';

/** The last 12 months as a PNG chart, for the CSV export's DM. */
export async function trendChartPng(deps: Deps, teamId: string): Promise<Buffer> {
  const { trends } = await loadTrends(deps, teamId);
  return await renderPng(trendChartSvg(trends, 'All pairs'));
}

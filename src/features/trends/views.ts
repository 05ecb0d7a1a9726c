import type { KnownBlock, PlainTextOption } from '@slack/types';
import { context, divider, option, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { endedSummary, type MonthTrend, monthLabel, sinceFirstActivity, sparklineLines, trendTable } from './rules.ts';
import { cohortValue } from './values.ts';

/** Block ids of the trends part of the report: it is replaced in place when the cohort changes. */
export const TRENDS = { divider: 'trends_divider', head: 'trends_head' } as const;

const cohortOption = (month: string | null): PlainTextOption =>
  option(month === null ? 'All pairs' : `Assigned in ${monthLabel(month)}`, cohortValue(month));

/**
 * "Programme over time": sparklines, then the month-by-month table (code blocks keep the columns
 * straight), then why pairs ended, in aggregate only. Five blocks, each far under 3000 characters.
 */
export function trendBlocks(t: readonly MonthTrend[], months: readonly string[], cohort: string | null): KnownBlock[] {
  const who = cohort === null ? 'all pairs' : `pairs assigned in ${monthLabel(cohort)}`;
  const shown = sinceFirstActivity(t);
  const menu = {
    type: 'static_select' as const,
    action_id: ACTIONS.trendsCohort,
    placeholder: { type: 'plain_text' as const, text: 'Cohort' },
    options: [cohortOption(null), ...[...months].reverse().map(cohortOption)],
    initial_option: cohortOption(cohort),
  };
  // A new workspace has nothing to chart: one line instead of twelve rows of zeros. The menu stays
  // when a cohort is picked, so the way back to all pairs is there.
  if (shown.length === 0)
    return [
      { ...divider(), block_id: TRENDS.divider },
      section(`*Programme over time* · ${who}`, {
        blockId: TRENDS.head,
        ...(cohort === null ? {} : { accessory: menu }),
      }),
      context(
        cohort === null
          ? 'Trends show here from the first month a pair is active.'
          : `Nothing happened yet in the ${who}.`,
      ),
    ];
  return [
    { ...divider(), block_id: TRENDS.divider },
    section(`*Programme over time* · ${who}, last ${months.length} months`, { blockId: TRENDS.head, accessory: menu }),
    section(`\`\`\`\n${sparklineLines(t)}\n\`\`\``),
    section(`\`\`\`\n${trendTable(shown)}\n\`\`\``),
    context(
      `${endedSummary(t)} UTC months. Pairs: active at any time in the month. Accept: median days from assignment to acceptance. ` +
        'Resolve: median days to resolve the help requests opened that month. Score: average check-in answer, 1 to 5. ' +
        'The CSV export adds these as a chart.',
    ),
  ];
}

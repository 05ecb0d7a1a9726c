import { describe, expect, it } from 'vitest';
import {
  cohortFacts,
  endedSummary,
  endWhy,
  lastMonths,
  median,
  monthLabel,
  monthlyTrends,
  type PairFact,
  sparkline,
  type TrendFacts,
  trendTable,
} from '../../../src/features/trends/rules.ts';
import { trendBlocks } from '../../../src/features/trends/views.ts';
import { validateBlocks } from '../../harness/block-limits.ts';

const pair = (o: Partial<PairFact> & { id: number }): PairFact => ({
  supporterId: 'US',
  menteeId: `UM${o.id}`,
  createdAt: '2026-01-10T10:00:00.000Z',
  acceptedAt: '2026-01-10T10:00:00.000Z',
  notify: false,
  endedAt: null,
  endedBy: null,
  endedByLeaver: false,
  ...o,
});
const empty: TrendFacts = { pairs: [], reports: [], help: [], checkins: [] };

describe('lastMonths and monthLabel', () => {
  it.each([
    ['2026-11-23T10:00:00Z', 12, '2025-12', '2026-11'],
    ['2026-01-01T00:00:00Z', 12, '2025-02', '2026-01'],
    ['2026-03-31T23:59:59Z', 3, '2026-01', '2026-03'],
  ])('%s, %i months: %s to %s', (now, n, first, last) => {
    const months = lastMonths(new Date(now), n);
    expect(months).toHaveLength(n);
    expect(months[0]).toBe(first);
    expect(months.at(-1)).toBe(last);
    expect(new Set(months).size).toBe(n);
  });
  it('labels months so they cannot be read as a day ("Mar 26")', () => {
    expect(monthLabel('2026-03')).toBe('Mar 2026');
    expect(monthLabel('2025-12')).toBe('Dec 2025');
  });
});

describe('median', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[5, 1], 3],
    [[9, 1, 4], 4],
    [[1, 2, 3, 10], 2.5],
  ])('%j: %s', (xs, expected) => {
    expect(median(xs)).toBe(expected);
  });
});

describe('sparkline: five steps ▁▂▃▅▇, from the floor to the highest', () => {
  it.each([
    [[0, 1, 2, 3, 4], 0, '▁▂▃▅▇'],
    [[0, 0, 0], 0, '▁▁▁'],
    [[5, 5], 0, '▇▇'],
    [[2, null, 8], 0, '▂·▇'],
    [[1, 3, 5], 1, '▁▃▇'],
    [[null, null], 0, '··'],
    [[10, 0, 5, 2], 0, '▇▁▃▂'],
  ])('%j from %i: %s', (values, lo, expected) => {
    expect(sparkline(values, lo)).toBe(expected);
  });
});

describe('endWhy', () => {
  it.each([
    [{ endedBy: 'UM1' }, 'mentee'],
    [{ endedBy: 'US' }, 'supporter'],
    [{ endedBy: 'UADMIN' }, 'admin'],
    [{ endedBy: 'UM1', endedByLeaver: true }, 'left'],
  ] as const)('%j: %s', (o, expected) => {
    expect(endWhy(pair({ id: 1, ...o }))).toBe(expected);
  });
});

describe('monthlyTrends: each figure', () => {
  const months = ['2026-01', '2026-02', '2026-03'];
  it.each<[string, TrendFacts, (keyof ReturnType<typeof monthlyTrends>[number])[], unknown[][]]>([
    [
      'active at any time in the month: accepted before its end, not ended before its start',
      {
        ...empty,
        pairs: [
          pair({ id: 1, acceptedAt: '2026-01-31T23:59:59.000Z' }),
          pair({ id: 2, acceptedAt: '2026-02-01T00:00:00.000Z', endedAt: '2026-02-01T00:00:00.000Z' }),
          pair({ id: 3, acceptedAt: null }), // still pending
          pair({ id: 4, acceptedAt: '2025-06-01T00:00:00.000Z', endedAt: '2026-01-31T10:00:00.000Z' }),
        ],
      },
      ['activePairs', 'ended'],
      [
        [2, 1],
        [2, 1],
        [1, 0],
      ],
    ],
    [
      'meetings by the day they met',
      {
        ...empty,
        reports: [
          { mentorshipId: 1, metOn: '2026-01-31' },
          { mentorshipId: 1, metOn: '2026-02-01' },
          { mentorshipId: 2, metOn: '2026-02-28' },
        ],
      },
      ['meetings'],
      [[1], [2], [0]],
    ],
    [
      'median days to accept: only pairs that had to be accepted, by the month they were',
      {
        ...empty,
        pairs: [
          pair({ id: 1, notify: true, createdAt: '2026-01-01T00:00:00.000Z', acceptedAt: '2026-01-02T00:00:00.000Z' }),
          pair({ id: 2, notify: true, createdAt: '2026-01-01T00:00:00.000Z', acceptedAt: '2026-01-04T12:00:00.000Z' }),
          pair({ id: 3, notify: false, createdAt: '2026-01-05T00:00:00.000Z', acceptedAt: '2026-01-05T00:00:00.000Z' }),
          pair({ id: 4, notify: true, createdAt: '2026-01-30T00:00:00.000Z', acceptedAt: '2026-02-09T00:00:00.000Z' }),
        ],
      },
      ['medianDaysToAccept'],
      [[2.3], [10], [null]],
    ],
    [
      'help requests by the month opened, and the median days to resolve those resolved',
      {
        ...empty,
        help: [
          { menteeId: 'UM1', openedAt: '2026-01-10T00:00:00.000Z', resolvedAt: '2026-01-11T00:00:00.000Z' },
          { menteeId: 'UM2', openedAt: '2026-01-20T00:00:00.000Z', resolvedAt: '2026-02-02T00:00:00.000Z' },
          { menteeId: 'UM3', openedAt: '2026-01-25T00:00:00.000Z', resolvedAt: '2026-01-30T00:00:00.000Z' },
          { menteeId: 'UM3', openedAt: '2026-02-25T00:00:00.000Z', resolvedAt: null },
        ],
      },
      ['helpRequests', 'medianDaysToResolve'],
      [
        [3, 5],
        [1, null],
        [0, null],
      ],
    ],
    [
      'check-in scores averaged by the month answered',
      {
        ...empty,
        checkins: [
          { mentorshipId: 1, score: 5, answeredAt: '2026-01-03T00:00:00.000Z' },
          { mentorshipId: 2, score: 2, answeredAt: '2026-01-09T00:00:00.000Z' },
          { mentorshipId: 2, score: 4, answeredAt: '2026-03-09T00:00:00.000Z' },
        ],
      },
      ['checkinScore', 'checkins'],
      [
        [3.5, 2],
        [null, 0],
        [4, 1],
      ],
    ],
  ])('%s', (_, facts, keys, expected) => {
    const t = monthlyTrends(facts, months);
    expect(t.map((m) => keys.map((k) => m[k]))).toEqual(expected);
  });

  it('counts why pairs ended, and sums them in words', () => {
    const t = monthlyTrends(
      {
        ...empty,
        pairs: [
          pair({ id: 1, endedAt: '2026-01-05T00:00:00.000Z', endedBy: 'UM1' }),
          pair({ id: 2, endedAt: '2026-02-05T00:00:00.000Z', endedBy: 'UM2' }),
          pair({ id: 3, endedAt: '2026-02-06T00:00:00.000Z', endedBy: 'UADMIN' }),
          pair({ id: 4, endedAt: '2026-03-06T00:00:00.000Z', endedBy: 'US', endedByLeaver: true }),
        ],
      },
      months,
    );
    expect(t.map((m) => m.endedWhy)).toEqual([
      { mentee: 1, supporter: 0, admin: 0, left: 0 },
      { mentee: 1, supporter: 0, admin: 1, left: 0 },
      { mentee: 0, supporter: 0, admin: 0, left: 1 },
    ]);
    expect(endedSummary(t)).toBe(
      '4 pairs ended: 2 by the mentee, 1 by an admin, 1 because someone left the workspace.',
    );
    expect(endedSummary(monthlyTrends(empty, months))).toBe('No pair ended in these months.');
  });
});

describe('cohortFacts', () => {
  it("keeps the pairs assigned in the month, their reports and check-ins, and their mentees' help requests from then on", () => {
    const facts: TrendFacts = {
      pairs: [
        pair({ id: 1, createdAt: '2026-02-03T00:00:00.000Z' }),
        pair({ id: 2, createdAt: '2026-03-03T00:00:00.000Z' }),
      ],
      reports: [
        { mentorshipId: 1, metOn: '2026-02-10' },
        { mentorshipId: 2, metOn: '2026-03-10' },
      ],
      help: [
        { menteeId: 'UM1', openedAt: '2026-01-10T00:00:00.000Z', resolvedAt: null },
        { menteeId: 'UM1', openedAt: '2026-02-10T00:00:00.000Z', resolvedAt: null },
        { menteeId: 'UM2', openedAt: '2026-03-10T00:00:00.000Z', resolvedAt: null },
      ],
      checkins: [{ mentorshipId: 2, score: 3, answeredAt: '2026-03-11T00:00:00.000Z' }],
    };
    const c = cohortFacts(facts, '2026-02');
    expect(c.pairs.map((p) => p.id)).toEqual([1]);
    expect(c.reports).toEqual([facts.reports[0]]);
    expect(c.help).toEqual([facts.help[1]]);
    expect(c.checkins).toEqual([]);
  });
});

describe('the report section', () => {
  const months = lastMonths(new Date('2026-11-23T10:00:00Z'));
  const t = monthlyTrends(
    {
      ...empty,
      pairs: Array.from({ length: 40 }, (_, i) =>
        pair({
          id: i + 1,
          createdAt: `2026-0${(i % 9) + 1}-02T00:00:00.000Z`,
          acceptedAt: `2026-0${(i % 9) + 1}-03T00:00:00.000Z`,
        }),
      ),
    },
    months,
  );
  it('is a table a code block keeps straight', () => {
    const lines = trendTable(t).split('\n');
    expect(lines).toHaveLength(13);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[0]).toBe('Month    Pairs Meets Accept Help Resolve Score Ended');
    expect(lines[1]).toMatch(/^Dec 2025 +0 +0 +– +0 +– +– +0$/);
  });
  it('starts the table at the first month anything happened, and says so when nothing has', () => {
    const json = JSON.stringify(trendBlocks(t, months, null));
    expect(json).not.toContain('Dec 2025  ');
    expect(json).toContain('Jan 2026');
    const quiet = t.map((m) => ({
      ...m,
      activePairs: 0,
      meetings: 0,
      helpRequests: 0,
      checkins: 0,
      ended: 0,
    }));
    const empty = trendBlocks(quiet, months, null);
    expect(validateBlocks(empty, 'modal')).toEqual([]);
    expect(JSON.stringify(empty)).toContain('Trends show here from the first month a pair is active.');
    expect(JSON.stringify(empty)).not.toContain('```');
  });
  it('passes Block Kit limits in a modal, with a cohort menu of the 12 months', () => {
    const blocks = trendBlocks(t, months, '2026-03');
    expect(validateBlocks(blocks, 'modal')).toEqual([]);
    const json = JSON.stringify(blocks);
    expect(json).toContain('pairs assigned in Mar 2026');
    const menu = (blocks[1] as { accessory: { options: { value: string }[]; initial_option: { value: string } } })
      .accessory;
    expect(menu.options.map((o) => o.value)).toEqual(['all', ...[...months].reverse()]);
    expect(menu.initial_option.value).toBe('2026-03');
  });
});

/*
 * The programme over time: monthly figures for the last 12 months, from plain facts. Pure, so the
 * table tests pin each rule. Months are UTC calendar months ("2026-03"), like the rest of the report.
 */

import type { PairFactRow, TrendFactsRows } from '../../storage/trends.ts';

export type EndWhy = 'mentee' | 'supporter' | 'admin' | 'left';

/** One mentorship as the trends see it: the storage layer's row, read without comments or reasons. */
export type PairFact = PairFactRow;

/** The facts as stored, read-only here. */
export type TrendFacts = { readonly [K in keyof TrendFactsRows]: readonly TrendFactsRows[K][number][] };

export interface MonthTrend {
  month: string;
  /** Pairs active at any time in the month. */
  activePairs: number;
  meetings: number;
  /** Of pairs accepted this month that had to be accepted; days, one decimal. */
  medianDaysToAccept: number | null;
  /** Help requests opened this month. */
  helpRequests: number;
  /** Of this month's help requests that are resolved; days, one decimal. */
  medianDaysToResolve: number | null;
  /** Average check-in score (1-5) answered this month, one decimal; null with no answers. */
  checkinScore: number | null;
  checkins: number;
  ended: number;
  endedWhy: Record<EndWhy, number>;
}

const DAY_MS = 86_400_000;
const monthOf = (iso: string): string => iso.slice(0, 7);
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The `count` UTC months up to and including the one `now` is in, oldest first. */
export function lastMonths(now: Date, count = 12): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/** First instant of the month after `month`, as an ISO string (exclusive end). */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString();
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function endWhy(p: PairFact): EndWhy {
  if (p.endedByLeaver) return 'left';
  if (p.endedBy === p.menteeId) return 'mentee';
  if (p.endedBy === p.supporterId) return 'supporter';
  return 'admin';
}

/** Narrows the facts to one cohort: the pairs assigned in `startMonth`, and what concerns them. */
export function cohortFacts(f: TrendFacts, startMonth: string): TrendFacts {
  const pairs = f.pairs.filter((p) => monthOf(p.createdAt) === startMonth);
  const ids = new Set(pairs.map((p) => p.id));
  const mentees = new Set(pairs.map((p) => p.menteeId));
  const from = `${startMonth}-01`;
  return {
    pairs,
    reports: f.reports.filter((r) => ids.has(r.mentorshipId)),
    // Help requests are a mentee's, not a pair's: those of the cohort's mentees from its start on.
    help: f.help.filter((h) => mentees.has(h.menteeId) && h.openedAt >= from),
    checkins: f.checkins.filter((c) => ids.has(c.mentorshipId)),
  };
}

/** One row per month, oldest first. */
export function monthlyTrends(f: TrendFacts, months: readonly string[]): MonthTrend[] {
  return months.map((month) => {
    const start = `${month}-01T00:00:00.000Z`;
    const end = monthEnd(month);
    const active = f.pairs.filter(
      (p) => p.acceptedAt !== null && p.acceptedAt < end && (p.endedAt === null || p.endedAt >= start),
    );
    const accepted = f.pairs.filter((p) => p.notify && p.acceptedAt !== null && monthOf(p.acceptedAt) === month);
    const help = f.help.filter((h) => monthOf(h.openedAt) === month);
    const resolved = help.filter((h) => h.resolvedAt !== null);
    const scores = f.checkins.filter((c) => monthOf(c.answeredAt) === month).map((c) => c.score);
    const ended = f.pairs.filter((p) => p.endedAt !== null && monthOf(p.endedAt) === month);
    const endedWhy: Record<EndWhy, number> = { mentee: 0, supporter: 0, admin: 0, left: 0 };
    for (const p of ended) endedWhy[endWhy(p)]++;
    const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;
    const acceptMedian = median(accepted.map((p) => days(p.createdAt, p.acceptedAt!)));
    const resolveMedian = median(resolved.map((h) => days(h.openedAt, h.resolvedAt!)));
    return {
      month,
      activePairs: active.length,
      meetings: f.reports.filter((r) => monthOf(r.metOn) === month).length,
      medianDaysToAccept: acceptMedian === null ? null : round1(acceptMedian),
      helpRequests: help.length,
      medianDaysToResolve: resolveMedian === null ? null : round1(resolveMedian),
      checkinScore: scores.length ? round1(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
      checkins: scores.length,
      ended: ended.length,
      endedWhy,
    };
  });
}

const BARS = ['▁', '▂', '▃', '▅', '▇'] as const;

/**
 * One character per value on the five-step scale ▁▂▃▅▇, from `lo` (default 0, so counts are not
 * exaggerated) to the highest value; a month with no figure is a middle dot.
 */
export function sparkline(values: readonly (number | null)[], lo = 0): string {
  const present = values.filter((v): v is number => v !== null);
  const hi = Math.max(lo, ...present);
  return values
    .map((v) => {
      if (v === null) return '·';
      if (hi === lo) return BARS[0];
      const step = Math.round(((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * (BARS.length - 1));
      return BARS[step];
    })
    .join('');
}

export interface Series {
  label: string;
  values: (number | null)[];
  lo: number;
  unit?: string;
}

/** The seven figures as series, in the order the report and the chart show them. */
export function trendSeries(t: readonly MonthTrend[]): Series[] {
  return [
    { label: 'Active pairs', values: t.map((m) => m.activePairs), lo: 0 },
    { label: 'Meetings reported', values: t.map((m) => m.meetings), lo: 0 },
    { label: 'Median days to accept', values: t.map((m) => m.medianDaysToAccept), lo: 0, unit: 'd' },
    { label: 'Help requests', values: t.map((m) => m.helpRequests), lo: 0 },
    { label: 'Median days to resolve', values: t.map((m) => m.medianDaysToResolve), lo: 0, unit: 'd' },
    { label: 'Check-in score (1-5)', values: t.map((m) => m.checkinScore), lo: 1 },
    { label: 'Pairs ended', values: t.map((m) => m.ended), lo: 0 },
  ];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "Mar 2026" for "2026-03": a month, never mistaken for a day ("Mar 26"). */
export const monthLabel = (month: string): string => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** Whether anything happened in the month: a pair, a meeting, a help request, a check-in or an ending. */
const active = (m: MonthTrend): boolean => m.activePairs + m.meetings + m.helpRequests + m.checkins + m.ended > 0;

/** The months from the first one in which anything happened: a table starts there, not with rows of zeros. */
export const sinceFirstActivity = (t: readonly MonthTrend[]): MonthTrend[] => {
  const first = t.findIndex(active);
  return first < 0 ? [] : t.slice(first);
};

const fmt = (v: number | null, unit = ''): string => (v === null ? '–' : `${v}${unit}`);

/** Each series on one line: its name, the sparkline, and this month's figure. */
export function sparklineLines(t: readonly MonthTrend[]): string {
  return trendSeries(t)
    .map((s) => `${s.label.padEnd(23)} ${sparkline(s.values, s.lo)}  ${fmt(s.values.at(-1) ?? null, s.unit)}`)
    .join('\n');
}

/** The month-by-month table, fixed width for a code block. */
export function trendTable(t: readonly MonthTrend[]): string {
  const head = ['Month   ', 'Pairs', 'Meets', 'Accept', 'Help', 'Resolve', 'Score', 'Ended'];
  const widths = head.map((h) => h.length);
  const rows = t.map((m) => [
    monthLabel(m.month),
    String(m.activePairs),
    String(m.meetings),
    fmt(m.medianDaysToAccept, 'd'),
    String(m.helpRequests),
    fmt(m.medianDaysToResolve, 'd'),
    fmt(m.checkinScore),
    String(m.ended),
  ]);
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  return [line(head), ...rows.map(line)].join('\n');
}

/** "Why pairs ended, 12 months: 4 by the mentee, 2 by the supporter, 1 by an admin, 1 someone left." */
export function endedSummary(t: readonly MonthTrend[]): string {
  const sum: Record<EndWhy, number> = { mentee: 0, supporter: 0, admin: 0, left: 0 };
  for (const m of t) for (const k of Object.keys(sum) as EndWhy[]) sum[k] += m.endedWhy[k];
  const total = sum.mentee + sum.supporter + sum.admin + sum.left;
  if (total === 0) return 'No pair ended in these months.';
  const parts = [
    sum.mentee ? `${sum.mentee} by the mentee` : '',
    sum.supporter ? `${sum.supporter} by the supporter` : '',
    sum.admin ? `${sum.admin} by an admin` : '',
    sum.left ? `${sum.left} because someone left the workspace` : '',
  ].filter(Boolean);
  return `${total} pair${total === 1 ? '' : 's'} ended: ${parts.join(', ')}.`;
}

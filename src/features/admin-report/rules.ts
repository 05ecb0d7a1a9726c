import { daysBetween } from '../../calendar/dates.ts';
import { reportDue } from '../../calendar/report-due.ts';
import type { ReportData } from '../../storage/overview.ts';

/** Whole UTC calendar days from an instant to now: the ages the report shows. */
export const daysSince = (iso: string, now: Date): number =>
  Math.max(0, daysBetween(iso.slice(0, 10), now.toISOString().slice(0, 10)));

/** Days a meeting report is overdue, counted in UTC days for the programme-wide report and export. */
export const overdueDays = (feedbackFrom: string | null, now: Date, intervalDays: number): number =>
  reportDue(feedbackFrom, now, { intervalDays, remindBeforeDays: 0 }, null).daysOverdue;

/** DESIGN.md: a supporter is flagged above MAX_MENTEES_PER_SUPPORTER active mentees. */
export const overCapacity = (active: number, max: number): boolean => active > max;

export type UrgentItem =
  | { kind: 'help'; menteeId: string; topicName: string | null; days: number }
  | { kind: 'supporter-request'; menteeId: string; topicName: string | null; days: number; help: boolean }
  | { kind: 'overdue'; supporterId: string; menteeId: string; topicName: string | null; days: number }
  | { kind: 'pending'; supporterId: string; menteeId: string; topicName: string | null; days: number };

/**
 * The few things an admin should look at first. Someone asking for help now comes before someone
 * with no supporter at all, then late meeting reports, then assignments nobody has accepted; within
 * each kind the longest wait first (the lists arrive oldest first).
 */
export function mostUrgent(
  data: Pick<ReportData, 'helpRequests' | 'supporterRequests' | 'overdue' | 'stalePending'>,
  now: Date,
  intervalDays: number,
  limit = 5,
): UrgentItem[] {
  const items: UrgentItem[] = [
    ...data.helpRequests.items.map((f) => ({
      kind: 'help' as const,
      menteeId: f.menteeId,
      topicName: f.topicName,
      days: daysSince(f.openedAt, now),
    })),
    ...data.supporterRequests.items.map((w) => ({
      kind: 'supporter-request' as const,
      menteeId: w.menteeId,
      topicName: w.topicName,
      days: daysSince(w.createdAt, now),
      help: Boolean(w.helpAskedAt),
    })),
    ...data.overdue.items.map((o) => ({
      kind: 'overdue' as const,
      supporterId: o.supporterId,
      menteeId: o.menteeId,
      topicName: o.topicName,
      days: overdueDays(o.since, now, o.reportEveryDays ?? intervalDays),
    })),
    ...data.stalePending.items.map((p) => ({
      kind: 'pending' as const,
      supporterId: p.supporterId,
      menteeId: p.menteeId,
      topicName: p.topicName,
      days: daysSince(p.since, now),
    })),
  ];
  return items.slice(0, limit);
}

/** "1 day", "3 days". */
export const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

import { addDays, daysBetween, localDay } from './dates.ts';

/**
 * DESIGN.md "Feedback rule": an active mentorship is due a meeting report every
 * FEEDBACK_INTERVAL_DAYS from the later of its acceptance and its last report, and overdue the
 * day after. Days are counted in the supporter's time zone.
 */
export interface ReportRhythm {
  intervalDays: number;
  remindBeforeDays: number;
}

export type ReportDueState = 'not_started' | 'ok' | 'due_soon' | 'due_today' | 'overdue';

export interface ReportDue {
  state: ReportDueState;
  /** The day the next report is due, or null before the mentorship is active. */
  dueOn: string | null;
  /** Days until due (negative once overdue). */
  daysUntilDue: number | null;
  daysOverdue: number;
}

export function reportDue(
  feedbackFrom: string | null,
  now: Date,
  settings: ReportRhythm,
  timeZone?: string | null,
): ReportDue {
  if (!feedbackFrom) return { state: 'not_started', dueOn: null, daysUntilDue: null, daysOverdue: 0 };
  const dueOn = addDays(localDay(feedbackFrom, timeZone), settings.intervalDays);
  const today = localDay(now, timeZone);
  const daysUntilDue = daysBetween(today, dueOn);
  const state: ReportDueState =
    daysUntilDue < 0
      ? 'overdue'
      : daysUntilDue === 0
        ? 'due_today'
        : daysUntilDue <= settings.remindBeforeDays
          ? 'due_soon'
          : 'ok';
  return { state, dueOn, daysUntilDue, daysOverdue: Math.max(0, -daysUntilDue) };
}

/** "overdue 11 days", "due today", "due in 9 days": the badge used on Home, reminders and the report. */
export function reportDueBadge(status: ReportDue): string {
  switch (status.state) {
    case 'not_started':
      return 'not started';
    case 'overdue':
      return `overdue ${status.daysOverdue} day${status.daysOverdue === 1 ? '' : 's'}`;
    case 'due_today':
      return 'due today';
    default:
      return `due in ${status.daysUntilDue} day${status.daysUntilDue === 1 ? '' : 's'}`;
  }
}

import { daysBetween, localDay } from '../../calendar/dates.ts';
import { type ReportDue, reportDue } from '../../calendar/report-due.ts';
import type { ReminderHistory } from '../../storage/reminders.ts';
import { SWEEP_LEASE_MS } from '../../sweep/lease.ts';

export interface ReminderSettings {
  intervalDays: number;
  remindBeforeDays: number;
  repeatDays: number;
}

export interface ReminderDecision {
  kind: 'due' | 'overdue';
  dueOn: string;
  sequence: number;
  status: ReportDue;
}

/** Outcomes after which a reminder counts as delivered (or given up on) for spacing the next one. */
const DONE = new Set(['sent', 'unreachable', 'failed']);

/**
 * DESIGN.md "Feedback rule", for one mentorship at one instant (working hours are checked by the
 * caller): one reminder when the report is due soon or today, one the first day it is overdue,
 * then one every `repeatDays` while it stays overdue. A snooze holds reminders back until it ends,
 * and its end brings the next one. A reminder still pending from a failed send is retried as is;
 * one whose send was interrupted (`sending`) is never sent again: while its sweep may still be
 * running it holds everything back, and after the lease it counts as SENT at its claim time. We
 * cannot tell whether Slack got the DM; counting it sent may lose that one DM, counting it failed
 * could send it twice, and the weekly repeat comes either way.
 */
export function decideReminder(
  m: { feedbackFrom: string; snoozedUntil: string | null },
  history: readonly ReminderHistory[],
  now: Date,
  settings: ReminderSettings,
  timeZone: string | null,
): ReminderDecision | undefined {
  const status = reportDue(m.feedbackFrom, now, settings, timeZone);
  if (status.state === 'not_started' || status.state === 'ok' || !status.dueOn) return undefined;
  const snoozedUntil = m.snoozedUntil ? Date.parse(m.snoozedUntil) : undefined;
  if (snoozedUntil !== undefined && snoozedUntil > now.getTime()) return undefined;
  const kind = status.state === 'overdue' ? 'overdue' : 'due';
  const dueOn = status.dueOn;
  const rows = history.filter((h) => h.dueOn === dueOn && h.kind === kind).sort((a, b) => a.sequence - b.sequence);
  const last = rows.at(-1);
  if (!last) return { kind, dueOn, sequence: 0, status };
  if (last.status === 'pending') return { kind, dueOn, sequence: last.sequence, status };
  const stale = (h: ReminderHistory) => h.status === 'sending' && now.getTime() - Date.parse(h.at) >= SWEEP_LEASE_MS;
  if (last.status === 'sending' && !stale(last)) return undefined;
  const next = { kind, dueOn, sequence: last.sequence + 1, status } as const;
  const delivered = rows.filter((h) => DONE.has(h.status) || stale(h));
  // Only cancelled ones so far (a report or snooze came in between): this one is still owed.
  if (delivered.length === 0) return next;
  const lastAt = delivered
    .map((h) => h.at)
    .sort()
    .at(-1)!;
  const snoozeEnded = snoozedUntil !== undefined && snoozedUntil > Date.parse(lastAt);
  if (snoozeEnded) return next;
  if (kind === 'overdue' && daysBetween(localDay(lastAt, timeZone), localDay(now, timeZone)) >= settings.repeatDays)
    return next;
  return undefined;
}

/** Admins hear about a pair once it has been overdue this many days. */
export const isEscalated = (status: ReportDue, escalateAfterDays: number): boolean =>
  status.state === 'overdue' && status.daysOverdue >= escalateAfterDays;

/** "due 3 days ago", "due yesterday", "due today", "due in 2 days". */
export function dueWording(status: ReportDue): string {
  const d = status.daysUntilDue ?? 0;
  if (d === 0) return 'due today';
  if (d === 1) return 'due tomorrow';
  if (d === -1) return 'due yesterday';
  return d > 0 ? `due in ${d} days` : `due ${-d} days ago`;
}

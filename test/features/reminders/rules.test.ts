import { describe, expect, it } from 'vitest';
import { isWorkingTime, workingHoursBetween } from '../../../src/calendar/dates.ts';
import { decideReminder } from '../../../src/features/reminders/rules.ts';
import type { ReminderHistory } from '../../../src/storage/reminders.ts';

const settings = { intervalDays: 30, remindBeforeDays: 3, repeatDays: 7 };
const m = { feedbackFrom: '2026-10-01T10:00:00Z', snoozedUntil: null as string | null }; // due 31 Oct
const row = (
  kind: 'due' | 'overdue',
  sequence: number,
  status: ReminderHistory['status'],
  at: string,
): ReminderHistory => ({
  mentorshipId: 1,
  dueOn: '2026-10-31',
  kind,
  sequence,
  status,
  at,
});

describe('which reminder is owed', () => {
  it.each([
    ['too early', '2026-10-27T10:00:00Z', [], undefined],
    ['due soon, nothing sent', '2026-10-28T10:00:00Z', [], ['due', 0]],
    [
      'due today, due-soon already sent',
      '2026-10-31T10:00:00Z',
      [row('due', 0, 'sent', '2026-10-28T10:00:00Z')],
      undefined,
    ],
    ['first overdue day', '2026-11-01T10:00:00Z', [row('due', 0, 'sent', '2026-10-28T10:00:00Z')], ['overdue', 0]],
    [
      '6 days after the overdue one',
      '2026-11-07T10:00:00Z',
      [row('overdue', 0, 'sent', '2026-11-01T10:00:00Z')],
      undefined,
    ],
    [
      '7 days after the overdue one',
      '2026-11-08T10:00:00Z',
      [row('overdue', 0, 'sent', '2026-11-01T10:00:00Z')],
      ['overdue', 1],
    ],
    [
      'a failed send still pending',
      '2026-11-02T10:00:00Z',
      [row('overdue', 0, 'pending', '2026-11-01T10:00:00Z')],
      ['overdue', 0],
    ],
    [
      'a send still in flight (claimed a minute ago)',
      '2026-11-01T10:01:00Z',
      [row('overdue', 0, 'sending', '2026-11-01T10:00:00Z')],
      undefined,
    ],
    [
      'a send interrupted by a crash counts as sent: not resent the next day',
      '2026-11-02T10:00:00Z',
      [row('overdue', 0, 'sending', '2026-11-01T10:00:00Z')],
      undefined,
    ],
    [
      'a send interrupted by a crash counts as sent: the weekly repeat still comes',
      '2026-11-08T10:00:00Z',
      [row('overdue', 0, 'sending', '2026-11-01T10:00:00Z')],
      ['overdue', 1],
    ],
    ['after catching up from downtime, one not many', '2026-11-20T10:00:00Z', [], ['overdue', 0]],
  ] as const)('%s', (_name, now, history, expected) => {
    const d = decideReminder(m, history, new Date(now), settings, 'Europe/London');
    expect(d ? [d.kind, d.sequence] : undefined).toEqual(expected);
  });

  it('holds reminders while snoozed and sends one when the snooze ends', () => {
    const sent = [row('overdue', 0, 'sent', '2026-11-02T10:00:00Z')];
    const snoozed = { ...m, snoozedUntil: '2026-11-05T10:00:00Z' };
    expect(decideReminder(snoozed, [], new Date('2026-11-04T10:00:00Z'), settings, null)).toBeUndefined();
    expect(decideReminder(snoozed, sent, new Date('2026-11-05T10:00:00Z'), settings, null)?.sequence).toBe(1);
  });
});

describe('working hours', () => {
  it.each([
    ['2026-11-23T09:00:00Z', 'Europe/London', true],
    ['2026-11-23T17:00:00Z', 'Europe/London', false],
    ['2026-11-22T12:00:00Z', 'Europe/London', false], // Sunday
    ['2026-11-22T21:00:00Z', 'Pacific/Auckland', true], // Monday 10:00 NZDT
    ['2026-11-23T21:00:00Z', 'Pacific/Pago_Pago', true], // Monday 10:00
    ['2026-11-23T08:30:00Z', 'Asia/Kolkata', true], // 14:00 IST, a half-hour zone
  ] as const)('%s in %s is working time: %s', (at, tz, yes) => {
    expect(isWorkingTime(new Date(at), tz)).toBe(yes);
  });

  it('counts working hours across a weekend and a DST change', () => {
    // Friday 16:00 to Monday 10:00 in London = 1 + 1 hours.
    expect(
      workingHoursBetween(new Date('2026-11-20T16:00:00Z'), new Date('2026-11-23T10:00:00Z'), 'Europe/London'),
    ).toBe(2);
    // London clocks go forward on Sunday 29 March 2026: Monday 09:00 BST is 08:00Z.
    expect(
      workingHoursBetween(new Date('2026-03-27T16:00:00Z'), new Date('2026-03-30T09:00:00Z'), 'Europe/London'),
    ).toBe(2);
    expect(
      workingHoursBetween(new Date('2026-11-23T09:00:00Z'), new Date('2026-12-23T09:00:00Z'), 'Europe/London', 48),
    ).toBe(48);
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDay, localDay } from '../../src/calendar/dates.ts';
import { reportDue, reportDueBadge } from '../../src/calendar/report-due.ts';

const settings = { intervalDays: 30, remindBeforeDays: 3 };

describe('calendar days', () => {
  it.each([
    ['2026-11-23T23:30:00Z', 'UTC', '2026-11-23'],
    ['2026-11-23T23:30:00Z', 'Pacific/Auckland', '2026-11-24'],
    ['2026-11-23T05:00:00Z', 'Pacific/Pago_Pago', '2026-11-22'],
    ['2026-11-23T05:00:00Z', 'Not/AZone', '2026-11-23'],
  ])('%s in %s is %s', (instant, zone, day) => {
    expect(localDay(instant, zone)).toBe(day);
  });

  it('adds days across month and leap-year ends', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-02-28')).toBe(true);
  });
});

describe('feedback rule', () => {
  const accepted = '2026-10-01T10:00:00Z';
  it.each([
    ['2026-10-20T10:00:00Z', 'ok', '2026-10-31', 11],
    ['2026-10-28T10:00:00Z', 'due_soon', '2026-10-31', 3],
    ['2026-10-31T10:00:00Z', 'due_today', '2026-10-31', 0],
    ['2026-11-01T10:00:00Z', 'overdue', '2026-10-31', -1],
  ])('at %s the mentorship is %s', (now, state, dueOn, until) => {
    const s = reportDue(accepted, new Date(now), settings);
    expect(s).toMatchObject({ state, dueOn, daysUntilDue: until, daysOverdue: Math.max(0, -until) });
  });

  it("counts days in the supporter's time zone", () => {
    // 23:30 UTC on the due day is already the next day in Auckland.
    expect(reportDue(accepted, new Date('2026-10-31T12:30:00Z'), settings, 'Pacific/Auckland').state).toBe('overdue');
    expect(reportDue(accepted, new Date('2026-10-31T12:30:00Z'), settings, 'America/Los_Angeles').state).toBe(
      'due_today',
    );
  });

  it('has nothing due before the mentorship is accepted', () => {
    expect(reportDue(null, new Date(), settings).state).toBe('not_started');
  });

  it('words the badge', () => {
    expect(reportDueBadge(reportDue(accepted, new Date('2026-11-11T10:00:00Z'), settings))).toBe('overdue 11 days');
    expect(reportDueBadge(reportDue(accepted, new Date('2026-10-30T10:00:00Z'), settings))).toBe('due in 1 day');
  });
});

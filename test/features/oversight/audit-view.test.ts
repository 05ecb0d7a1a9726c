import { describe, expect, it } from 'vitest';
import { auditCsvLine, auditModal } from '../../../src/features/oversight/oversight.ts';

const now = new Date('2026-11-23T10:00:00.000Z');
const rows = [
  {
    id: 2,
    actorId: 'USAM',
    action: 'reminder.snoozed',
    subjectType: 'mentorship',
    subjectId: 4,
    detail: { until: '2026-11-26T10:00:00.000Z' },
    at: '2026-11-23T09:41:00.000Z',
  },
  {
    id: 1,
    actorId: 'UMIA',
    action: 'goal.create',
    subjectType: 'goal',
    subjectId: 9,
    detail: { title: 'SQL', targetOn: '2027-01-31' },
    at: '2025-12-01T08:00:00.000Z',
  },
];

describe('the audit log', () => {
  it('writes its dates as every other view does, in details too', () => {
    const text = JSON.stringify(auditModal(rows, 2, now).blocks);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).toContain('`23 Nov 09:41 UTC`');
    expect(text).toContain('until=26 Nov 10:00 UTC');
    expect(text).toContain('targetOn=31 Jan 2027');
    expect(text).toContain('`1 Dec 2025 08:00 UTC`');
  });

  it('keeps ISO dates in its CSV, for machines', () => {
    expect(auditCsvLine(rows[0]!)).toContain('2026-11-23T09:41:00.000Z');
    expect(auditCsvLine(rows[0]!)).toContain('until=2026-11-26T10:00:00.000Z');
  });
});

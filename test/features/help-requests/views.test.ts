import { describe, expect, it } from 'vitest';
import { alertDm, resolvedAlertDm } from '../../../src/features/help-requests/views.ts';

const request = {
  id: 7,
  teamId: 'T1',
  menteeId: 'UMIA',
  topicId: null,
  topicName: null,
  note: null,
  openedAt: '2026-11-23T23:30:00.000Z',
  resolvedAt: '2027-01-02T08:05:00.000Z',
  resolvedBy: 'USAM',
  closedReason: null,
};
const now = new Date('2026-11-24T09:00:00.000Z');
const token = (iso: string) => `<!date^${Date.parse(iso) / 1000}^{time}|`;

describe("the life ring DM says when, as every Lifering date reads, on the reader's calendar", () => {
  it.each([
    ['Europe/London', `asked 23 Nov at ${token(request.openedAt)}23:30>`],
    ['Asia/Tokyo', `asked 24 Nov at ${token(request.openedAt)}08:30>`],
    [null, `asked 23 Nov at ${token(request.openedAt)}23:30>`],
  ])('in %s', (tz, expected) => {
    expect(JSON.stringify(alertDm(request, undefined, now, tz).blocks)).toContain(expected);
  });

  it('gives the year of a day in another year', () => {
    expect(JSON.stringify(resolvedAlertDm(request, now, 'Europe/London').blocks)).toContain(
      `resolved 2 Jan 2027 at ${token(request.resolvedAt)}08:05>`,
    );
  });
});

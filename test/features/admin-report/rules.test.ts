import { describe, expect, it } from 'vitest';
import { csvField, csvLine, EXPORT_HEADER, exportFields } from '../../../src/features/admin-report/csv.ts';
import { daysSince, mostUrgent, overCapacity, overdueDays } from '../../../src/features/admin-report/rules.ts';
import { exportComment, reportModal } from '../../../src/features/admin-report/views.ts';
import type { ExportRow, ReportData } from '../../../src/storage/overview.ts';
import { validateView } from '../../harness/block-limits.ts';

const now = new Date('2026-11-23T10:00:00.000Z');

describe('CSV fields (RFC 4180, and OWASP against formula injection)', () => {
  it.each([
    ['plain', '"plain"'],
    ['Lovelace, Ada', '"Lovelace, Ada"'],
    ['Lovelace; Ada', '"Lovelace; Ada"'],
    ['Ada "the first" L', '"Ada ""the first"" L"'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['"', '""""'],
    ['', '""'],
    ['Zoë 🛟', '"Zoë 🛟"'],
    ['a=b+c-d@e', '"a=b+c-d@e"'],
    ['  indented', '"  indented"'],
    ['12', '"12"'],
  ])('%j is written as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  // OWASP: = + - @ tab CR as the first character, also after leading spaces; full-width forms too.
  it.each([
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1', `"'+1"`],
    ['-', `"'-"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['\n=1+1', `"'\n=1+1"`],
    ['\u0000=1', `"'\u0000=1"`],
    ['   =cmd|calc', `"'   =cmd|calc"`],
    ['\u00a0\u3000+1', `"'\u00a0\u3000+1"`],
    ['\uFF1D1+1', `"'\uFF1D1+1"`],
    ['\uFF0B1', `"'\uFF0B1"`],
    ['\uFF0D1', `"'\uFF0D1"`],
    ['\uFF20SUM(A1)', `"'\uFF20SUM(A1)"`],
    [' ＝1', `"' ＝1"`],
  ])('the formula start %j is kept as text: %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes numbers as they are and nothing for null', () => {
    expect(csvField(0)).toBe('0');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('ends every record with CRLF', () => {
    expect(csvLine(['a', 'b,c', 3])).toBe('"a","b,c",3\r\n');
    expect(csvLine(EXPORT_HEADER)).toBe(
      '"Mentorship id","Supporter","Supporter id","Mentee","Mentee id","Topic","Kind","Status","Assigned on","Accepted on","Ended on","Last report on","Days overdue","Help requested","Next meeting on"\r\n',
    );
  });
});

describe('export rows', () => {
  const base: ExportRow = {
    id: 7,
    supporterId: 'US1',
    supporterName: 'Sam, Jr.',
    menteeId: 'UM1',
    menteeName: null,
    topicName: 'Data analysis',
    supporterKind: 'on_demand_advisor',
    status: 'active',
    createdAt: '2026-09-01T09:00:00.000Z',
    acceptedAt: '2026-09-02T09:00:00.000Z',
    endedAt: null,
    feedbackFrom: '2026-10-01T09:00:00.000Z',
    lastReportAt: '2026-10-01T09:00:00.000Z',
    helpOpen: true,
    nextMeetingOn: '2026-12-01',
  };
  it.each<[string, Partial<ExportRow>, (string | number)[]]>([
    [
      'active and overdue, name falls back to the id',
      {},
      [
        7,
        'Sam, Jr.',
        'US1',
        'UM1',
        'UM1',
        'Data analysis',
        'on-demand advisor',
        'active',
        '2026-09-01',
        '2026-09-02',
        '',
        '2026-10-01',
        23,
        'yes',
        '2026-12-01',
      ],
    ],
    [
      'pending: no days overdue',
      {
        status: 'pending',
        acceptedAt: null,
        feedbackFrom: null,
        lastReportAt: null,
        helpOpen: false,
        topicName: null,
      },
      [7, 'Sam, Jr.', 'US1', 'UM1', 'UM1', '', 'on-demand advisor', 'pending', '2026-09-01', '', '', '', '', 'no', ''],
    ],
    [
      'ended: no flag, no days',
      { status: 'ended', endedAt: '2026-11-02T08:00:00.000Z' },
      [
        7,
        'Sam, Jr.',
        'US1',
        'UM1',
        'UM1',
        'Data analysis',
        'on-demand advisor',
        'ended',
        '2026-09-01',
        '2026-09-02',
        '2026-11-02',
        '2026-10-01',
        '',
        '',
        '',
      ],
    ],
  ])('%s', (_name, over, expected) => {
    expect(exportFields({ ...base, ...over }, now, 30)).toEqual(expected);
  });
});

describe('report rules', () => {
  it.each([
    ['2026-11-23T00:00:00.000Z', 0],
    ['2026-11-22T23:59:00.000Z', 1],
    ['2026-11-16T10:00:00.000Z', 7],
    ['2026-12-01T10:00:00.000Z', 0],
  ])('%s is %i days ago', (iso, expected) => {
    expect(daysSince(iso, now)).toBe(expected);
  });

  it.each([
    ['2026-10-24T10:00:00.000Z', 0],
    ['2026-10-23T10:00:00.000Z', 1],
    ['2026-10-13T10:00:00.000Z', 11],
    [null, 0],
  ])('feedback from %s is overdue %i days', (from, expected) => {
    expect(overdueDays(from, now, 30)).toBe(expected);
  });

  it('flags a supporter only above the limit', () => {
    expect(overCapacity(5, 5)).toBe(false);
    expect(overCapacity(6, 5)).toBe(true);
  });

  const data = (over: Partial<ReportData> = {}): ReportData => ({
    totals: { active: 0, pending: 0, endedThisMonth: 0 },
    supporters: { total: 0, overCapacity: 0, top: [] },
    overdue: { total: 0, items: [] },
    helpRequests: { total: 0, items: [] },
    supporterRequests: { total: 0, items: [] },
    topicsWithoutSupporter: { total: 0, items: [] },
    stalePending: { total: 0, items: [] },
    ...over,
  });

  it('puts help requests first, then people with no supporter, late reports, unanswered assignments; five at most', () => {
    const items = mostUrgent(
      data({
        overdue: {
          total: 1,
          items: [
            {
              mentorshipId: 1,
              supporterId: 'US1',
              menteeId: 'UM1',
              topicName: null,
              since: '2026-09-01T00:00:00.000Z',
            },
          ],
        },
        helpRequests: {
          total: 1,
          items: [{ requestId: 4, menteeId: 'UM2', topicName: 'SQL', openedAt: '2026-11-20T10:00:00.000Z' }],
        },
        supporterRequests: {
          total: 1,
          items: [
            {
              requestId: 5,
              menteeId: 'UM3',
              topicName: null,
              createdAt: '2026-11-13T10:00:00.000Z',
              helpNote: null,
              helpAskedAt: null,
            },
          ],
        },
        stalePending: {
          total: 3,
          items: ['UM4', 'UM5', 'UM6'].map((m, i) => ({
            mentorshipId: 10 + i,
            supporterId: 'US2',
            menteeId: m,
            topicName: null,
            since: '2026-11-01T00:00:00.000Z',
          })),
        },
      }),
      now,
      30,
    );
    expect(items.map((i) => [i.kind, i.menteeId, i.days])).toEqual([
      ['help', 'UM2', 3],
      ['supporter-request', 'UM3', 10],
      ['overdue', 'UM1', 53],
      ['pending', 'UM4', 22],
      ['pending', 'UM5', 22],
    ]);
    expect(mostUrgent(data(), now, 30)).toEqual([]);
  });

  it('builds a report modal Slack accepts, escaping topic names, even with long lists', () => {
    const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
    const view = reportModal(
      data({
        supporters: { total: 40, overCapacity: 3, top: many(15, (i) => ({ supporterId: `US${i}`, active: 20 - i })) },
        overdue: {
          total: 900,
          items: many(15, (i) => ({
            mentorshipId: i,
            supporterId: `US${i}`,
            menteeId: `UM${i}`,
            topicName: '<b>&',
            since: '2026-01-01T00:00:00.000Z',
          })),
        },
        topicsWithoutSupporter: { total: 2, items: ['A & B', 'C'] },
        supporterRequests: {
          total: 20,
          items: many(15, (i) => ({
            requestId: i,
            menteeId: `UW${i}`,
            topicName: null,
            createdAt: '2026-11-01T00:00:00.000Z',
            // Every other one asked for help while waiting, with a note as long as the form allows.
            helpNote: i % 2 ? 'x'.repeat(1000) : null,
            helpAskedAt: i % 2 ? '2026-11-02T00:00:00.000Z' : null,
          })),
        },
      }),
      { now, intervalDays: 30, maxMenteesPerSupporter: 5 },
    );
    expect(validateView(view)).toEqual([]);
    const text = JSON.stringify(view);
    expect(text).toContain('&lt;b&gt;&amp;');
    expect(text).toContain('A &amp; B, C');
    expect(text).toContain('…and 885 more; the CSV export has them all');
    expect(text).toContain('A &amp; B, C');
    expect(text).not.toMatch(/Topics with no supporter[^"]*more/);
    // The CSV has one row per mentorship: people still waiting for one are not in it, so it is not promised.
    expect(text).toMatch(/…and 5 more\. Each came to you by DM with an Assign button/);
    expect(text).toContain(':scales: above 5');
  });
});

describe('the CSV export comment', () => {
  it.each([
    [1, 'Here is the 1 mentorship as of 23 Nov, one row each.'],
    [2, 'Here are all 2 mentorships as of 23 Nov, one row each.'],
  ])('%i row(s)', (rows, lead) => {
    expect(exportComment(rows, '23 Nov')).toBe(`${lead} Private notes and end reasons are never exported.`);
  });
});

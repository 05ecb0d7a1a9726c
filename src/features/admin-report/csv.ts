import { SUPPORTER_KIND_LABEL } from '../../slack/text.ts';
import type { ExportRow } from '../../storage/overview.ts';
import { overdueDays } from './rules.ts';

/*
 * CSV as RFC 4180 describes it (CRLF line ends, quotes doubled), made safe to open in a
 * spreadsheet as OWASP's CSV injection guidance says: every text cell is quoted, so a separator
 * inside it (a comma, or the semicolon some locales split on) cannot start a new cell; and a cell
 * a spreadsheet could read as a formula gets a leading ' so it stays text.
 */

/**
 * Formula starts: = + - @, a tab or a line break, NUL, and their full-width forms, which some
 * spreadsheets also accept; also after leading spaces, which spreadsheets skip.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters a spreadsheet skips.
const FORMULA_START = /^[\s\u0000]*[=+\-@\t\r\n\u0000\uFF1D\uFF0B\uFF0D\uFF20]/u;

/** One cell. Numbers are ours (ids, day counts) and stay bare, so a spreadsheet reads them as numbers. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

export const csvLine = (fields: readonly (string | number | null | undefined)[]): string =>
  `${fields.map(csvField).join(',')}\r\n`;

export const EXPORT_HEADER = [
  'Mentorship id',
  'Supporter',
  'Supporter id',
  'Mentee',
  'Mentee id',
  'Topic',
  'Kind',
  'Status',
  'Assigned on',
  'Accepted on',
  'Ended on',
  'Last report on',
  'Days overdue',
  'Help requested',
  'Next meeting on',
] as const;

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');

/**
 * One mentorship as a CSV record. Names fall back to the Slack user id; days overdue and the
 * open help request only mean something while the mentorship is open, so they are empty otherwise.
 */
export function exportFields(r: ExportRow, now: Date, intervalDays: number): (string | number)[] {
  const open = r.status === 'active' || r.status === 'pending';
  return [
    r.id,
    r.supporterName ?? r.supporterId,
    r.supporterId,
    r.menteeName ?? r.menteeId,
    r.menteeId,
    r.topicName ?? '',
    SUPPORTER_KIND_LABEL[r.supporterKind],
    r.status,
    day(r.createdAt),
    day(r.acceptedAt),
    day(r.endedAt),
    day(r.lastReportAt),
    r.status === 'active' ? overdueDays(r.feedbackFrom, now, intervalDays) : '',
    open ? (r.helpOpen ? 'yes' : 'no') : '',
    r.status === 'active' ? (r.nextMeetingOn ?? '') : '',
  ];
}

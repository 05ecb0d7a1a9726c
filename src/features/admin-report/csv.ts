import { SUPPORTER_KIND_LABEL } from '../../slack/text.ts';
import type { ExportRow } from '../../storage/overview.ts';
import { overdueDays } from './rules.ts';

/*
 * CSV as RFC 4180 describes it: CRLF line ends, and a field holding a comma, a quote, CR or LF is
 * wrapped in quotes with its quotes doubled.
 */

/** Spreadsheets run a cell that starts with one of these as a formula; a leading ' keeps it text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: readonly (string | number | null | undefined)[]): string => `${fields.map(csvField).join(',')}\r\n`;

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
  'Assistance open',
  'Next meeting on',
] as const;

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');

/**
 * One mentorship as a CSV record. Names fall back to the Slack user id; days overdue and the
 * assistance flag only mean something while the mentorship is open, so they are empty otherwise.
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
    open ? (r.assistanceOpen ? 'yes' : 'no') : '',
    r.status === 'active' ? (r.nextMeetingOn ?? '') : '',
  ];
}

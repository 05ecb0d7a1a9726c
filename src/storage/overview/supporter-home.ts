import type { Db } from '../db.ts';
import { nextMeetingSql, openHelpIdSql } from '../mentorships.ts';
import { programmeOfSql, reportEveryDaysSql } from '../programme-pairs.ts';
import type { SupporterKind } from '../rows.ts';
import { count, type Listing, num, str, TOTAL, withTotal } from './listing.ts';

export interface SupporterHomeRow {
  mentorshipId: number;
  menteeId: string;
  topicName: string | null;
  supporterKind: SupporterKind;
  status: 'pending' | 'active';
  createdAt: string;
  feedbackFrom: string | null;
  lastReportAt: string | null;
  /** The open help request behind the 🛟, or null. */
  helpRequestId: number | null;
  nextMeetingOn?: string | null;
  /** Its programme's meeting-report rhythm; null follows FEEDBACK_INTERVAL_DAYS. */
  reportEveryDays?: number | null;
  /** Its programme's name, only when the workspace runs more than one. */
  programmeName?: string | null;
}

const toSupporterHomeRow = (r: Record<string, unknown>): SupporterHomeRow => ({
  mentorshipId: num(r.id),
  menteeId: String(r.mentee_id),
  topicName: str(r.topic_name),
  supporterKind: r.supporter_kind as SupporterKind,
  status: r.status as 'pending' | 'active',
  createdAt: String(r.created_at),
  feedbackFrom: str(r.feedback_from),
  lastReportAt: str(r.last_report_at),
  helpRequestId: r.assistance_id == null ? null : num(r.assistance_id),
  nextMeetingOn: str(r.next_meeting_on),
  reportEveryDays: r.report_every_days == null ? null : num(r.report_every_days),
  programmeName: num(r.programme_count) > 1 ? str(r.programme_name) : null,
});

/**
 * One page of a supporter's pending and active mentorships: those asking for help first, then active by
 * how long since feedback (most overdue first), pending last.
 */
export async function supporterPage(
  db: Db,
  teamId: string,
  supporterId: string,
  offset: number,
  limit: number,
): Promise<Listing<SupporterHomeRow>> {
  const base = () =>
    db('mentorships as m')
      .where({ 'm.team_id': teamId, 'm.supporter_id': supporterId })
      .whereIn('m.status', ['pending', 'active']);
  const rows = (await base()
    .leftJoin('topics as t', 't.id', 'm.topic_id')
    .select(
      'm.id',
      'm.mentee_id',
      'm.supporter_kind',
      'm.status',
      'm.created_at',
      'm.feedback_from',
      'm.last_report_at',
      't.name as topic_name',
      db.raw(`${openHelpIdSql()} as assistance_id`),
      db.raw(`${nextMeetingSql()} as next_meeting_on`),
      db.raw(`${reportEveryDaysSql()} as report_every_days`),
      db.raw(`(SELECT p.name FROM programmes p WHERE p.id = ${programmeOfSql()}) as programme_name`),
      db.raw('(SELECT COUNT(*) FROM programmes pc WHERE pc.team_id = m.team_id) as programme_count'),
      db.raw(TOTAL),
    )
    .orderByRaw(
      `CASE WHEN m.status = 'pending' THEN 2 WHEN ${openHelpIdSql()} IS NOT NULL THEN 0 ELSE 1 END, m.feedback_from, m.created_at, m.id`,
    )
    .offset(offset)
    .limit(limit)) as Record<string, unknown>[];
  // Past the last page the rows carry no total: counted apart, so the caller can go back a page.
  if (rows.length === 0 && offset > 0) return { total: await count(base()), items: [] };
  return withTotal(rows, toSupporterHomeRow);
}

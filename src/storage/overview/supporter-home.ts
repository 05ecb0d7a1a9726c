import type { Db } from '../db.ts';
import { nextMeetingSql, openHelpIdSql } from '../mentorships.ts';
import type { PreparedRead, PreparedReads } from '../prepared.ts';
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
 * A supporter's page, drawn on every Home of theirs (and a Home is redrawn for everyone a change
 * concerns): a prepared read, so neither knex nor PostgreSQL's planner builds it anew each time.
 */
const SUPPORTER_PAGE: PreparedRead = {
  name: 'lifering_supporter_page',
  sql: `SELECT m.id, m.mentee_id, m.supporter_kind, m.status, m.created_at, m.feedback_from, m.last_report_at,
      t.name AS topic_name, ${openHelpIdSql()} AS assistance_id, ${nextMeetingSql()} AS next_meeting_on,
      ${reportEveryDaysSql()} AS report_every_days,
      (SELECT p.name FROM programmes p WHERE p.id = ${programmeOfSql()}) AS programme_name,
      (SELECT COUNT(*) FROM programmes pc WHERE pc.team_id = m.team_id) AS programme_count, ${TOTAL}
    FROM mentorships m LEFT JOIN topics t ON t.id = m.topic_id
    WHERE m.team_id = ? AND m.supporter_id = ? AND m.status IN ('pending', 'active')
    ORDER BY CASE WHEN m.status = 'pending' THEN 2 WHEN ${openHelpIdSql()} IS NOT NULL THEN 0 ELSE 1 END,
      m.feedback_from, m.created_at, m.id
    LIMIT ? OFFSET ?`,
};

/**
 * One page of a supporter's pending and active mentorships: those asking for help first, then active by
 * how long since feedback (most overdue first), pending last.
 */
export async function supporterPage(
  db: Db,
  reads: PreparedReads,
  teamId: string,
  supporterId: string,
  offset: number,
  limit: number,
): Promise<Listing<SupporterHomeRow>> {
  const rows = await reads.all<Record<string, unknown>>(SUPPORTER_PAGE, [teamId, supporterId, limit, offset]);
  // Past the last page the rows carry no total: counted apart, so the caller can go back a page.
  if (rows.length === 0 && offset > 0)
    return {
      total: await count(
        db('mentorships')
          .where({ team_id: teamId, supporter_id: supporterId })
          .whereIn('status', ['pending', 'active']),
      ),
      items: [],
    };
  return withTotal(rows, toSupporterHomeRow);
}

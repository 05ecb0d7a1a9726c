import { nextMeetingSql, openHelpIdSql } from '../mentorships.ts';
import type { PreparedRead, PreparedReads } from '../prepared.ts';
import { programmeOfSql, reportEveryDaysSql } from '../programme-pairs.ts';
import type { SupporterKind } from '../rows.ts';
import { type Listing, num, str, TOTAL, withTotal } from './listing.ts';

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
 * The page's rows are chosen first, on what they are sorted by (whether help is open, then
 * feedback); the other columns are subqueries, read only for those rows. In one query, the window
 * count made PostgreSQL read them for every pair of the supporter before sorting.
 */
const SUPPORTER_PAGE: PreparedRead = {
  name: 'lifering_supporter_page',
  sql: `SELECT m.id, m.mentee_id, m.supporter_kind, m.status, m.created_at, m.feedback_from, m.last_report_at,
      t.name AS topic_name, page.assistance_id, ${nextMeetingSql()} AS next_meeting_on,
      ${reportEveryDaysSql()} AS report_every_days,
      (SELECT p.name FROM programmes p WHERE p.id = ${programmeOfSql()}) AS programme_name,
      (SELECT COUNT(*) FROM programmes pc WHERE pc.team_id = m.team_id) AS programme_count, page.listing_total
    FROM (
      SELECT h.id, h.assistance_id, h.feedback_from, h.created_at,
        CASE WHEN h.status = 'pending' THEN 2 WHEN h.assistance_id IS NOT NULL THEN 0 ELSE 1 END AS rank, ${TOTAL}
      FROM (
        SELECT m.id, m.status, m.feedback_from, m.created_at, ${openHelpIdSql()} AS assistance_id
        FROM mentorships m
        WHERE m.team_id = ? AND m.supporter_id = ? AND m.status IN ('pending', 'active')
      ) h
      ORDER BY rank, h.feedback_from, h.created_at, h.id
      LIMIT ? OFFSET ?
    ) page
    JOIN mentorships m ON m.id = page.id
    LEFT JOIN topics t ON t.id = m.topic_id
    ORDER BY page.rank, page.feedback_from, page.created_at, page.id`,
};

/**
 * One page of a supporter's pending and active mentorships: those asking for help first, then active by
 * how long since feedback (most overdue first), pending last.
 */
export async function supporterPage(
  reads: PreparedReads,
  teamId: string,
  supporterId: string,
  offset: number,
  limit: number,
): Promise<Listing<SupporterHomeRow>> {
  const page = (size: number, from: number) =>
    reads.all<Record<string, unknown>>(SUPPORTER_PAGE, [teamId, supporterId, size, from]);
  const rows = await page(limit, offset);
  // Past the last page the rows carry no total: the first row has it, so the caller can go back a page.
  if (rows.length === 0 && offset > 0) return { total: num((await page(1, 0))[0]?.listing_total), items: [] };
  return withTotal(rows, toSupporterHomeRow);
}

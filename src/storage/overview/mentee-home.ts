import { nextMeetingSql } from '../mentorships.ts';
import type { PreparedRead, PreparedReads } from '../prepared.ts';
import type { SupporterKind } from '../rows.ts';
import { type Listing, num, str, TOTAL, withTotal } from './listing.ts';

export interface MenteeSupporterRow {
  mentorshipId: number;
  supporterId: string;
  topicName: string | null;
  supporterKind: SupporterKind;
  since: string;
  nextMeetingOn?: string | null;
}

export interface GoalRow {
  id: number;
  title: string;
  targetDate: string | null;
}

export interface TaskRow {
  id: number;
  title: string;
  dueDate: string | null;
}

/** A help request of theirs still open: how long ago, on what, and whether a supporter said they are on it. */
export interface OpenHelpRow {
  openedAt: string;
  topicName: string | null;
  acknowledgedBy: string | null;
}

export interface MenteeHome {
  supporters: Listing<MenteeSupporterRow>;
  /** Their open help requests, oldest first (at most `limit`). */
  help?: OpenHelpRow[];
  goals: Listing<GoalRow>;
  tasks: Listing<TaskRow>;
  /** When they asked the admins for a supporter, if that request is still open (the oldest). */
  requestedAt?: string | null;
}

const toSupporterRow = (r: Record<string, unknown>): MenteeSupporterRow => ({
  mentorshipId: num(r.id),
  supporterId: String(r.a),
  topicName: str(r.b),
  supporterKind: r.c as SupporterKind,
  since: String(r.d),
  nextMeetingOn: str(r.e),
});

const toGoalRow = (r: Record<string, unknown>): GoalRow => ({
  id: num(r.id),
  title: String(r.a),
  targetDate: str(r.b),
});

const toTaskRow = (r: Record<string, unknown>): TaskRow => ({ id: num(r.id), title: String(r.a), dueDate: str(r.b) });

const toHelpRow = (r: Record<string, unknown>): OpenHelpRow => ({
  openedAt: String(r.a),
  acknowledgedBy: str(r.b),
  topicName: str(r.c),
});

/*
 * The five lists a mentee's part of a Home shows, in one statement (a Home is drawn for every
 * person a change concerns, so its round trips add up): each list a branch of one UNION ALL, in
 * the same columns (part, its order within the part, id, a–e, the list's total before LIMIT, as TOTAL names it).
 * The NULLs are cast so PostgreSQL can match each column's type across the branches.
 */
const NO_TEXT = 'CAST(NULL AS TEXT)';
const BRANCHES = [
  `SELECT 's' AS part, ROW_NUMBER() OVER (ORDER BY m.accepted_at, m.id) AS ord, m.id AS id, m.supporter_id AS a,
     t.name AS b, m.supporter_kind AS c, COALESCE(m.accepted_at, m.created_at) AS d, ${nextMeetingSql()} AS e,
     ${TOTAL}
   FROM mentorships m LEFT JOIN topics t ON t.id = m.topic_id
   WHERE m.team_id = ? AND m.mentee_id = ? AND m.status = 'active'
   ORDER BY m.accepted_at, m.id LIMIT ?`,
  `SELECT 'g' AS part, ROW_NUMBER() OVER (ORDER BY target_date IS NULL, target_date, id) AS ord, id, title AS a,
     target_date AS b, ${NO_TEXT} AS c, ${NO_TEXT} AS d, ${NO_TEXT} AS e, ${TOTAL}
   FROM goals WHERE team_id = ? AND mentee_id = ? AND status = 'open'
   ORDER BY target_date IS NULL, target_date, id LIMIT ?`,
  `SELECT 't' AS part, ROW_NUMBER() OVER (ORDER BY due_date IS NULL, due_date, id) AS ord, id, title AS a,
     due_date AS b, ${NO_TEXT} AS c, ${NO_TEXT} AS d, ${NO_TEXT} AS e, ${TOTAL}
   FROM tasks WHERE team_id = ? AND mentee_id = ? AND done_at IS NULL AND dropped_at IS NULL
   ORDER BY due_date IS NULL, due_date, id LIMIT ?`,
  `SELECT 'r' AS part, 1 AS ord, CAST(NULL AS INTEGER) AS id, MIN(created_at) AS a, ${NO_TEXT} AS b,
     ${NO_TEXT} AS c, ${NO_TEXT} AS d, ${NO_TEXT} AS e, 0 AS listing_total
   FROM supporter_requests WHERE team_id = ? AND requester_id = ? AND closed_at IS NULL`,
  `SELECT 'h' AS part, ROW_NUMBER() OVER (ORDER BY a.opened_at, a.id) AS ord, a.id AS id, a.opened_at AS a,
     a.acknowledged_by AS b, t.name AS c, ${NO_TEXT} AS d, ${NO_TEXT} AS e, 0 AS listing_total
   FROM assistance_requests a LEFT JOIN topics t ON t.id = a.topic_id
   WHERE a.team_id = ? AND a.mentee_id = ? AND a.resolved_at IS NULL
   ORDER BY a.opened_at, a.id LIMIT ?`,
];
const MENTEE_HOME: PreparedRead = {
  name: 'mentee_home',
  sql: BRANCHES.map((branch, i) => `SELECT * FROM (${branch}) AS part${i}`).join(' UNION ALL '),
};

/** A mentee's active supporters, open goals and open tasks, each capped at `limit`. */
export async function menteeHome(
  reads: PreparedReads,
  teamId: string,
  menteeId: string,
  limit: number,
): Promise<MenteeHome> {
  const rows = await reads.all<Record<string, unknown>>(MENTEE_HOME, [
    ...[teamId, menteeId, limit],
    ...[teamId, menteeId, limit],
    ...[teamId, menteeId, limit],
    ...[teamId, menteeId],
    ...[teamId, menteeId, limit],
  ]);
  const part = (name: string) => rows.filter((r) => r.part === name).sort((x, y) => num(x.ord) - num(y.ord));
  return {
    requestedAt: str(part('r')[0]?.a),
    supporters: withTotal(part('s'), toSupporterRow),
    help: part('h').map(toHelpRow),
    goals: withTotal(part('g'), toGoalRow),
    tasks: withTotal(part('t'), toTaskRow),
  };
}

import type { Db } from '../db.ts';
import { nextMeetingSql } from '../mentorships.ts';
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
  supporterId: String(r.supporter_id),
  topicName: str(r.topic_name),
  supporterKind: r.supporter_kind as SupporterKind,
  since: String(r.accepted_at ?? r.created_at),
  nextMeetingOn: str(r.next_meeting_on),
});

const toGoalRow = (r: Record<string, unknown>): GoalRow => ({
  id: num(r.id),
  title: String(r.title),
  targetDate: str(r.target_date),
});

const toTaskRow = (r: Record<string, unknown>): TaskRow => ({
  id: num(r.id),
  title: String(r.title),
  dueDate: str(r.due_date),
});

/** A mentee's active supporters, open goals and open tasks, each capped at `limit`. */
export async function menteeHome(db: Db, teamId: string, menteeId: string, limit: number): Promise<MenteeHome> {
  const sup = () =>
    db('mentorships as m').where({ 'm.team_id': teamId, 'm.mentee_id': menteeId, 'm.status': 'active' });
  const goals = () => db('goals').where({ team_id: teamId, mentee_id: menteeId, status: 'open' });
  const tasks = () =>
    db('tasks').where({ team_id: teamId, mentee_id: menteeId }).whereNull('done_at').whereNull('dropped_at');
  // Each list carries its own total (a window count), so a Home reads each once.
  const [supRows, goalRows, taskRows, request, help] = await Promise.all([
    sup()
      .leftJoin('topics as t', 't.id', 'm.topic_id')
      .select(
        'm.id',
        'm.supporter_id',
        'm.supporter_kind',
        'm.accepted_at',
        'm.created_at',
        't.name as topic_name',
        db.raw(`${nextMeetingSql()} as next_meeting_on`),
        db.raw(TOTAL),
      )
      .orderBy([{ column: 'm.accepted_at' }, { column: 'm.id' }])
      .limit(limit),
    goals()
      .select('id', 'title', 'target_date', db.raw(TOTAL))
      .orderByRaw('target_date IS NULL, target_date, id')
      .limit(limit),
    tasks().select('id', 'title', 'due_date', db.raw(TOTAL)).orderByRaw('due_date IS NULL, due_date, id').limit(limit),
    db('supporter_requests')
      .where({ team_id: teamId, requester_id: menteeId })
      .whereNull('closed_at')
      .min({ at: 'created_at' })
      .first(),
    db('assistance_requests as a')
      .leftJoin('topics as t', 't.id', 'a.topic_id')
      .where({ 'a.team_id': teamId, 'a.mentee_id': menteeId })
      .whereNull('a.resolved_at')
      .select('a.opened_at', 'a.acknowledged_by', 't.name as topic_name')
      .orderBy([{ column: 'a.opened_at' }, { column: 'a.id' }])
      .limit(limit),
  ]);
  return {
    requestedAt: str((request as { at?: unknown } | undefined)?.at),
    supporters: withTotal(supRows as Record<string, unknown>[], toSupporterRow),
    help: (help as Record<string, unknown>[]).map((r) => ({
      openedAt: String(r.opened_at),
      topicName: str(r.topic_name),
      acknowledgedBy: str(r.acknowledged_by),
    })),
    goals: withTotal(goalRows as Record<string, unknown>[], toGoalRow),
    tasks: withTotal(taskRows as Record<string, unknown>[], toTaskRow),
  };
}

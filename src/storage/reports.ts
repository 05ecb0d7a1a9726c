import type { Knex } from 'knex';
import { type Db, isPostgres } from './db.ts';
import { isUniqueViolation } from './errors.ts';

export type MeetingFormat = 'in_person' | 'call' | 'video' | 'chat';

export interface GoalRef {
  id: number;
  title: string;
}

/** What a meeting report says, as filed and as read back. */
interface ReportFields {
  teamId: string;
  mentorshipId: number;
  authorId: string;
  menteeId: string;
  metOn: string;
  /** Optional (issue 23): null when the author left it out. */
  durationMinutes: number | null;
  format: MeetingFormat | null;
  summary: string;
  progress: number;
  goalsDiscussed: GoalRef[];
  nextMeetingOn: string | null;
}

export interface NewReport extends ReportFields {
  /** Only the author and admins may ever read it. */
  privateNote: string | null;
  /** Each line becomes a task on the mentee's list, suggested by the author. */
  suggestedTasks: string[];
  /** Identifies the Slack submission, so a retried view_submission stores once. */
  submissionKey: string;
}

export interface MeetingReport extends ReportFields {
  id: number;
  /** Null unless the reader is the author or an admin. */
  privateNote: string | null;
  createdAt: string;
  /** Equals createdAt until the author edits the report; the version an edit form was opened on. */
  updatedAt: string;
}

/** The fields an author may change; the mentorship, mentee and suggested tasks stay as filed. */
export type ReportChanges = Pick<
  ReportFields,
  'metOn' | 'durationMinutes' | 'format' | 'summary' | 'progress' | 'goalsDiscussed' | 'nextMeetingOn'
> & {
  privateNote: string | null;
};

/** Who is reading: private notes are kept from everyone but the author and admins. */
export interface Reader {
  userId: string;
  isAdmin: boolean;
}

export class MentorshipNotActiveError extends Error {
  constructor() {
    super('The mentorship is no longer active, or the author is not its supporter');
  }
}

const toReport = (r: Record<string, unknown>, reader: Reader): MeetingReport => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  mentorshipId: Number(r.mentorship_id),
  authorId: r.author_id as string,
  menteeId: r.mentee_id as string,
  metOn: r.met_on as string,
  durationMinutes: r.duration_minutes == null ? null : Number(r.duration_minutes),
  format: (r.format as MeetingFormat | null) ?? null,
  summary: r.summary as string,
  progress: Number(r.progress),
  goalsDiscussed: r.goals_discussed ? (JSON.parse(r.goals_discussed as string) as GoalRef[]) : [],
  nextMeetingOn: (r.next_meeting_on as string | null) ?? null,
  privateNote: reader.isAdmin || reader.userId === r.author_id ? ((r.private_note as string | null) ?? null) : null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

/** An active mentorship whose latest meeting report names a next meeting in the asked range. */
export interface UpcomingMeeting {
  teamId: string;
  mentorshipId: number;
  supporterId: string;
  menteeId: string;
  topicName: string | null;
  on: string;
}

/** The report a Slack submission already stored, if any. */
async function bySubmission(q: Knex, teamId: string, key: string) {
  return q('meeting_reports').where({ team_id: teamId, submission_key: key }).first();
}

/**
 * Inside the filing transaction: restarts the feedback clock (only while the author actively
 * supports the mentee), stores the report and its suggested tasks, and cancels the pending
 * reminders. Returns the stored report's row.
 */
async function fileInTransaction(trx: Knex, r: NewReport, at: string): Promise<Record<string, unknown>> {
  const moved = await trx('mentorships')
    .where({
      team_id: r.teamId,
      id: r.mentorshipId,
      supporter_id: r.authorId,
      mentee_id: r.menteeId,
      status: 'active',
    })
    .update({ last_report_at: at, feedback_from: at, snoozed_until: null });
  if (moved === 0) throw new MentorshipNotActiveError();
  const [row] = await trx('meeting_reports')
    .insert({
      team_id: r.teamId,
      mentorship_id: r.mentorshipId,
      author_id: r.authorId,
      mentee_id: r.menteeId,
      met_on: r.metOn,
      duration_minutes: r.durationMinutes,
      format: r.format,
      summary: r.summary,
      progress: r.progress,
      goals_discussed: r.goalsDiscussed.length ? JSON.stringify(r.goalsDiscussed) : null,
      next_meeting_on: r.nextMeetingOn,
      private_note: r.privateNote,
      submission_key: r.submissionKey,
      created_at: at,
      updated_at: at,
    })
    .returning('*');
  if (r.suggestedTasks.length) {
    await trx('tasks').insert(
      r.suggestedTasks.map((title) => ({
        team_id: r.teamId,
        mentee_id: r.menteeId,
        title,
        suggested_by: r.authorId,
        created_at: at,
        updated_at: at,
      })),
    );
  }
  await trx('reminders')
    .where({ team_id: r.teamId, mentorship_id: r.mentorshipId, status: 'pending' })
    .update({ status: 'cancelled' });
  return row as Record<string, unknown>;
}

/**
 * The same filing as fileInTransaction, on PostgreSQL as one statement (data-modifying CTEs, one
 * snapshot, all or nothing): one round trip before the form's ack instead of six. The report and
 * its tasks exist only if the mentorship moved; no row back means it was not active.
 */
const PG_FILE = `
  WITH moved AS (
    UPDATE mentorships SET last_report_at = ?, feedback_from = ?, snoozed_until = NULL
    WHERE team_id = ? AND id = ? AND supporter_id = ? AND mentee_id = ? AND status = 'active'
    RETURNING id
  ), report AS (
    INSERT INTO meeting_reports (team_id, mentorship_id, author_id, mentee_id, met_on, duration_minutes, format,
      summary, progress, goals_discussed, next_meeting_on, private_note, submission_key, created_at, updated_at)
    SELECT ?, moved.id, ?, ?, ?, ?::integer, ?, ?, ?::integer, ?, ?, ?, ?, ?, ? FROM moved
    RETURNING *
  ), suggested AS (
    INSERT INTO tasks (team_id, mentee_id, title, suggested_by, created_at, updated_at)
    SELECT report.team_id, report.mentee_id, title, report.author_id, report.created_at, report.created_at
    FROM report, json_array_elements_text(?::json) AS title
  ), cancelled AS (
    UPDATE reminders SET status = 'cancelled'
    WHERE team_id = ? AND mentorship_id IN (SELECT id FROM moved) AND status = 'pending'
  )
  SELECT * FROM report`;

async function fileInOneStatement(db: Db, r: NewReport, at: string): Promise<Record<string, unknown>> {
  const goals = r.goalsDiscussed.length ? JSON.stringify(r.goalsDiscussed) : null;
  const result = (await db.raw(PG_FILE, [
    ...[at, at, r.teamId, r.mentorshipId, r.authorId, r.menteeId],
    ...[r.teamId, r.authorId, r.menteeId, r.metOn, r.durationMinutes, r.format, r.summary, r.progress, goals],
    ...[r.nextMeetingOn, r.privateNote, r.submissionKey, at, at],
    JSON.stringify(r.suggestedTasks),
    r.teamId,
  ])) as { rows: Record<string, unknown>[] };
  const [row] = result.rows;
  if (!row) throw new MentorshipNotActiveError();
  return row;
}

export class ReportsStore {
  constructor(private readonly db: Db) {}

  /**
   * Files a report in one transaction (one statement on PostgreSQL): the report, the mentorship's
   * feedback clock restarted at the filing instant (and any snooze cleared), the suggested tasks,
   * and pending reminders for the old due date cancelled. `created` is false when this submission
   * was already stored.
   */
  async file(r: NewReport, now: Date): Promise<{ report: MeetingReport; created: boolean }> {
    const author: Reader = { userId: r.authorId, isAdmin: false };
    const at = now.toISOString();
    try {
      const row = isPostgres(this.db)
        ? await fileInOneStatement(this.db, r, at)
        : await this.db.transaction((trx) => fileInTransaction(trx, r, at));
      return { report: toReport(row, author), created: true };
    } catch (error) {
      // This submission was stored already (a redelivery, or two deliveries racing): the unique
      // submission key refuses the second, rather than a read before every filing. A mentorship
      // that ended since the first was stored refuses it earlier, in the same way.
      if (isUniqueViolation(error) || error instanceof MentorshipNotActiveError) {
        const stored = await bySubmission(this.db, r.teamId, r.submissionKey);
        if (stored) return { report: toReport(stored, author), created: false };
      }
      throw error;
    }
  }

  /**
   * Changes a report in one conditional statement: only its author, only if it was filed after
   * `editableSince`, only while the author still actively supports the mentee, and only if it
   * still has the version (`updated_at`) the form was opened on, so a redelivered or stale
   * submission changes nothing. The feedback clock is not touched. True when the row changed.
   */
  async edit(
    teamId: string,
    id: number,
    authorId: string,
    c: ReportChanges,
    guard: { editableSince: string; seenUpdatedAt: string },
    now: Date,
  ): Promise<boolean> {
    // The new version must differ from the one seen, even when an edit lands in the filing millisecond.
    const at = new Date(Math.max(now.getTime(), Date.parse(guard.seenUpdatedAt) + 1)).toISOString();
    const changed = await this.db('meeting_reports')
      .where({ 'meeting_reports.team_id': teamId, 'meeting_reports.id': id, 'meeting_reports.author_id': authorId })
      .where('meeting_reports.created_at', '>', guard.editableSince)
      .where('meeting_reports.updated_at', guard.seenUpdatedAt)
      .whereExists(
        this.db('mentorships')
          .select(this.db.raw('1'))
          .whereRaw('mentorships.id = meeting_reports.mentorship_id')
          .where({
            'mentorships.team_id': teamId,
            'mentorships.supporter_id': authorId,
            'mentorships.status': 'active',
          }),
      )
      .update({
        met_on: c.metOn,
        duration_minutes: c.durationMinutes,
        format: c.format,
        summary: c.summary,
        progress: c.progress,
        goals_discussed: c.goalsDiscussed.length ? JSON.stringify(c.goalsDiscussed) : null,
        next_meeting_on: c.nextMeetingOn,
        private_note: c.privateNote,
        updated_at: at,
      });
    return changed > 0;
  }

  /** Where the author's confirmation DM is, so an edit can update it in place. */
  async setConfirmation(teamId: string, id: number, at: { channel: string; ts: string }): Promise<void> {
    await this.db('meeting_reports')
      .where({ team_id: teamId, id })
      .update({ confirm_channel: at.channel, confirm_ts: at.ts });
  }

  async confirmation(teamId: string, id: number): Promise<{ channel: string; ts: string } | undefined> {
    const row = await this.db('meeting_reports').where({ team_id: teamId, id }).first('confirm_channel', 'confirm_ts');
    return row?.confirm_channel && row.confirm_ts
      ? { channel: String(row.confirm_channel), ts: String(row.confirm_ts) }
      : undefined;
  }

  async get(teamId: string, id: number, reader: Reader): Promise<MeetingReport | undefined> {
    const row = await this.db('meeting_reports').where({ team_id: teamId, id }).first();
    return row ? toReport(row, reader) : undefined;
  }

  /**
   * Active mentorships whose latest report names a next meeting from `fromDay` to `toDay`
   * (YYYY-MM-DD, inclusive): a later report's date replaces an earlier one's.
   */
  async upcomingMeetings(fromDay: string, toDay: string, limit = 5000): Promise<UpcomingMeeting[]> {
    const rows = (await this.db('meeting_reports as r')
      .join('mentorships as m', 'm.id', 'r.mentorship_id')
      .leftJoin('topics as t', 't.id', 'm.topic_id')
      .where('m.status', 'active')
      .whereBetween('r.next_meeting_on', [fromDay, toDay])
      .whereRaw(
        'r.id = (SELECT r2.id FROM meeting_reports r2 WHERE r2.mentorship_id = m.id ORDER BY r2.met_on DESC, r2.id DESC LIMIT 1)',
      )
      .select('m.team_id', 'm.id', 'm.supporter_id', 'm.mentee_id', 't.name as topic_name', 'r.next_meeting_on')
      .orderBy('m.id')
      .limit(limit)) as Record<string, unknown>[];
    return rows.map((r) => ({
      teamId: String(r.team_id),
      mentorshipId: Number(r.id),
      supporterId: String(r.supporter_id),
      menteeId: String(r.mentee_id),
      topicName: (r.topic_name as string | null) ?? null,
      on: String(r.next_meeting_on),
    }));
  }

  /** Claims the "you meet today" DM for one person and day; false when it was already claimed. */
  async claimMeetingNotice(
    n: { teamId: string; mentorshipId: number; personId: string; on: string },
    now: Date,
  ): Promise<boolean> {
    try {
      await this.db('meeting_notices').insert({
        team_id: n.teamId,
        mentorship_id: n.mentorshipId,
        person_id: n.personId,
        meeting_on: n.on,
        sent_at: now.toISOString(),
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Gives a claim back after a send that failed, so a later sweep that morning tries again. */
  async releaseMeetingNotice(n: { teamId: string; mentorshipId: number; personId: string; on: string }): Promise<void> {
    await this.db('meeting_notices')
      .where({ team_id: n.teamId, mentorship_id: n.mentorshipId, person_id: n.personId, meeting_on: n.on })
      .delete();
  }

  /** The mentee's latest meetings, newest first, private notes only for their author or an admin. */
  async recentForMentee(teamId: string, menteeId: string, reader: Reader, limit = 5): Promise<MeetingReport[]> {
    const rows = await this.db('meeting_reports')
      .where({ team_id: teamId, mentee_id: menteeId })
      .orderBy([
        { column: 'met_on', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map((row) => toReport(row, reader));
  }

  /** The mentee's open goals, offered as "goals you discussed". */
  async openGoals(teamId: string, menteeId: string, limit = 100): Promise<GoalRef[]> {
    const rows = await this.db('goals')
      .where({ team_id: teamId, mentee_id: menteeId, status: 'open' })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .limit(limit)
      .select('id', 'title');
    return rows.map((g) => ({ id: Number(g.id), title: g.title as string }));
  }
}

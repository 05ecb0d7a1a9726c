import type { Knex } from 'knex';
import type { Db } from './db.ts';
import { isUniqueViolation } from './errors.ts';
import type { PreparedRead, PreparedReads } from './prepared.ts';
import { programmeNameSql } from './programme-pairs.ts';
import {
  insertedId,
  type ListedMentorship,
  type Mentorship,
  type MentorshipStatus,
  type SupporterKind,
} from './rows.ts';

export class DuplicateMentorshipError extends Error {
  constructor() {
    super('This supporter already has a pending or active mentorship with this mentee for this topic');
  }
}

export const OPEN_STATUSES: readonly MentorshipStatus[] = ['pending', 'active'];

/** The most recently ended first (ties: the newest row). */
const LATEST_ENDED = [
  { column: 'm.ended_at', order: 'desc' as const },
  { column: 'm.id', order: 'desc' as const },
];

/**
 * SQL for "an help request is open on this mentorship" (alias `m`): a request on its topic,
 * a request with no topic, any request when the mentorship has no topic, or a request on a topic
 * none of the mentee's active mentorships covers (then every supporter was alerted).
 */
export function helpOpenSql(db: Db, alias = 'm'): Knex.Raw {
  return db.raw(
    `EXISTS (SELECT 1 FROM assistance_requests ar
       WHERE ar.team_id = ${alias}.team_id AND ar.mentee_id = ${alias}.mentee_id AND ar.resolved_at IS NULL
         AND (ar.topic_id IS NULL OR ${alias}.topic_id IS NULL OR ar.topic_id = ${alias}.topic_id
              OR NOT EXISTS (SELECT 1 FROM mentorships m2
                             WHERE m2.team_id = ar.team_id AND m2.mentee_id = ar.mentee_id
                               AND m2.status = 'active' AND m2.topic_id = ar.topic_id)))`,
  );
}

/**
 * The id of the oldest open help request on mentorship `m` (NULL when none). It
 * matches exactly the requests `helpOpenSql` above counts, so the Resolve button resolves
 * the request the 🛟 stands for.
 */
export function openHelpIdSql(alias = 'm'): string {
  return `(SELECT MIN(ar.id) FROM assistance_requests ar
     WHERE ar.team_id = ${alias}.team_id AND ar.mentee_id = ${alias}.mentee_id AND ar.resolved_at IS NULL
       AND (ar.topic_id IS NULL OR ${alias}.topic_id IS NULL OR ar.topic_id = ${alias}.topic_id
            OR NOT EXISTS (SELECT 1 FROM mentorships m2
                           WHERE m2.team_id = ar.team_id AND m2.mentee_id = ar.mentee_id
                             AND m2.status = 'active' AND m2.topic_id = ar.topic_id)))`;
}

/** SQL for the next meeting the latest meeting report of mentorship `m` names (NULL when none). */
export const nextMeetingSql = (alias = 'm'): string =>
  `(SELECT r.next_meeting_on FROM meeting_reports r WHERE r.mentorship_id = ${alias}.id ORDER BY r.met_on DESC, r.id DESC LIMIT 1)`;

const toMentorship = (r: Record<string, unknown>): Mentorship => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  supporterId: r.supporter_id as string,
  menteeId: r.mentee_id as string,
  topicId: r.topic_id == null ? null : Number(r.topic_id),
  topicName: (r.topic_name as string | null) ?? null,
  supporterKind: r.supporter_kind as SupporterKind,
  status: r.status as MentorshipStatus,
  assignedBy: r.assigned_by as string,
  notify: Boolean(r.notify),
  createdAt: r.created_at as string,
  acceptedAt: (r.accepted_at as string | null) ?? null,
  declinedAt: (r.declined_at as string | null) ?? null,
  endedAt: (r.ended_at as string | null) ?? null,
  endedBy: (r.ended_by as string | null) ?? null,
  feedbackFrom: (r.feedback_from as string | null) ?? null,
  lastReportAt: (r.last_report_at as string | null) ?? null,
  snoozedUntil: (r.snoozed_until as string | null) ?? null,
  offerChannel: (r.offer_channel as string | null) ?? null,
  offerTs: (r.offer_ts as string | null) ?? null,
  helpOpen: Boolean(r.assistance_open),
  nextMeetingOn: (r.next_meeting_on as string | null | undefined) ?? null,
  programmeId: r.programme_id == null ? null : Number(r.programme_id),
  programmeName: (r.programme_name as string | null | undefined) ?? null,
});

/** A mentorship that is over (ended or declined), with its private end reason: for admins' eyes only. */
export interface PastMentorship {
  id: number;
  supporterId: string;
  menteeId: string;
  topicName: string | null;
  supporterKind: SupporterKind;
  status: 'ended' | 'declined';
  createdAt: string;
  acceptedAt: string | null;
  /** ended_at, or declined_at for a declined one. */
  closedAt: string;
  endedBy: string | null;
  endReason: string | null;
  /** Null: the workspace's default programme. */
  programmeId?: number | null;
}

const toPast = (r: Record<string, unknown>): PastMentorship => ({
  id: Number(r.id),
  supporterId: r.supporter_id as string,
  menteeId: r.mentee_id as string,
  topicName: (r.topic_name as string | null) ?? null,
  supporterKind: r.supporter_kind as SupporterKind,
  status: r.status as 'ended' | 'declined',
  createdAt: r.created_at as string,
  acceptedAt: (r.accepted_at as string | null) ?? null,
  closedAt: (r.ended_at ?? r.declined_at ?? r.created_at) as string,
  endedBy: (r.ended_by as string | null) ?? null,
  endReason: (r.end_reason as string | null) ?? null,
  ...(r.programme_id == null ? {} : { programmeId: Number(r.programme_id) }),
});

export interface NewMentorship {
  teamId: string;
  supporterId: string;
  menteeId: string;
  topicId: number | null;
  supporterKind: SupporterKind;
  assignedBy: string;
  notify: boolean;
  /** The programme it belongs to (NULL reads as the workspace's default programme). */
  programmeId?: number | null;
}

/** `/mentor list`: only the columns it shows, pending and active, as each person sees them. */
function listedReads(db: Db): { supporting: PreparedRead; supportedBy: PreparedRead } {
  // With the other person's stored name, so the list needs no second read for its End picker.
  const columns = (other: 'mentee_id' | 'supporter_id') => `m.id, m.supporter_id, m.mentee_id, m.topic_id,
    t.name AS topic_name, m.supporter_kind, m.status,
    (${helpOpenSql(db).toQuery()}) AS assistance_open, ${programmeNameSql()} AS programme_name,
    (SELECT p.name FROM people p WHERE p.team_id = m.team_id AND p.user_id = m.${other}) AS other_name
    FROM mentorships m LEFT JOIN topics t ON t.id = m.topic_id`;
  return {
    supporting: {
      name: 'lifering_list_supporting',
      sql: `SELECT ${columns('mentee_id')} WHERE m.team_id = ? AND m.supporter_id = ? AND m.status IN ('pending', 'active') ORDER BY t.name, m.mentee_id, m.id`,
    },
    supportedBy: {
      name: 'lifering_list_supported_by',
      sql: `SELECT ${columns('supporter_id')} WHERE m.team_id = ? AND m.mentee_id = ? AND m.status = 'active' ORDER BY m.created_at, m.id`,
    },
  };
}

const toListed = (r: Record<string, unknown>): ListedMentorship => ({
  id: Number(r.id),
  supporterId: r.supporter_id as string,
  menteeId: r.mentee_id as string,
  topicId: r.topic_id == null ? null : Number(r.topic_id),
  topicName: (r.topic_name as string | null) ?? null,
  supporterKind: r.supporter_kind as SupporterKind,
  status: r.status as MentorshipStatus,
  helpOpen: Boolean(r.assistance_open),
  programmeName: (r.programme_name as string | null | undefined) ?? null,
  otherName: (r.other_name as string | null | undefined) ?? null,
});

export class MentorshipsStore {
  private readonly listedReads: ReturnType<typeof listedReads>;
  readonly toMentorship = toMentorship;

  constructor(
    private readonly db: Db,
    private readonly reads: PreparedReads,
  ) {
    this.listedReads = listedReads(db);
  }

  /** Mentorships with their topic name and whether help is open, ready for display. */
  select() {
    return this.db('mentorships as m')
      .leftJoin('topics as t', 't.id', 'm.topic_id')
      .select(
        'm.*',
        't.name as topic_name',
        this.db.raw(`(${helpOpenSql(this.db).toQuery()}) as assistance_open`),
        this.db.raw(`${nextMeetingSql()} as next_meeting_on`),
        this.db.raw(`${programmeNameSql()} as programme_name`),
      );
  }

  /** Pending when the supporter is to be asked first, active at once otherwise. */
  async create(m: NewMentorship, now: Date, trx: Knex = this.db): Promise<Mentorship> {
    const at = now.toISOString();
    try {
      const [row] = await trx('mentorships')
        .insert({
          team_id: m.teamId,
          supporter_id: m.supporterId,
          mentee_id: m.menteeId,
          topic_id: m.topicId,
          supporter_kind: m.supporterKind,
          status: m.notify ? 'pending' : 'active',
          assigned_by: m.assignedBy,
          notify: m.notify,
          programme_id: m.programmeId ?? null,
          created_at: at,
          accepted_at: m.notify ? null : at,
          feedback_from: m.notify ? null : at,
          ...(m.programmeId ? { programme_id: m.programmeId } : {}),
        })
        .returning('id');
      const id = insertedId(row);
      const created = await trx('mentorships').where({ id }).first();
      return toMentorship(created);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateMentorshipError();
      throw error;
    }
  }

  async get(teamId: string, id: number): Promise<Mentorship | undefined> {
    const row = await this.select().where({ 'm.team_id': teamId, 'm.id': id }).first();
    return row ? toMentorship(row) : undefined;
  }

  /** The pending or active mentorship of this pair for this topic (null = no topic). */
  async findOpen(
    teamId: string,
    supporterId: string,
    menteeId: string,
    topicId: number | null,
  ): Promise<Mentorship | undefined> {
    const q = this.select()
      .where({ 'm.team_id': teamId, 'm.supporter_id': supporterId, 'm.mentee_id': menteeId })
      .whereIn('m.status', OPEN_STATUSES);
    if (topicId === null) q.whereNull('m.topic_id');
    else q.where('m.topic_id', topicId);
    const row = await q.first();
    return row ? toMentorship(row) : undefined;
  }

  /** Every pending or active mentorship between the two people, whatever the topic. */
  async listOpenBetween(teamId: string, supporterId: string, menteeId: string): Promise<Mentorship[]> {
    const rows = await this.select()
      .where({ 'm.team_id': teamId, 'm.supporter_id': supporterId, 'm.mentee_id': menteeId })
      .whereIn('m.status', OPEN_STATUSES)
      .orderBy('m.id');
    return rows.map(toMentorship);
  }

  async listForSupporter(teamId: string, supporterId: string, statuses = OPEN_STATUSES): Promise<Mentorship[]> {
    const rows = await this.select()
      .where({ 'm.team_id': teamId, 'm.supporter_id': supporterId })
      .whereIn('m.status', statuses)
      .orderBy([{ column: 't.name' }, { column: 'm.mentee_id' }, { column: 'm.id' }]);
    return rows.map(toMentorship);
  }

  async listForMentee(teamId: string, menteeId: string, statuses = OPEN_STATUSES): Promise<Mentorship[]> {
    const rows = await this.select()
      .where({ 'm.team_id': teamId, 'm.mentee_id': menteeId })
      .whereIn('m.status', statuses)
      .orderBy([{ column: 'm.created_at' }, { column: 'm.id' }]);
    return rows.map(toMentorship);
  }

  /** What `/mentor list` shows: whom the person supports (pending and active), and who actively supports them. */
  async listed(
    teamId: string,
    userId: string,
  ): Promise<{ supporting: ListedMentorship[]; supportedBy: ListedMentorship[] }> {
    const [supporting, supportedBy] = await Promise.all([
      this.reads.all<Record<string, unknown>>(this.listedReads.supporting, [teamId, userId]),
      this.reads.all<Record<string, unknown>>(this.listedReads.supportedBy, [teamId, userId]),
    ]);
    return { supporting: supporting.map(toListed), supportedBy: supportedBy.map(toListed) };
  }

  /**
   * A person's past mentorships (as mentee, or as supporter with `as: 'supporter'`), latest first,
   * with the private end reasons. Only admin surfaces may call this.
   */
  async pastFor(teamId: string, personId: string, as: 'mentee' | 'supporter', limit = 20): Promise<PastMentorship[]> {
    const rows = await this.db('mentorships as m')
      .leftJoin('topics as t', 't.id', 'm.topic_id')
      .where({ 'm.team_id': teamId, [as === 'mentee' ? 'm.mentee_id' : 'm.supporter_id']: personId })
      .whereIn('m.status', ['ended', 'declined'])
      .select(
        'm.id',
        'm.supporter_id',
        'm.mentee_id',
        'm.supporter_kind',
        'm.status',
        'm.created_at',
        'm.accepted_at',
        'm.ended_at',
        'm.declined_at',
        'm.ended_by',
        'm.end_reason',
        'm.programme_id',
        't.name as topic_name',
      )
      .orderByRaw('COALESCE(m.ended_at, m.declined_at, m.created_at) DESC, m.id DESC')
      .limit(limit);
    return (rows as Record<string, unknown>[]).map(toPast);
  }

  /**
   * The mentorship `userId` was last in that ended (either side), or with `otherId` on the other
   * side when given: what a Home or a click on an old message says ended, and when.
   */
  async lastEnded(teamId: string, userId: string, otherId?: string): Promise<Mentorship | undefined> {
    const q = this.select().where({ 'm.team_id': teamId, 'm.status': 'ended' });
    if (otherId)
      q.andWhere((w) =>
        w
          .where({ 'm.supporter_id': userId, 'm.mentee_id': otherId })
          .orWhere({ 'm.supporter_id': otherId, 'm.mentee_id': userId }),
      );
    else {
      // One query a side: an OR over the two columns made SQLite read every ended mentorship of the
      // workspace (23 ms at 100,000, on every Home of someone with nobody to support or be supported by).
      const [asSupporter, asMentee] = await Promise.all(
        (['m.supporter_id', 'm.mentee_id'] as const).map((column) =>
          this.select()
            .where({ 'm.team_id': teamId, 'm.status': 'ended', [column]: userId })
            .orderBy(LATEST_ENDED)
            .first(),
        ),
      );
      const latest = [asSupporter, asMentee]
        .filter(Boolean)
        .sort((a, b) => String(b.ended_at).localeCompare(String(a.ended_at)) || Number(b.id) - Number(a.id))[0];
      return latest ? toMentorship(latest) : undefined;
    }
    const row = await q.orderBy(LATEST_ENDED).first();
    return row ? toMentorship(row) : undefined;
  }

  /**
   * The private reason given after an ending (the confirmation ends first and asks for it after):
   * kept only from the person who ended it, and only if none was given yet. True when stored.
   */
  async setEndReason(teamId: string, id: number, endedBy: string, reason: string): Promise<boolean> {
    const changed = await this.db('mentorships')
      .where({ team_id: teamId, id, status: 'ended', ended_by: endedBy })
      .whereNull('end_reason')
      .update({ end_reason: reason });
    return changed > 0;
  }

  async isActiveSupporter(teamId: string, supporterId: string, menteeId: string): Promise<boolean> {
    const row = await this.db('mentorships')
      .where({ team_id: teamId, supporter_id: supporterId, mentee_id: menteeId, status: 'active' })
      .first('id');
    return Boolean(row);
  }

  async countActiveForSupporter(teamId: string, supporterId: string): Promise<number> {
    const row = await this.db('mentorships')
      .where({ team_id: teamId, supporter_id: supporterId, status: 'active' })
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }

  /** Open help requests from the mentees this person actively supports (the load warning). */
  async countOpenHelpForSupporter(teamId: string, supporterId: string): Promise<number> {
    const row = await this.db('assistance_requests as ar')
      .where({ 'ar.team_id': teamId })
      .whereNull('ar.resolved_at')
      .whereIn(
        'ar.mentee_id',
        this.db('mentorships')
          .select('mentee_id')
          .where({ team_id: teamId, supporter_id: supporterId, status: 'active' }),
      )
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }

  /**
   * Moves a mentorship on only if it is still in one of `from`, so a double click or a race
   * between two people changes it once. Returns the updated mentorship, or undefined if it had moved on.
   */
  async transition(
    teamId: string,
    id: number,
    from: readonly MentorshipStatus[],
    to: MentorshipStatus,
    fields: Record<string, string | null>,
    trx: Knex = this.db,
  ): Promise<Mentorship | undefined> {
    const changed = await trx('mentorships')
      .where({ team_id: teamId, id })
      .whereIn('status', from)
      .update({ status: to, ...fields });
    if (changed === 0) return undefined;
    const row = await trx('mentorships as m')
      .leftJoin('topics as t', 't.id', 'm.topic_id')
      .select('m.*', 't.name as topic_name', trx.raw(`${programmeNameSql()} as programme_name`))
      .where({ 'm.id': id })
      .first();
    return toMentorship(row);
  }

  async accept(teamId: string, id: number, now: Date) {
    const at = now.toISOString();
    return this.transition(teamId, id, ['pending'], 'active', { accepted_at: at, feedback_from: at });
  }

  async decline(teamId: string, id: number, now: Date) {
    return this.transition(teamId, id, ['pending'], 'declined', { declined_at: now.toISOString() });
  }

  /** `endedBy` is null when nobody ended it but the calendar (a cohort's end). */
  async end(teamId: string, id: number, endedBy: string | null, reason: string | null, now: Date, trx: Knex = this.db) {
    return this.transition(
      teamId,
      id,
      OPEN_STATUSES,
      'ended',
      { ended_at: now.toISOString(), ended_by: endedBy, end_reason: reason },
      trx,
    );
  }

  async setOffer(teamId: string, id: number, channel: string, ts: string): Promise<void> {
    await this.db('mentorships').where({ team_id: teamId, id }).update({ offer_channel: channel, offer_ts: ts });
  }
}

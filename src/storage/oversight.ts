import type { Knex } from 'knex';
import { addDays } from '../calendar/dates.ts';
import type { Db } from './db.ts';
import { helpOpenSql, nextMeetingSql } from './mentorships.ts';
import type { Listing } from './overview/listing.ts';
import { overdueBeforeSql, type ProgrammeRhythm, reportEveryDaysSql, rhythmsOf } from './programme-pairs.ts';
import { inProgrammes, type ProgrammeScope } from './programme-scope.ts';
import type { Mentorship, MentorshipStatus, SupporterKind } from './rows.ts';

/*
 * The admins' view of everyone in the programme: every mentorship, filtered and paged in SQL.
 * End reasons are selected here because only admins' surfaces read this store.
 */

/** `attention`: declined with nobody assigned since, or pending for longer than `staleAfterDays`. */
export type OversightState = 'all' | 'attention' | MentorshipStatus;

export interface OversightFilter {
  state: OversightState;
  topicId?: number | undefined;
  supporterId?: string | undefined;
  overdue?: boolean | undefined;
  help?: boolean | undefined;
  /** One programme's pairs (within the scope the reader administers). */
  programmeId?: number | undefined;
}

export type OversightRow = Pick<
  Mentorship,
  | 'id'
  | 'supporterId'
  | 'menteeId'
  | 'topicId'
  | 'topicName'
  | 'supporterKind'
  | 'status'
  | 'createdAt'
  | 'acceptedAt'
  | 'declinedAt'
  | 'endedAt'
  | 'endedBy'
  | 'feedbackFrom'
  | 'lastReportAt'
  | 'helpOpen'
> & {
  endReason: string | null;
  nextMeetingOn: string | null;
  /**
   * When the supporter was last nudged by an admin: when the nudge went (the reminder ledger), or,
   * for nudges from before nudges were held for working hours, when it was asked for (the audit log).
   */
  lastNudgedAt: string | null;
  /** An admin's nudge is waiting for the supporter's working hours. */
  nudgeHeld: boolean;
  /** Its programme's meeting-report rhythm; null follows FEEDBACK_INTERVAL_DAYS. */
  reportEveryDays?: number | null;
  /** When the one automatic reminder of an unanswered assignment went. */
  remindedAt: string | null;
};

export interface OversightClock {
  now: Date;
  intervalDays: number;
  staleAfterDays: number;
  /** Programmes with their own meeting-report rhythm (read here when not given). */
  rhythms?: readonly ProgrammeRhythm[];
}

/** Declined, and the mentee has had no mentorship for that topic assigned since. */
const unresolvedDecline = (db: Db, q: Knex.QueryBuilder) =>
  q
    .where('m.status', 'declined')
    .whereNotExists(
      db('mentorships as m3')
        .select(db.raw('1'))
        .whereRaw(
          'm3.team_id = m.team_id AND m3.mentee_id = m.mentee_id AND m3.id <> m.id AND m3.created_at >= m.created_at',
        )
        .whereRaw('(m3.topic_id = m.topic_id OR (m3.topic_id IS NULL AND m.topic_id IS NULL))'),
    );

/** The newest `mentorship.nudged` entry of the audit log for the row's mentorship (by its subject index). */
const lastNudgedSql = (db: Db) =>
  db('audit_events as a')
    .max('a.created_at')
    .whereRaw('a.team_id = m.team_id')
    .where('a.action', 'mentorship.nudged')
    .where('a.subject_type', 'mentorship')
    .whereRaw('a.subject_id = m.id');

/** The workspace's mentorships, of the programmes in scope, that the filter lets through. */
function filtered(
  db: Db,
  teamId: string,
  f: OversightFilter,
  c: OversightClock,
  scope: ProgrammeScope,
): Knex.QueryBuilder {
  const q = inProgrammes(db, db('mentorships as m').where('m.team_id', teamId), scope);
  if (f.programmeId !== undefined) inProgrammes(db, q, [f.programmeId]);
  const staleBefore = new Date(c.now.getTime() - c.staleAfterDays * 86_400_000).toISOString();
  if (f.state === 'attention') {
    q.where((w) => {
      unresolvedDecline(db, w);
      w.orWhere((p) => p.where('m.status', 'pending').where('m.created_at', '<', staleBefore));
    });
  } else if (f.state !== 'all') q.where('m.status', f.state);
  if (f.topicId !== undefined) q.where('m.topic_id', f.topicId);
  if (f.supporterId) q.where('m.supporter_id', f.supporterId);
  if (f.overdue) {
    // As the mentorships report counts it: the due day (feedback day + interval) is before today, in UTC.
    const before = overdueBeforeSql(c.now.toISOString().slice(0, 10), c.intervalDays, c.rhythms ?? [], addDays);
    q.where('m.status', 'active').whereNotNull('m.feedback_from').whereRaw(before.sql, before.bindings);
  }
  if (f.help) q.whereIn('m.status', ['pending', 'active']).whereRaw(helpOpenSql(db).toQuery());
  return q;
}

/** `what` of mentorship m's reminder-ledger rows of one kind (and status): admins' nudges, the offer reminder. */
const ledgerSql = (kind: 'nudge' | 'offer', what: string, status?: 'sent' | 'pending') =>
  `(SELECT ${what} FROM reminders r WHERE r.mentorship_id = m.id AND r.kind = '${kind}'${status ? ` AND r.status = '${status}'` : ''})`;

/** Declined first, then pending, then active, by age; ended last, latest first. */
const PAGE_ORDER =
  "CASE m.status WHEN 'declined' THEN 0 WHEN 'pending' THEN 1 WHEN 'active' THEN 2 ELSE 3 END, CASE WHEN m.status = 'ended' THEN m.ended_at END DESC, m.created_at, m.id";

/** The statuses PAGE_ORDER puts first, each read in its own order along the (team, status, created) index. */
const HEAD_STATUSES = ['declined', 'pending', 'active'] as const;

/**
 * The ids of one page, chosen on plain columns: the page's other columns are subqueries per row,
 * which PostgreSQL otherwise evaluated for every row before sorting (20 s at 100,000 pairs). And
 * not by sorting the whole workspace either (tens of ms a page at 100,000, the most costly query of
 * a busy morning): each status is read in its own order up to the page's end, along the index,
 * the rest (ended) sorted apart, and only those candidates ordered as PAGE_ORDER says.
 */
function pageIds(
  db: Db,
  teamId: string,
  f: OversightFilter,
  c: OversightClock,
  scope: ProgrammeScope,
  offset: number,
  limit: number,
  /** How many pairs the head statuses hold, when the kept counts tell: ended ones are read only past them. */
  headTotal?: number,
): Knex.QueryBuilder {
  const endedNeeded = headTotal === undefined || headTotal < offset + limit;
  const shown: MentorshipStatus[] =
    f.state === 'all'
      ? [...HEAD_STATUSES, ...(endedNeeded ? ['ended' as const] : [])]
      : f.state === 'attention'
        ? ['declined', 'pending']
        : [f.state];
  const branches = shown.map((status) => {
    const q = filtered(db, teamId, f, c, scope)
      .select('m.id', 'm.status', 'm.created_at', 'm.ended_at')
      .where('m.status', status);
    if (status === 'ended') q.orderByRaw(PAGE_ORDER);
    else q.orderBy([{ column: 'm.created_at' }, { column: 'm.id' }]);
    return db.select('*').from(q.limit(offset + limit).as(`s_${status}`));
  });
  const [first, ...more] = branches;
  const candidates = more.length ? first!.unionAll(more) : first!;
  return db.select('m.id').from(candidates.as('m')).orderByRaw(PAGE_ORDER).offset(offset).limit(limit);
}

/**
 * How many pairs the filter lets through: from the counts the database keeps by status
 * (migrations/20261203120001_team_counts.ts) when the filter is a status alone, across every
 * programme; counted otherwise.
 */
async function countOf(
  db: Db,
  teamId: string,
  f: OversightFilter,
  c: OversightClock,
  scope: ProgrammeScope,
): Promise<{ total: number; head?: number }> {
  const plain =
    scope === 'all' &&
    f.state !== 'attention' &&
    f.topicId === undefined &&
    !f.supporterId &&
    !f.overdue &&
    !f.help &&
    f.programmeId === undefined;
  if (!plain) {
    const row = (await filtered(db, teamId, f, c, scope).count({ n: '*' }).first()) as { n?: unknown } | undefined;
    return { total: Number(row?.n ?? 0) };
  }
  const counts = new Map(
    (await db('team_counts').where({ team_id: teamId, kind: 'status' }).select('bucket', 'n')).map((r) => [
      String(r.bucket),
      Number(r.n),
    ]),
  );
  const sum = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (counts.get(s) ?? 0), 0);
  return f.state === 'all' ? { total: sum([...counts.keys()]), head: sum(HEAD_STATUSES) } : { total: sum([f.state]) };
}

export class OversightStore {
  constructor(private readonly db: Db) {}

  /**
   * One page of the programme (the programmes in scope), the rows needing an admin first (declined, then the longest
   * pending), then open ones by age, then the rest latest first.
   */
  async page(
    teamId: string,
    f: OversightFilter,
    c: OversightClock,
    offset: number,
    limit: number,
    scope: ProgrammeScope = 'all',
  ): Promise<Listing<OversightRow>> {
    if (f.overdue && !c.rhythms) c = { ...c, rhythms: await rhythmsOf(this.db, teamId) };
    const { total, head } = await countOf(this.db, teamId, f, c, scope);
    const rows = (await this.db('mentorships as m')
      .whereIn('m.id', pageIds(this.db, teamId, f, c, scope, offset, limit, head))
      .leftJoin('topics as t', 't.id', 'm.topic_id')
      .select(
        'm.*',
        't.name as topic_name',
        this.db.raw(`(${helpOpenSql(this.db).toQuery()}) as assistance_open`),
        this.db.raw(`${nextMeetingSql()} as next_meeting_on`),
        this.db.raw(
          `COALESCE(${ledgerSql('nudge', 'MAX(r.sent_at)', 'sent')}, CASE WHEN NOT EXISTS ${ledgerSql('nudge', '1')} THEN (${lastNudgedSql(this.db).toQuery()}) END) as last_nudged_at`,
        ),
        this.db.raw(`${ledgerSql('nudge', 'COUNT(*)', 'pending')} as nudges_held`),
        this.db.raw(`${ledgerSql('offer', 'MAX(r.sent_at)', 'sent')} as reminded_at`),
        this.db.raw(`${reportEveryDaysSql()} as report_every_days`),
      )
      .orderByRaw(PAGE_ORDER)) as Record<string, unknown>[];
    const str = (v: unknown): string | null => (v == null ? null : String(v));
    return {
      total,
      items: rows.map((r) => ({
        id: Number(r.id),
        supporterId: String(r.supporter_id),
        menteeId: String(r.mentee_id),
        topicId: r.topic_id == null ? null : Number(r.topic_id),
        topicName: str(r.topic_name),
        supporterKind: r.supporter_kind as SupporterKind,
        status: r.status as MentorshipStatus,
        createdAt: String(r.created_at),
        acceptedAt: str(r.accepted_at),
        declinedAt: str(r.declined_at),
        endedAt: str(r.ended_at),
        endedBy: str(r.ended_by),
        endReason: str(r.end_reason),
        feedbackFrom: str(r.feedback_from),
        lastReportAt: str(r.last_report_at),
        helpOpen: Boolean(Number(r.assistance_open)),
        nextMeetingOn: str(r.next_meeting_on),
        lastNudgedAt: str(r.last_nudged_at),
        nudgeHeld: Number(r.nudges_held ?? 0) > 0,
        remindedAt: str(r.reminded_at),
        reportEveryDays: r.report_every_days == null ? null : Number(r.report_every_days),
      })),
    };
  }

  /** How many pairs need an admin (declined with nobody since, or pending too long): the Home button's count. */
  async attentionCount(teamId: string, c: OversightClock, scope: ProgrammeScope = 'all'): Promise<number> {
    const row = (await filtered(this.db, teamId, { state: 'attention' }, c, scope).count({ n: '*' }).first()) as
      | { n?: unknown }
      | undefined;
    return Number(row?.n ?? 0);
  }
}

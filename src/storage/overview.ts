import type { Knex } from 'knex';
import { addDays } from '../programme/dates.ts';
import type { Db } from './db.ts';
import { nextMeetingSql } from './mentorships.ts';
import type { MentorshipStatus, SupporterKind } from './rows.ts';
import { VersionedCache } from './versions.ts';

/*
 * Read-only, aggregate views across mentorships for App Home, the mentorships report and the CSV
 * export. Every query counts in SQL and returns at most `limit` rows, so a workspace with tens of
 * thousands of mentorships never loads them all at once.
 */

/**
 * The id of the oldest open assistance request that flags mentorship `m` (NULL when none). It
 * matches exactly the requests `assistanceOpenSql` in mentorships.ts counts, so the Resolve
 * button resolves the flag the 🛟 stands for.
 */
function openAssistanceIdSql(alias = 'm'): string {
  return `(SELECT MIN(ar.id) FROM assistance_requests ar
     WHERE ar.team_id = ${alias}.team_id AND ar.mentee_id = ${alias}.mentee_id AND ar.resolved_at IS NULL
       AND (ar.topic_id IS NULL OR ${alias}.topic_id IS NULL OR ar.topic_id = ${alias}.topic_id
            OR NOT EXISTS (SELECT 1 FROM mentorships m2
                           WHERE m2.team_id = ar.team_id AND m2.mentee_id = ar.mentee_id
                             AND m2.status = 'active' AND m2.topic_id = ar.topic_id)))`;
}

export interface SupporterHomeRow {
  mentorshipId: number;
  menteeId: string;
  topicName: string | null;
  supporterKind: SupporterKind;
  status: 'pending' | 'active';
  createdAt: string;
  feedbackFrom: string | null;
  lastReportAt: string | null;
  /** The open assistance request behind the 🛟, or null. */
  assistanceRequestId: number | null;
  nextMeetingOn?: string | null;
}

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

export interface Listing<T> {
  total: number;
  items: T[];
}

export interface MenteeHome {
  supporters: Listing<MenteeSupporterRow>;
  goals: Listing<GoalRow>;
  tasks: Listing<TaskRow>;
  /** When they asked the admins for a supporter, if that request is still open (the oldest). */
  requestedAt?: string | null;
}

export interface SupporterLoad {
  supporterId: string;
  active: number;
}

export interface PairItem {
  mentorshipId: number;
  supporterId: string;
  menteeId: string;
  topicName: string | null;
  /** feedback_from for overdue items, created_at for pending ones. */
  since: string;
}

export interface FlagItem {
  requestId: number;
  menteeId: string;
  topicName: string | null;
  openedAt: string;
}

export interface WaitingItem {
  requestId: number;
  menteeId: string;
  topicName: string | null;
  createdAt: string;
}

/** What the mentorships report and the admin's Home summarise; lists are the most urgent first. */
export interface ReportData {
  totals: { active: number; pending: number; endedThisMonth: number };
  supporters: { total: number; overCapacity: number; top: SupporterLoad[] };
  overdue: Listing<PairItem>;
  flags: Listing<FlagItem>;
  /** `total` counts people; items are their oldest open requests. */
  waiting: Listing<WaitingItem>;
  topicsWithoutSupporter: Listing<string>;
  stalePending: Listing<PairItem>;
}

/**
 * What the admin's Home shows: the report's totals and counts with its most urgent items, and
 * how many pairs wait for an admin. Read from counters the database keeps, not from every row.
 */
export type HomeSummary = Pick<ReportData, 'totals' | 'overdue' | 'flags' | 'waiting' | 'stalePending'> & {
  supporters: Pick<ReportData['supporters'], 'overCapacity'>;
  /** Declined with nobody assigned since, or pending too long: the programme view's "attention" filter. */
  attention: number;
};

export interface ReportOptions {
  now: Date;
  intervalDays: number;
  maxMenteesPerSupporter: number;
  /** Rows per list. */
  limit: number;
  staleAfterDays?: number;
}

export interface ExportRow {
  id: number;
  supporterId: string;
  supporterName: string | null;
  menteeId: string;
  menteeName: string | null;
  topicName: string | null;
  supporterKind: SupporterKind;
  status: MentorshipStatus;
  createdAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  feedbackFrom: string | null;
  lastReportAt: string | null;
  assistanceOpen: boolean;
  nextMeetingOn?: string | null;
}

const num = (v: unknown): number => Number(v ?? 0);
const str = (v: unknown): string | null => (v == null ? null : String(v));

/** COUNT(*) of a query, or COUNT(DISTINCT column). */
async function count(q: Knex.QueryBuilder, distinct?: string): Promise<number> {
  const row = (await (distinct ? q.countDistinct({ n: distinct }) : q.count({ n: '*' })).first()) as
    | { n?: unknown }
    | undefined;
  return num(row?.n);
}

/** How long the admin Home may show a remembered programme summary while nothing is written. */
export const SUMMARY_MAX_AGE_MS = 5 * 60_000;

export function overviewStore(db: Db, versions: { get(teamId: string): Promise<number> }) {
  /** Programme summaries by workspace and options, while the workspace's data version stands. */
  const summaries = new VersionedCache<{ at: number; data: HomeSummary }>(1_000);

  const pair = (r: Record<string, unknown>, since: string): PairItem => ({
    mentorshipId: num(r.id),
    supporterId: String(r.supporter_id),
    menteeId: String(r.mentee_id),
    topicName: str(r.topic_name),
    since: String(r[since]),
  });

  /** The instants and days a report's time-dependent parts are cut at. */
  const cutoffs = (o: ReportOptions) => {
    const today = o.now.toISOString().slice(0, 10);
    const staleBefore = new Date(o.now.getTime() - (o.staleAfterDays ?? 7) * 86_400_000).toISOString();
    return {
      // Overdue means the due day (feedback day + interval) is before today, i.e. the feedback day
      // is before this cutoff; ISO instants compare with a YYYY-MM-DD string chronologically.
      overdue: addDays(today, -o.intervalDays),
      month: today.slice(0, 7),
      staleBefore,
    };
  };
  const m = (teamId: string) => db('mentorships as m').where('m.team_id', teamId);
  const withTopic = (q: Knex.QueryBuilder) => q.leftJoin('topics as t', 't.id', 'm.topic_id');
  const overdue = (teamId: string, o: ReportOptions) =>
    m(teamId)
      .where('m.status', 'active')
      .whereNotNull('m.feedback_from')
      .where('m.feedback_from', '<', cutoffs(o).overdue);
  const stale = (teamId: string, o: ReportOptions) =>
    m(teamId).where('m.status', 'pending').where('m.created_at', '<', cutoffs(o).staleBefore);

  /*
   * The most urgent of each list, oldest first: each is read in order from an index that starts
   * with the workspace (migrations/20261203120001_team_counts.ts), so it costs `limit` rows.
   */
  const lists = {
    overdue: async (teamId: string, o: ReportOptions): Promise<PairItem[]> =>
      (
        (await withTopic(overdue(teamId, o))
          .select('m.id', 'm.supporter_id', 'm.mentee_id', 'm.feedback_from', 't.name as topic_name')
          .orderBy([{ column: 'm.feedback_from' }, { column: 'm.id' }])
          .limit(o.limit)) as Record<string, unknown>[]
      ).map((r) => pair(r, 'feedback_from')),
    flags: async (teamId: string, o: ReportOptions): Promise<FlagItem[]> =>
      (
        (await db('assistance_requests as ar')
          .leftJoin('topics as t', 't.id', 'ar.topic_id')
          .where('ar.team_id', teamId)
          .whereNull('ar.resolved_at')
          .select('ar.id', 'ar.mentee_id', 'ar.opened_at', 't.name as topic_name')
          .orderBy([{ column: 'ar.opened_at' }, { column: 'ar.id' }])
          .limit(o.limit)) as Record<string, unknown>[]
      ).map((r) => ({
        requestId: num(r.id),
        menteeId: String(r.mentee_id),
        topicName: str(r.topic_name),
        openedAt: String(r.opened_at),
      })),
    waiting: async (teamId: string, o: ReportOptions): Promise<WaitingItem[]> =>
      (
        (await db('supporter_requests as r')
          .leftJoin('topics as t', 't.id', 'r.topic_id')
          .where('r.team_id', teamId)
          .whereNull('r.closed_at')
          .select('r.id', 'r.requester_id', 'r.created_at', 't.name as topic_name')
          .orderBy([{ column: 'r.created_at' }, { column: 'r.id' }])
          .limit(o.limit)) as Record<string, unknown>[]
      ).map((r) => ({
        requestId: num(r.id),
        menteeId: String(r.requester_id),
        topicName: str(r.topic_name),
        createdAt: String(r.created_at),
      })),
    stalePending: async (teamId: string, o: ReportOptions): Promise<PairItem[]> =>
      (
        (await withTopic(stale(teamId, o))
          .select('m.id', 'm.supporter_id', 'm.mentee_id', 'm.created_at', 't.name as topic_name')
          .orderBy([{ column: 'm.created_at' }, { column: 'm.id' }])
          .limit(o.limit)) as Record<string, unknown>[]
      ).map((r) => pair(r, 'created_at')),
  };

  /**
   * The Home's counts from `team_counts`, which triggers keep as rows change: each subquery reads
   * a few counter rows (the kinds by status, month or day), or only the rows it counts (people
   * waiting, supporters above capacity, standing declines), never the workspace's mentorships.
   * Stale pending adds, to the days before the cutoff's, the cutoff's own day read from an index.
   */
  async function counts(teamId: string, o: ReportOptions) {
    const c = cutoffs(o);
    const counter = (kind: string) => db('team_counts').where({ team_id: teamId, kind });
    const row = (await db
      .select(
        counter('status').where('bucket', 'active').sum({ n: 'n' }).as('active'),
        counter('status').where('bucket', 'pending').sum({ n: 'n' }).as('pending'),
        counter('ended').where('bucket', '>=', c.month).sum({ n: 'n' }).as('ended'),
        counter('feedback').where('bucket', '<', c.overdue).sum({ n: 'n' }).as('overdue'),
        counter('pending').where('bucket', '<', c.staleBefore.slice(0, 10)).sum({ n: 'n' }).as('stale_days'),
        db('mentorships')
          .where({ team_id: teamId, status: 'pending' })
          .where('created_at', '>=', c.staleBefore.slice(0, 10))
          .where('created_at', '<', c.staleBefore)
          .count({ n: '*' })
          .as('stale_today'),
        counter('help').sum({ n: 'n' }).as('help'),
        counter('waiting').count({ n: '*' }).as('waiting'),
        counter('load').where('n', '>', o.maxMenteesPerSupporter).count({ n: '*' }).as('over_capacity'),
        counter('decline').count({ n: '*' }).as('declines'),
      )
      .first()) as Record<string, unknown>;
    const staleTotal = num(row.stale_days) + num(row.stale_today);
    return {
      totals: { active: num(row.active), pending: num(row.pending), endedThisMonth: num(row.ended) },
      overCapacity: num(row.over_capacity),
      overdue: num(row.overdue),
      flags: num(row.help),
      waiting: num(row.waiting),
      stalePending: staleTotal,
      attention: num(row.declines) + staleTotal,
    };
  }

  return {
    /**
     * One page of a supporter's pending and active mentorships: flagged first, then active by
     * how long since feedback (most overdue first), pending last.
     */
    async supporterPage(
      teamId: string,
      supporterId: string,
      offset: number,
      limit: number,
    ): Promise<Listing<SupporterHomeRow>> {
      const base = () =>
        db('mentorships as m')
          .where({ 'm.team_id': teamId, 'm.supporter_id': supporterId })
          .whereIn('m.status', ['pending', 'active']);
      const total = await count(base());
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
          db.raw(`${openAssistanceIdSql()} as assistance_id`),
          db.raw(`${nextMeetingSql()} as next_meeting_on`),
        )
        .orderByRaw(
          `CASE WHEN m.status = 'pending' THEN 2 WHEN ${openAssistanceIdSql()} IS NOT NULL THEN 0 ELSE 1 END, m.feedback_from, m.created_at, m.id`,
        )
        .offset(offset)
        .limit(limit)) as Record<string, unknown>[];
      return {
        total,
        items: rows.map((r) => ({
          mentorshipId: num(r.id),
          menteeId: String(r.mentee_id),
          topicName: str(r.topic_name),
          supporterKind: r.supporter_kind as SupporterKind,
          status: r.status as 'pending' | 'active',
          createdAt: String(r.created_at),
          feedbackFrom: str(r.feedback_from),
          lastReportAt: str(r.last_report_at),
          assistanceRequestId: r.assistance_id == null ? null : num(r.assistance_id),
          nextMeetingOn: str(r.next_meeting_on),
        })),
      };
    },

    /** A mentee's active supporters, open goals and open tasks, each capped at `limit`. */
    async menteeHome(teamId: string, menteeId: string, limit: number): Promise<MenteeHome> {
      const sup = () =>
        db('mentorships as m').where({ 'm.team_id': teamId, 'm.mentee_id': menteeId, 'm.status': 'active' });
      const goals = () => db('goals').where({ team_id: teamId, mentee_id: menteeId, status: 'open' });
      const tasks = () =>
        db('tasks').where({ team_id: teamId, mentee_id: menteeId }).whereNull('done_at').whereNull('dropped_at');
      const [supTotal, supRows, goalTotal, goalRows, taskTotal, taskRows, request] = await Promise.all([
        count(sup()),
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
          )
          .orderBy([{ column: 'm.accepted_at' }, { column: 'm.id' }])
          .limit(limit),
        count(goals()),
        goals().select('id', 'title', 'target_date').orderByRaw('target_date IS NULL, target_date, id').limit(limit),
        count(tasks()),
        tasks().select('id', 'title', 'due_date').orderByRaw('due_date IS NULL, due_date, id').limit(limit),
        db('supporter_requests')
          .where({ team_id: teamId, requester_id: menteeId })
          .whereNull('closed_at')
          .min({ at: 'created_at' })
          .first(),
      ]);
      return {
        requestedAt: str((request as { at?: unknown } | undefined)?.at),
        supporters: {
          total: supTotal,
          items: (supRows as Record<string, unknown>[]).map((r) => ({
            mentorshipId: num(r.id),
            supporterId: String(r.supporter_id),
            topicName: str(r.topic_name),
            supporterKind: r.supporter_kind as SupporterKind,
            since: String(r.accepted_at ?? r.created_at),
            nextMeetingOn: str(r.next_meeting_on),
          })),
        },
        goals: {
          total: goalTotal,
          items: (goalRows as Record<string, unknown>[]).map((r) => ({
            id: num(r.id),
            title: String(r.title),
            targetDate: str(r.target_date),
          })),
        },
        tasks: {
          total: taskTotal,
          items: (taskRows as Record<string, unknown>[]).map((r) => ({
            id: num(r.id),
            title: String(r.title),
            dueDate: str(r.due_date),
          })),
        },
      };
    },

    /**
     * What the admin Home shows, which every open and every change redraws. Its cost does not
     * grow with the workspace: counters and five-row index reads (see `counts` and `lists`). The
     * last one is also reused while nothing in the workspace has been written since (any
     * instance), on the same UTC day, for up to SUMMARY_MAX_AGE_MS (stale pending moves with time).
     */
    async summary(teamId: string, o: ReportOptions): Promise<HomeSummary> {
      const version = await versions.get(teamId);
      const at = o.now.getTime();
      const key = `${teamId}:${o.now.toISOString().slice(0, 10)}:${o.intervalDays}:${o.maxMenteesPerSupporter}:${o.limit}:${o.staleAfterDays ?? 7}`;
      const known = summaries.get(key, version);
      if (known && known.at <= at && at - known.at < SUMMARY_MAX_AGE_MS) return known.data;
      const data = await this.home(teamId, o);
      summaries.set(key, version, { at, data });
      return data;
    },

    /** The admin Home's summary, read afresh. Its counts equal the report's (and the programme view's "attention"). */
    async home(teamId: string, o: ReportOptions): Promise<HomeSummary> {
      const [n, overdueItems, flagItems, waitingItems, staleItems] = await Promise.all([
        counts(teamId, o),
        lists.overdue(teamId, o),
        lists.flags(teamId, o),
        lists.waiting(teamId, o),
        lists.stalePending(teamId, o),
      ]);
      return {
        totals: n.totals,
        supporters: { overCapacity: n.overCapacity },
        overdue: { total: n.overdue, items: overdueItems },
        flags: { total: n.flags, items: flagItems },
        waiting: { total: n.waiting, items: waitingItems },
        stalePending: { total: n.stalePending, items: staleItems },
        attention: n.attention,
      };
    },

    /**
     * The mentorships report. Calendar days are UTC here: it is one programme-wide view for admins,
     * whereas a supporter's own Home counts in their time zone.
     */
    async report(teamId: string, o: ReportOptions): Promise<ReportData> {
      const c = cutoffs(o);
      const monthStart = `${c.month}-01`;
      const flags = () => db('assistance_requests').where({ team_id: teamId }).whereNull('resolved_at');
      const waiting = () => db('supporter_requests').where({ team_id: teamId }).whereNull('closed_at');
      const loads = () => m(teamId).where('m.status', 'active').groupBy('m.supporter_id');
      const bareTopics = () =>
        db('topics as t')
          .where('t.team_id', teamId)
          .whereNull('t.archived_at')
          .whereNotExists(
            db('mentorships as m')
              .select(db.raw('1'))
              .whereRaw('m.team_id = t.team_id AND m.topic_id = t.id')
              .whereIn('m.status', ['pending', 'active']),
          );

      const [statusCounts, endedThisMonth, supporterTotal, overCapacity, top] = await Promise.all([
        m(teamId).whereIn('m.status', ['active', 'pending']).groupBy('m.status').select('m.status').count({ n: '*' }),
        count(m(teamId).where('m.status', 'ended').where('m.ended_at', '>=', monthStart)),
        count(m(teamId).where('m.status', 'active'), 'm.supporter_id'),
        count(db.from(loads().select('m.supporter_id').havingRaw('COUNT(*) > ?', [o.maxMenteesPerSupporter]).as('x'))),
        loads()
          .select('m.supporter_id')
          .count({ n: '*' })
          .orderBy([{ column: 'n', order: 'desc' }, { column: 'm.supporter_id' }])
          .limit(o.limit),
      ]);
      const [
        overdueTotal,
        overdueItems,
        flagTotal,
        flagItems,
        waitingTotal,
        waitingItems,
        topicTotal,
        topicRows,
        staleTotal,
        staleItems,
      ] = await Promise.all([
        count(overdue(teamId, o)),
        lists.overdue(teamId, o),
        count(flags()),
        lists.flags(teamId, o),
        count(waiting(), 'requester_id'),
        lists.waiting(teamId, o),
        count(bareTopics()),
        bareTopics().select('t.name').orderBy('t.name_key').limit(o.limit),
        count(stale(teamId, o)),
        lists.stalePending(teamId, o),
      ]);

      const byStatus = new Map((statusCounts as Record<string, unknown>[]).map((r) => [String(r.status), num(r.n)]));
      return {
        totals: { active: byStatus.get('active') ?? 0, pending: byStatus.get('pending') ?? 0, endedThisMonth },
        supporters: {
          total: supporterTotal,
          overCapacity,
          top: (top as Record<string, unknown>[]).map((r) => ({
            supporterId: String(r.supporter_id),
            active: num(r.n),
          })),
        },
        overdue: { total: overdueTotal, items: overdueItems },
        flags: { total: flagTotal, items: flagItems },
        waiting: { total: waitingTotal, items: waitingItems },
        topicsWithoutSupporter: {
          total: topicTotal,
          items: (topicRows as Record<string, unknown>[]).map((r) => String(r.name)),
        },
        stalePending: { total: staleTotal, items: staleItems },
      };
    },

    /** One page of every mentorship in the workspace for the CSV export, by id after `afterId`. */
    async exportPage(teamId: string, afterId: number, limit: number): Promise<ExportRow[]> {
      const rows = (await db('mentorships as m')
        .leftJoin('topics as t', 't.id', 'm.topic_id')
        .leftJoin('people as ps', (j) => j.on('ps.team_id', 'm.team_id').andOn('ps.user_id', 'm.supporter_id'))
        .leftJoin('people as pm', (j) => j.on('pm.team_id', 'm.team_id').andOn('pm.user_id', 'm.mentee_id'))
        .where('m.team_id', teamId)
        .where('m.id', '>', afterId)
        // Never the private end_reason: only what the export shows is selected.
        .select(
          'm.id',
          'm.supporter_id',
          'm.mentee_id',
          'm.supporter_kind',
          'm.status',
          'm.created_at',
          'm.accepted_at',
          'm.ended_at',
          'm.feedback_from',
          'm.last_report_at',
          't.name as topic_name',
          'ps.name as supporter_name',
          'pm.name as mentee_name',
          db.raw(`${openAssistanceIdSql()} as assistance_id`),
          db.raw(`${nextMeetingSql()} as next_meeting_on`),
        )
        .orderBy('m.id')
        .limit(limit)) as Record<string, unknown>[];
      return rows.map((r) => ({
        id: num(r.id),
        supporterId: String(r.supporter_id),
        supporterName: str(r.supporter_name),
        menteeId: String(r.mentee_id),
        menteeName: str(r.mentee_name),
        topicName: str(r.topic_name),
        supporterKind: r.supporter_kind as SupporterKind,
        status: r.status as MentorshipStatus,
        createdAt: String(r.created_at),
        acceptedAt: str(r.accepted_at),
        endedAt: str(r.ended_at),
        feedbackFrom: str(r.feedback_from),
        lastReportAt: str(r.last_report_at),
        assistanceOpen: r.assistance_id != null,
        nextMeetingOn: str(r.next_meeting_on),
      }));
    },
  };
}

import type { Knex } from 'knex';
import { addDays } from '../../calendar/dates.ts';
import type { Db } from '../db.ts';
import { overdueBeforeSql, type ProgrammeRhythm, reportEveryDaysSql } from '../programme-pairs.ts';
import { helpInProgrammes, inProgrammes, type ProgrammeScope } from '../programme-scope.ts';
import { num, str } from './listing.ts';

/*
 * The lists both the admin's Home and the mentorships report show, the most urgent of each
 * first: overdue reports, open calls for help, people waiting for a supporter, stale pending
 * assignments.
 */

export interface ReportOptions {
  now: Date;
  intervalDays: number;
  maxMenteesPerSupporter: number;
  /** Rows per list. */
  limit: number;
  staleAfterDays?: number;
  /** Whose pairs: every programme's (left out), or a manager's programmes. */
  programmes?: ProgrammeScope;
  /** Programmes with their own meeting-report rhythm (storage fills it in when not given). */
  rhythms?: readonly ProgrammeRhythm[];
}

export interface PairItem {
  mentorshipId: number;
  supporterId: string;
  menteeId: string;
  topicName: string | null;
  /** feedback_from for overdue items, created_at for pending ones. */
  since: string;
  /** Overdue items: their programme's rhythm, when it has its own. */
  reportEveryDays?: number | null;
}

export interface HelpItem {
  requestId: number;
  menteeId: string;
  topicName: string | null;
  openedAt: string;
}

export interface SupporterRequestItem {
  requestId: number;
  menteeId: string;
  topicName: string | null;
  createdAt: string;
  /** Help asked for while waiting, and when (null when they have not asked). */
  helpNote: string | null;
  helpAskedAt: string | null;
  /** The supporter the mentee named (`/mentor request @person`), if they did. */
  wantedSupporterId?: string | null;
}

const pair = (r: Record<string, unknown>, since: string): PairItem => ({
  mentorshipId: num(r.id),
  supporterId: String(r.supporter_id),
  menteeId: String(r.mentee_id),
  topicName: str(r.topic_name),
  since: String(r[since]),
  ...(r.report_every_days != null ? { reportEveryDays: num(r.report_every_days) } : {}),
});

/** The instants and days a report's time-dependent parts are cut at. */
export const cutoffs = (o: ReportOptions) => {
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

/** The workspace's mentorships (those of the programmes in scope), as `m`. */
export const mentorshipsOf = (db: Db, teamId: string, scope?: ProgrammeScope) =>
  inProgrammes(db, db('mentorships as m').where('m.team_id', teamId), scope);

/** Open help requests, as `ar`: a manager's are those of their pairs' mentees. */
export const openHelpOf = (db: Db, teamId: string, scope?: ProgrammeScope) =>
  helpInProgrammes(db, db('assistance_requests as ar').where('ar.team_id', teamId).whereNull('ar.resolved_at'), scope);

/** People waiting for a supporter, as `r`: a manager's are those who asked in their programmes. */
export const openSupporterRequestsOf = (db: Db, teamId: string, scope?: ProgrammeScope) =>
  inProgrammes(db, db('supporter_requests as r').where('r.team_id', teamId).whereNull('r.closed_at'), scope, 'r');
const withTopic = (q: Knex.QueryBuilder) => q.leftJoin('topics as t', 't.id', 'm.topic_id');

export const overdue = (db: Db, teamId: string, o: ReportOptions) => {
  const before = overdueBeforeSql(o.now.toISOString().slice(0, 10), o.intervalDays, o.rhythms ?? [], addDays);
  return mentorshipsOf(db, teamId, o.programmes)
    .where('m.status', 'active')
    .whereNotNull('m.feedback_from')
    .whereRaw(before.sql, before.bindings);
};

export const stale = (db: Db, teamId: string, o: ReportOptions) =>
  mentorshipsOf(db, teamId, o.programmes)
    .where('m.status', 'pending')
    .where('m.created_at', '<', cutoffs(o).staleBefore);

/*
 * The most urgent of each list, oldest first: each is read in order from an index that starts
 * with the workspace (migrations/20261203120001_team_counts.ts), so it costs `limit` rows.
 */

export async function overdueList(db: Db, teamId: string, o: ReportOptions): Promise<PairItem[]> {
  return (
    (await withTopic(overdue(db, teamId, o))
      .select('m.id', 'm.supporter_id', 'm.mentee_id', 'm.feedback_from', 't.name as topic_name')
      .modify((q) => {
        if (o.rhythms?.length) q.select(db.raw(`${reportEveryDaysSql()} AS report_every_days`));
      })
      .orderBy([{ column: 'm.feedback_from' }, { column: 'm.id' }])
      .limit(o.limit)) as Record<string, unknown>[]
  ).map((r) => pair(r, 'feedback_from'));
}

export async function helpList(db: Db, teamId: string, o: ReportOptions): Promise<HelpItem[]> {
  return (
    (await openHelpOf(db, teamId, o.programmes)
      .leftJoin('topics as t', 't.id', 'ar.topic_id')
      .select('ar.id', 'ar.mentee_id', 'ar.opened_at', 't.name as topic_name')
      .orderBy([{ column: 'ar.opened_at' }, { column: 'ar.id' }])
      .limit(o.limit)) as Record<string, unknown>[]
  ).map((r) => ({
    requestId: num(r.id),
    menteeId: String(r.mentee_id),
    topicName: str(r.topic_name),
    openedAt: String(r.opened_at),
  }));
}

export async function supporterRequestList(db: Db, teamId: string, o: ReportOptions): Promise<SupporterRequestItem[]> {
  return (
    (await openSupporterRequestsOf(db, teamId, o.programmes)
      .leftJoin('topics as t', 't.id', 'r.topic_id')
      .select(
        'r.id',
        'r.requester_id',
        'r.created_at',
        'r.help_note',
        'r.help_asked_at',
        'r.wanted_supporter_id',
        't.name as topic_name',
      )
      .orderBy([{ column: 'r.created_at' }, { column: 'r.id' }])
      .limit(o.limit)) as Record<string, unknown>[]
  ).map((r) => ({
    requestId: num(r.id),
    menteeId: String(r.requester_id),
    topicName: str(r.topic_name),
    createdAt: String(r.created_at),
    helpNote: str(r.help_note),
    helpAskedAt: str(r.help_asked_at),
    wantedSupporterId: str(r.wanted_supporter_id),
  }));
}

export async function staleList(db: Db, teamId: string, o: ReportOptions): Promise<PairItem[]> {
  return (
    (await withTopic(stale(db, teamId, o))
      .select('m.id', 'm.supporter_id', 'm.mentee_id', 'm.created_at', 't.name as topic_name')
      .orderBy([{ column: 'm.created_at' }, { column: 'm.id' }])
      .limit(o.limit)) as Record<string, unknown>[]
  ).map((r) => pair(r, 'created_at'));
}

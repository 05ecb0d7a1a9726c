import type { Db } from './db.ts';
import { inProgrammes, type ProgrammeScope } from './programme-scope.ts';

/** One mentorship, as the programme's trends read it. */
export interface PairFactRow {
  id: number;
  supporterId: string;
  menteeId: string;
  createdAt: string;
  acceptedAt: string | null;
  /** Assigned to be accepted (not "Don't tell them"): the supporter had to accept, so the wait counts. */
  notify: boolean;
  endedAt: string | null;
  endedBy: string | null;
  /** Ended by Lifering because one of them left the workspace. */
  endedByLeaver: boolean;
}

/** Plain facts for the programme's monthly trends (src/features/trends/rules.ts turns them into figures). */
export interface TrendFactsRows {
  pairs: PairFactRow[];
  /** Meeting reports: the pair and the day they met. */
  reports: { mentorshipId: number; metOn: string }[];
  /** `resolvedAt`: when someone marked it resolved; null while open, and when it closed because its mentorship ended (nobody resolved it). */
  help: { menteeId: string; openedAt: string; resolvedAt: string | null }[];
  checkins: { mentorshipId: number; score: number; answeredAt: string }[];
}

export class TrendsStore {
  constructor(private readonly db: Db) {}

  /**
   * Everything since `since` (an ISO instant at a month's start): every pair that was not over
   * before it (ended ones, declined ones and pending ones included), and the reports, help
   * requests and answered check-ins from then on. Comments and end reasons are never read. With
   * a manager's scope, only their programmes' pairs, and the reports, check-ins and calls for help
   * of those pairs.
   */
  async facts(teamId: string, since: string, scope: ProgrammeScope = 'all'): Promise<TrendFactsRows> {
    const all = await this.read(teamId, since, scope);
    if (scope === 'all') return all;
    const pairIds = new Set(all.pairs.map((p) => p.id));
    const mentees = new Set(all.pairs.map((p) => p.menteeId));
    return {
      pairs: all.pairs,
      reports: all.reports.filter((r) => pairIds.has(r.mentorshipId)),
      help: all.help.filter((h) => mentees.has(h.menteeId)),
      checkins: all.checkins.filter((c) => pairIds.has(c.mentorshipId)),
    };
  }

  private async read(teamId: string, since: string, scope: ProgrammeScope): Promise<TrendFactsRows> {
    const [pairs, reports, help, checkins] = await Promise.all([
      inProgrammes(this.db, this.db('mentorships as m'), scope)
        // Lifering ends a leaver's mentorships in their name, once it has marked them as left.
        .leftJoin('people as p', function () {
          this.on('p.team_id', '=', 'm.team_id').andOn('p.user_id', '=', 'm.ended_by');
        })
        .where('m.team_id', teamId)
        .andWhere((q) => q.whereNull('m.ended_at').orWhere('m.ended_at', '>=', since))
        .andWhere((q) => q.whereNull('m.declined_at').orWhere('m.declined_at', '>=', since))
        .select(
          'm.id',
          'm.supporter_id',
          'm.mentee_id',
          'm.created_at',
          'm.accepted_at',
          'm.notify',
          'm.ended_at',
          'm.ended_by',
          'p.left_at',
        )
        .orderBy('m.id'),
      this.db('meeting_reports')
        .where('team_id', teamId)
        .andWhere('met_on', '>=', since.slice(0, 10))
        .select('mentorship_id', 'met_on'),
      this.db('assistance_requests')
        .where('team_id', teamId)
        .andWhere('opened_at', '>=', since)
        .orderBy('opened_at')
        .select('mentee_id', 'opened_at', 'resolved_at', 'closed_reason'),
      this.db('checkins')
        .where('team_id', teamId)
        .andWhere('answered_at', '>=', since)
        .whereNotNull('score')
        .select('mentorship_id', 'score', 'answered_at'),
    ]);
    return {
      pairs: (pairs as Record<string, unknown>[]).map((r) => ({
        id: Number(r.id),
        supporterId: r.supporter_id as string,
        menteeId: r.mentee_id as string,
        createdAt: r.created_at as string,
        acceptedAt: (r.accepted_at as string | null) ?? null,
        notify: Boolean(r.notify),
        endedAt: (r.ended_at as string | null) ?? null,
        endedBy: (r.ended_by as string | null) ?? null,
        endedByLeaver: r.left_at != null && r.ended_at != null && (r.left_at as string) <= (r.ended_at as string),
      })),
      reports: reports.map((r) => ({ mentorshipId: Number(r.mentorship_id), metOn: r.met_on as string })),
      help: help.map((r) => ({
        menteeId: r.mentee_id as string,
        openedAt: r.opened_at as string,
        resolvedAt: r.closed_reason ? null : ((r.resolved_at as string | null) ?? null),
      })),
      checkins: checkins.map((r) => ({
        mentorshipId: Number(r.mentorship_id),
        score: Number(r.score),
        answeredAt: r.answered_at as string,
      })),
    };
  }
}

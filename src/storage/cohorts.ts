import type { Db } from './db.ts';
import { type MentorshipsStore, OPEN_STATUSES } from './mentorships.ts';
import type { Mentorship } from './rows.ts';

/** A programme's id with its workspace: what the sweep finds due, before it reads each one. */
export interface ProgrammeRef {
  teamId: string;
  id: number;
}

/**
 * A cohort's end: the cohorts whose end date has come, the pairs still open in one, and the claim
 * that closes it once (of several instances and sweeps, one sends its final report).
 */
export class CohortsStore {
  constructor(
    private readonly db: Db,
    private readonly mentorships: MentorshipsStore,
  ) {}

  /** Open (or closed but not yet ended) cohorts whose end date is `today` or earlier, in every workspace. */
  async dueToEnd(today: string): Promise<ProgrammeRef[]> {
    const rows = await this.db('programmes')
      .where({ kind: 'cohort' })
      .whereIn('status', ['open', 'closed'])
      .whereNull('ended_at')
      .whereNotNull('ends_on')
      .where('ends_on', '<=', today)
      .orderBy('id')
      .select('team_id', 'id');
    return rows.map((r) => ({ teamId: r.team_id as string, id: Number(r.id) }));
  }

  /** The cohort's pending and active mentorships, oldest first, `limit` at a time. */
  async openPairs(teamId: string, programmeId: number, limit: number): Promise<Mentorship[]> {
    const rows = await this.mentorships
      .select()
      .where({ 'm.team_id': teamId, 'm.programme_id': programmeId })
      .whereIn('m.status', OPEN_STATUSES)
      .orderBy('m.id')
      .limit(limit);
    return rows.map(this.mentorships.toMentorship);
  }

  /** Marks the cohort closed and ended; true for the one call that did (the others find it ended). */
  async claimEnd(teamId: string, programmeId: number, now: Date): Promise<boolean> {
    const n = await this.db('programmes')
      .where({ team_id: teamId, id: programmeId })
      .whereNull('ended_at')
      .update({ status: 'closed', ended_at: now.toISOString() });
    return n > 0;
  }

  /** The cohort run again from this one, if it was. */
  async nextOf(teamId: string, programmeId: number): Promise<number | undefined> {
    const row = await this.db('programmes').where({ team_id: teamId, previous_id: programmeId }).first('id');
    return row ? Number(row.id) : undefined;
  }

  /** How many of the cohort's mentorships there were, by status, for its final report. */
  async pairCounts(teamId: string, programmeId: number): Promise<Record<string, number>> {
    const rows = (await this.db('mentorships')
      .where({ team_id: teamId, programme_id: programmeId })
      .groupBy('status')
      .select('status')
      .count({ n: '*' })) as { status: string; n: number | string }[];
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}

import type { Db } from '../db.ts';

/** How far a workspace's admins have come in setting Lifering up, for the first-day card. */
export interface SetupProgress {
  /** At least one topic people can be supported in. */
  topics: boolean;
  /** At least one supporter told Lifering what they offer. */
  profiles: boolean;
  /** At least one mentorship was ever assigned. */
  paired: boolean;
}

const any = async (q: ReturnType<Db>) => (await q.first('team_id')) !== undefined;

/** Three existence checks, each reading at most one row. */
export async function setupProgress(db: Db, teamId: string): Promise<SetupProgress> {
  const [topics, profiles, paired] = await Promise.all([
    any(db('topics').where({ team_id: teamId }).whereNull('archived_at')),
    any(db('supporter_profiles').where({ team_id: teamId })),
    any(db('mentorships').where({ team_id: teamId })),
  ]);
  return { topics, profiles, paired };
}

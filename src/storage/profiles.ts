import type { Db } from './db.ts';
import type { FamiliarityLevel } from './familiarity.ts';

export interface OfferedTopic {
  topicId: number;
  topicName: string;
  level: FamiliarityLevel;
}

export interface SupporterProfile {
  teamId: string;
  userId: string;
  /** Null: the programme's default (MAX_MENTEES_PER_SUPPORTER). */
  capacity: number | null;
  /** YYYY-MM-DD: away up to and including this day. */
  awayUntil: string | null;
  updatedAt: string;
  topics: OfferedTopic[];
}

export interface ProfileInput {
  capacity: number | null;
  awayUntil: string | null;
  topics: { topicId: number; level: FamiliarityLevel }[];
}

/** A supporter as the matcher sees them: their profile, open load and time zone, in three queries. */
export interface MatchCandidate extends SupporterProfile {
  /** Pending and active mentorships they have now. */
  load: number;
  tz: string | null;
  /** Mentees (and topics) they already have an open mentorship with. */
  open: { menteeId: string; topicId: number | null }[];
}

/** The topics each of these supporters offers, by name. */
async function topicsFor(db: Db, teamId: string, userIds: readonly string[]): Promise<Map<string, OfferedTopic[]>> {
  const byUser = new Map<string, OfferedTopic[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db('supporter_topics as s')
    .join('topics as t', 't.id', 's.topic_id')
    .where('s.team_id', teamId)
    .whereIn('s.user_id', [...userIds])
    .whereNull('t.archived_at')
    .select('s.user_id', 's.topic_id', 's.level', 't.name')
    .orderBy('t.name_key');
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({
      topicId: Number(r.topic_id),
      topicName: r.name as string,
      level: Number(r.level) as FamiliarityLevel,
    });
    byUser.set(r.user_id, list);
  }
  return byUser;
}

const toProfile = (r: Record<string, unknown>, topics: OfferedTopic[]): SupporterProfile => ({
  teamId: r.team_id as string,
  userId: r.user_id as string,
  capacity: r.capacity == null ? null : Number(r.capacity),
  awayUntil: (r.away_until as string | null) ?? null,
  updatedAt: r.updated_at as string,
  topics,
});

/** Supporters' offers: topics and levels, capacity, availability. */
export class ProfilesStore {
  constructor(private readonly db: Db) {}

  async get(teamId: string, userId: string): Promise<SupporterProfile | undefined> {
    const row = await this.db('supporter_profiles').where({ team_id: teamId, user_id: userId }).first();
    if (!row) return undefined;
    return toProfile(row, (await topicsFor(this.db, teamId, [userId])).get(userId) ?? []);
  }

  /** Replaces the whole profile in one transaction, so a half-saved set of topics is never seen. */
  async save(teamId: string, userId: string, p: ProfileInput, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db.transaction(async (trx) => {
      await trx('supporter_profiles')
        .insert({ team_id: teamId, user_id: userId, capacity: p.capacity, away_until: p.awayUntil, updated_at: at })
        .onConflict(['team_id', 'user_id'])
        .merge(['capacity', 'away_until', 'updated_at']);
      await trx('supporter_topics').where({ team_id: teamId, user_id: userId }).delete();
      const rows = p.topics.map((t) => ({ team_id: teamId, user_id: userId, topic_id: t.topicId, level: t.level }));
      if (rows.length) await trx('supporter_topics').insert(rows);
    });
  }

  /**
   * Everyone who has a supporter profile, with what ranking needs. Bounded by the number of
   * supporters who filled in a profile, not by mentorships; `limit` caps it for very large programmes.
   */
  async candidates(teamId: string, limit = 500): Promise<MatchCandidate[]> {
    const rows = await this.db('supporter_profiles as p')
      .leftJoin('people as pe', function () {
        this.on('pe.team_id', 'p.team_id').andOn('pe.user_id', 'p.user_id');
      })
      .where('p.team_id', teamId)
      .andWhere((q) => q.whereNull('pe.is_deleted').orWhere('pe.is_deleted', false))
      .select('p.*', 'pe.tz')
      .orderBy('p.user_id')
      .limit(limit);
    const ids = rows.map((r) => r.user_id as string);
    if (ids.length === 0) return [];
    const [topics, open] = await Promise.all([
      topicsFor(this.db, teamId, ids),
      this.db('mentorships')
        .where('team_id', teamId)
        .whereIn('status', ['pending', 'active'])
        .whereIn('supporter_id', ids)
        .select('supporter_id', 'mentee_id', 'topic_id'),
    ]);
    const openBy = new Map<string, { menteeId: string; topicId: number | null }[]>();
    for (const o of open) {
      const list = openBy.get(o.supporter_id) ?? [];
      list.push({ menteeId: o.mentee_id as string, topicId: o.topic_id == null ? null : Number(o.topic_id) });
      openBy.set(o.supporter_id, list);
    }
    return rows.map((r) => {
      const mine = openBy.get(r.user_id) ?? [];
      return {
        ...toProfile(r, topics.get(r.user_id) ?? []),
        tz: (r.tz as string | null) ?? null,
        load: mine.length,
        open: mine,
      };
    });
  }
}

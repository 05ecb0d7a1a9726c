import { isPostgres } from '../src/storage/db.ts';
import type { Storage } from '../src/storage/index.ts';

export interface Seeded {
  teamId: string;
  admin: string;
  /** A supporter with `busyLoad` active mentees, for the Home and list figures. */
  busySupporter: string;
  supporters: string[];
  mentees: string[];
}

/** SQLite caps a compound SELECT at 500 terms, which is how knex batches multi-row inserts there. */
const BATCH = 400;

const uid = (prefix: string, i: number) => `${prefix}${String(i).padStart(7, '0')}`;

/**
 * A workspace of `people` people and `mentorships` mentorships over 20 topics, with feedback
 * dates spread over the last 60 days so that a realistic share is due or overdue. Rows go in
 * through knex in batches (fast on both engines); nothing here runs app logic.
 */
export async function seedWorkspace(
  storage: Storage,
  opts: { teamId?: string; people: number; mentorships: number; busyLoad: number; now: Date; fetchedAt: Date },
): Promise<Seeded> {
  const teamId = opts.teamId ?? 'TBENCH0001';
  const db = storage.db;
  const at = opts.now.toISOString();
  // Profiles as fresh as a real workspace's: fetched just now, so a command finds them within
  // PEOPLE_CACHE_MINUTES and asks Slack nothing, whatever date the mentorships are set around.
  const fetched = opts.fetchedAt.toISOString();
  const supporterCount = Math.floor(opts.people / 5);
  const supporters = Array.from({ length: supporterCount }, (_, i) => uid('US', i));
  const mentees = Array.from({ length: opts.people - supporterCount }, (_, i) => uid('UM', i));
  const admin = supporters[0]!;
  const busySupporter = supporters[1]!;

  await db.batchInsert(
    'people',
    [...supporters, ...mentees].map((id, i) => ({
      team_id: teamId,
      user_id: id,
      name: `person ${i}`,
      tz: ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Pacific/Auckland'][i % 4],
      is_workspace_admin: id === admin,
      is_bot: false,
      is_deleted: false,
      fetched_at: fetched,
      updated_at: fetched,
    })),
    BATCH,
  );
  const topicIds: number[] = [];
  for (let i = 0; i < 20; i++) {
    topicIds.push((await storage.topics.create(teamId, { name: `Topic ${i}`, createdBy: admin }, opts.now)).id);
  }

  const rows: Record<string, unknown>[] = [];
  const day = 86_400_000;
  // The busy supporter first, then every other pair: unique by (supporter, mentee, topic).
  for (let k = 0; k < opts.busyLoad; k++) {
    rows.push(row(busySupporter, mentees[k % mentees.length]!, topicIds[k % topicIds.length]!, k));
  }
  // Spread over everyone, as a programme is: each supporter about 50 pairs, each mentee about 12.
  // (k mod mentees, k mod supporters) repeats only after lcm(8,000, 1,998) pairs, far past 100,000.
  // Before, a pair's mentee was k / supporters: 51 mentees with 2,000 supporters each, and nobody
  // for the other 7,949, so a life ring either alerted 2,000 people or went to the admins.
  for (let k = opts.busyLoad; rows.length < opts.mentorships; k++) {
    const supporter = supporters[2 + (k % (supporters.length - 2))]!;
    const mentee = mentees[k % mentees.length]!;
    rows.push(row(supporter, mentee, topicIds[Math.floor(k / 97) % topicIds.length]!, k));
  }
  function row(supporter: string, mentee: string, topicId: number, k: number) {
    const status = k % 20 === 0 ? 'pending' : k % 10 === 5 ? 'ended' : 'active';
    const from = new Date(opts.now.getTime() - (k % 60) * day - (k % 7) * 3_600_000).toISOString();
    return {
      team_id: teamId,
      supporter_id: supporter,
      mentee_id: mentee,
      topic_id: topicId,
      supporter_kind: (['mentor', 'coach', 'advisor', 'on_demand_advisor'] as const)[k % 4],
      status,
      assigned_by: admin,
      notify: true,
      created_at: from,
      accepted_at: status === 'pending' ? null : from,
      ended_at: status === 'ended' ? at : null,
      feedback_from: status === 'active' ? from : null,
      last_report_at: k % 3 === 0 && status === 'active' ? from : null,
    };
  }
  await db.transaction(async (trx) => {
    await trx.batchInsert('mentorships', rows, BATCH);
  });
  // PostgreSQL plans from statistics, which autovacuum would gather a minute after a load like
  // this; gather them now so the figures are of a settled database (unanalysed, an export page
  // took 3 s instead of 30 ms).
  if (isPostgres(db)) await db.raw('ANALYZE');
  return { teamId, admin, busySupporter, supporters, mentees };
}

import type { Knex } from 'knex';

/** Bulk seeding straight into the tables, for tests that need realistic volumes or exact states. */
export interface SeedMentorship {
  team_id?: string;
  supporter_id: string;
  mentee_id: string;
  topic_id?: number | null;
  supporter_kind?: string;
  status: 'pending' | 'active' | 'declined' | 'ended';
  created_at?: string;
  accepted_at?: string | null;
  ended_at?: string | null;
  end_reason?: string | null;
  feedback_from?: string | null;
  last_report_at?: string | null;
}

export async function seedMentorships(db: Knex, teamId: string, rows: SeedMentorship[]): Promise<void> {
  const full = rows.map((r) => ({
    team_id: teamId,
    topic_id: null,
    supporter_kind: 'mentor',
    assigned_by: 'UADMIN01',
    notify: r.status === 'pending',
    created_at: '2026-09-01T09:00:00.000Z',
    accepted_at: r.status === 'active' ? (r.feedback_from ?? '2026-09-01T09:00:00.000Z') : null,
    ...r,
  }));
  // Chunks keep each INSERT under SQLite's bound-parameter limit.
  for (let i = 0; i < full.length; i += 500) await db('mentorships').insert(full.slice(i, i + 500));
}

export async function seedTopic(db: Knex, teamId: string, name: string, archived = false): Promise<number> {
  const [row] = await db('topics')
    .insert({
      team_id: teamId,
      name,
      name_key: name.toLowerCase(),
      created_at: '2026-01-01T00:00:00.000Z',
      archived_at: archived ? '2026-02-01T00:00:00.000Z' : null,
    })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

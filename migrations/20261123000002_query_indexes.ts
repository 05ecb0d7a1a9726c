import type { Knex } from 'knex';

/*
 * Indexes found by `npm run bench` on 100,000 mentorships. Without statistics SQLite prefers an
 * index that avoids a sort over one that narrows the search, so each index here serves both
 * the filter and the order of its query:
 * - (team_id, id): the CSV export walks a workspace by id in pages; before, every page sorted
 *   the whole workspace (12.7 s for the export, 3.1 s after);
 * - (team_id, mentee_id, status, created_at): "who supports me" in /mentor list and Home; before,
 *   SQLite scanned every active mentorship of the workspace in created_at order (100–230 ms).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mentorships', (t) => {
    t.index(['team_id', 'id'], 'mentorships_team_id_id');
    t.index(['team_id', 'mentee_id', 'status', 'created_at'], 'mentorships_mentee_order');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mentorships', (t) => {
    t.dropIndex(['team_id', 'id'], 'mentorships_team_id_id');
    t.dropIndex(['team_id', 'mentee_id', 'status', 'created_at'], 'mentorships_mentee_order');
  });
}

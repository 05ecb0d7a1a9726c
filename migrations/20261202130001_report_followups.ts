import type { Knex } from 'knex';

/*
 * Keeping the promises a meeting report makes (issue 13):
 * - `meeting_reports.confirm_channel/confirm_ts`: where the author's confirmation DM is, so an
 *   edit updates that message instead of leaving it telling the old date.
 * - `meeting_notices`: the "you meet today" DM, one row per person and meeting day. The primary
 *   key is the claim: an instance sends only after inserting the row, so two sweeps (or a
 *   restart) never send it twice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('meeting_reports', (t) => {
    t.string('confirm_channel', 32);
    t.string('confirm_ts', 32);
  });
  await knex.schema.createTable('meeting_notices', (t) => {
    t.string('team_id', 32).notNullable();
    // No foreign key: a notice is a note about a mentorship and never blocks pruning one.
    t.integer('mentorship_id').unsigned().notNullable();
    t.string('person_id', 32).notNullable();
    t.string('meeting_on', 10).notNullable();
    t.string('sent_at', 30).notNullable();
    t.primary(['team_id', 'mentorship_id', 'person_id', 'meeting_on']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('meeting_notices');
  await knex.schema.alterTable('meeting_reports', (t) => {
    t.dropColumn('confirm_ts');
    t.dropColumn('confirm_channel');
  });
}

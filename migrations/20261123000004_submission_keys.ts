import type { Knex } from 'knex';

/*
 * Slack may deliver a view_submission twice; goals and tasks created from a modal carry the
 * submission's key (view id + hash) so the second delivery finds the first row instead of adding one.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of ['goals', 'tasks']) {
    await knex.schema.alterTable(table, (t) => {
      t.string('submission_key', 128);
      t.unique(['team_id', 'submission_key']);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['goals', 'tasks']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropUnique(['team_id', 'submission_key']);
      t.dropColumn('submission_key');
    });
  }
}

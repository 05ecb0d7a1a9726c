import type { Knex } from 'knex';

/*
 * A rotating token's refreshed pair that the database would not store at first (issue 22): Slack
 * retires the old refresh token as soon as it issues the new one, so the instance that refreshed
 * keeps the new pair in memory and stores it at its next use. When it finally does, it records
 * when the first save failed (`refresh_unsaved_since`) and when it succeeded (`refresh_saved_at`),
 * so every instance can show the workspace's admins on their Home what happened. A reinstall
 * clears both.
 */
const instant = (t: Knex.AlterTableBuilder, name: string) => t.string(name, 30);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('slack_installations', (t) => {
    instant(t, 'refresh_unsaved_since');
    instant(t, 'refresh_saved_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('slack_installations', (t) => {
    t.dropColumn('refresh_saved_at');
    t.dropColumn('refresh_unsaved_since');
  });
}

import type { Knex } from 'knex';

/*
 * OAuth installs (issue 14). `slack_installations` holds one row per install: a workspace (keyed
 * by its team id) or, on Enterprise Grid, a whole organisation (keyed by its enterprise id). The
 * tokens are in `secret`, encrypted with LIFERING_ENCRYPTION_KEY; the plain columns are what the
 * app queries by. `version` lets one instance refresh a rotating token while the others wait for
 * its result instead of refreshing too. After an uninstall or a revocation the secret is cleared
 * at once and `uninstalled_at` set; the row stays until the workspace's data is purged.
 *
 * `installation_teams` remembers which workspaces an organisation-wide install serves, so work
 * outside a request (the reminder sweep) finds the right install for a team, and a purge finds
 * every team whose data it must delete.
 *
 * The first migration's `installations` table was never written to; it is replaced.
 */
const instant = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 30);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('installations');
  await knex.schema.createTable('slack_installations', (t) => {
    t.string('id', 32).primary();
    t.string('team_id', 32);
    t.string('enterprise_id', 32);
    t.boolean('is_enterprise_install').notNullable().defaultTo(false);
    t.string('bot_user_id', 32);
    t.string('bot_id', 32);
    t.text('scopes');
    t.text('secret');
    instant(t, 'token_expires_at');
    t.integer('version').notNullable().defaultTo(0);
    instant(t, 'installed_at').notNullable();
    instant(t, 'updated_at').notNullable();
    instant(t, 'uninstalled_at');
    t.index(['uninstalled_at'], 'slack_installations_uninstalled');
  });
  await knex.schema.createTable('installation_teams', (t) => {
    t.string('team_id', 32).primary();
    t.string('enterprise_id', 32).notNullable();
    instant(t, 'seen_at').notNullable();
    t.index(['enterprise_id'], 'installation_teams_by_enterprise');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('installation_teams');
  await knex.schema.dropTableIfExists('slack_installations');
  await knex.schema.createTable('installations', (t) => {
    t.string('team_id', 32).primary();
    t.string('enterprise_id', 32);
    t.string('bot_user_id', 32);
    t.string('bot_id', 32);
    t.text('bot_token');
    t.text('data');
    instant(t, 'installed_at').notNullable();
  });
}

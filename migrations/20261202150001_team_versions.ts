import type { Knex } from 'knex';

/*
 * A version number per workspace that every write to the tables shown in Lifering's views bumps,
 * so that what was read or rendered from them can be remembered in memory and reused for as long
 * as the version has not moved (the caller's profile, `/mentor list`, the admin's programme
 * summary). It is kept by triggers, so no write can forget it: not a new store method, not
 * `npm run remind`, not another instance sharing the PostgreSQL database.
 *
 * On PostgreSQL the trigger is deferred to commit, and bumps once per transaction and workspace:
 * the version row is locked last, after every row the transaction writes, so two transactions never
 * wait on each other in opposite orders, and a batch of rows costs one update. A reader reads the
 * version before the data, so data newer than its version can be cached, never the reverse.
 * Log-like tables (processed events, leases, the audit log, the reminder ledger) are left out:
 * nothing cached is read from them, and the sweep writes them at every DM.
 */
export const VERSIONED_TABLES = [
  'people',
  'topics',
  'mentorships',
  'assistance_requests',
  'supporter_requests',
  'goals',
  'tasks',
  'meeting_reports',
  'supporter_profiles',
  'supporter_topics',
  'checkins',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('team_versions', (t) => {
    t.string('team_id', 32).primary();
    t.bigInteger('version').notNullable().defaultTo(0);
  });
  const pg = knex.client.config.client === 'pg';
  if (pg) {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION lifering_bump_team_version() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        team text := CASE WHEN TG_OP = 'DELETE' THEN OLD.team_id ELSE NEW.team_id END;
        flag text := 'lifering.bumped_' || md5(team);
      BEGIN
        IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
          INSERT INTO team_versions (team_id, version) VALUES (team, 1)
            ON CONFLICT (team_id) DO UPDATE SET version = team_versions.version + 1;
          PERFORM set_config(flag, txid_current()::text, true);
        END IF;
        RETURN NULL;
      END $$`);
  }
  for (const table of VERSIONED_TABLES) {
    if (!(await knex.schema.hasColumn(table, 'team_id'))) continue;
    if (pg) {
      await knex.raw(
        `CREATE CONSTRAINT TRIGGER ${table}_team_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lifering_bump_team_version()`,
      );
      continue;
    }
    // Not INSERT OR IGNORE: a statement's own conflict clause (an upsert's) overrides its triggers'.
    for (const [op, row] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ] as const) {
      await knex.raw(
        `CREATE TRIGGER ${table}_team_version_${op.toLowerCase()} AFTER ${op} ON ${table} FOR EACH ROW BEGIN
           INSERT INTO team_versions (team_id, version) SELECT ${row}.team_id, 0
             WHERE NOT EXISTS (SELECT 1 FROM team_versions WHERE team_id = ${row}.team_id);
           UPDATE team_versions SET version = version + 1 WHERE team_id = ${row}.team_id;
         END`,
      );
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  for (const table of VERSIONED_TABLES) {
    if (pg) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_team_version ON ${table}`);
    else
      for (const op of ['insert', 'update', 'delete'])
        await knex.raw(`DROP TRIGGER IF EXISTS ${table}_team_version_${op}`);
  }
  if (pg) await knex.raw('DROP FUNCTION IF EXISTS lifering_bump_team_version()');
  await knex.schema.dropTable('team_versions');
}

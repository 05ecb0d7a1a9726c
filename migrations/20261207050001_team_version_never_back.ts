import type { Knex } from 'knex';
import { VERSIONED_TABLES } from './20261202150001_team_versions.ts';

/*
 * A workspace's data version must never go backwards, or every instance's caches would take
 * the data behind a version number they saw before for the data now behind it. It did: purging
 * a workspace deleted its version row, so a reinstall counted again from 1; a database failed
 * over to a replica that missed the last commits would count again from where that replica was.
 * So a bump now moves the version to at least the current time in microseconds since 1970
 * (bigint; under 2^53 until the year 2255): whatever happened to the row before, a later write
 * gets a version above every one handed out earlier, as long as the database's clock does not
 * go back by more than the writes in between.
 *
 * On PostgreSQL the bump becomes a function of its own, `lifering_bump_team`, which the
 * once-per-transaction bump of 20261203120001 calls, and so can installs, uninstalls and the purge
 * (src/storage/versions.ts `bumpTeamVersions`), which change no versioned row but must retire
 * every cache of the workspace on every instance.
 */
const PG_NOW = '(extract(epoch from clock_timestamp()) * 1000000)::bigint';
const SQLITE_NOW = "CAST(unixepoch('subsec') * 1000000 AS INTEGER)";

const PG_BUMP = `
  CREATE OR REPLACE FUNCTION lifering_bump_team(team text) RETURNS bigint LANGUAGE plpgsql AS $$
  DECLARE
    bumped bigint;
  BEGIN
    INSERT INTO team_versions (team_id, version) VALUES (team, ${PG_NOW})
      ON CONFLICT (team_id) DO UPDATE SET version = greatest(team_versions.version + 1, ${PG_NOW})
      RETURNING version INTO bumped;
    PERFORM pg_notify('lifering_team_version', current_schema() || ' ' || team || ' ' || bumped);
    RETURN bumped;
  END $$`;

/** Once per transaction and workspace, as the count triggers and the version trigger call it. */
const PG_ONCE = (bump: string) => `
  CREATE OR REPLACE FUNCTION lifering_team_version_once(team text) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    flag text := 'lifering.bumped_' || md5(team);
    bumped bigint;
  BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
      ${bump}
      PERFORM set_config(flag, txid_current()::text, true);
    END IF;
  END $$`;

/** The bump of 20261203120001, for `down`. */
const PG_ONCE_BEFORE = PG_ONCE(`INSERT INTO team_versions (team_id, version) VALUES (team, 1)
        ON CONFLICT (team_id) DO UPDATE SET version = team_versions.version + 1
        RETURNING version INTO bumped;
      PERFORM pg_notify('lifering_team_version', current_schema() || ' ' || team || ' ' || bumped);`);

async function sqliteTriggers(knex: Knex, next: string): Promise<void> {
  for (const table of VERSIONED_TABLES) {
    if (!(await knex.schema.hasColumn(table, 'team_id'))) continue;
    for (const [op, row] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ] as const) {
      const name = `${table}_team_version_${op.toLowerCase()}`;
      await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
      await knex.raw(
        `CREATE TRIGGER ${name} AFTER ${op} ON ${table} FOR EACH ROW BEGIN
           INSERT INTO team_versions (team_id, version) SELECT ${row}.team_id, 0
             WHERE NOT EXISTS (SELECT 1 FROM team_versions WHERE team_id = ${row}.team_id);
           UPDATE team_versions SET version = ${next} WHERE team_id = ${row}.team_id;
         END`,
      );
    }
  }
}

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(PG_BUMP);
    await knex.raw(PG_ONCE('PERFORM lifering_bump_team(team);'));
  } else {
    await sqliteTriggers(knex, `max(version + 1, ${SQLITE_NOW})`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(PG_ONCE_BEFORE);
    await knex.raw('DROP FUNCTION IF EXISTS lifering_bump_team(text)');
  } else {
    await sqliteTriggers(knex, 'version + 1');
  }
}

import type { Knex } from 'knex';

/*
 * PostgreSQL only: the team version trigger also announces each new version with NOTIFY, so that
 * every app instance can keep the versions in memory instead of reading one per request (a pool
 * acquire and a round trip, the larger part of a cached `/mentor list`). NOTIFY is sent at commit,
 * so a listener never hears of a version whose data it cannot read yet. The payload names the
 * schema, because the channel is the database's and test runs share one database, a schema each.
 * See src/storage/versions.ts for how instances listen.
 */
const BODY = (notify: boolean) => `
  CREATE OR REPLACE FUNCTION lifering_bump_team_version() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    team text := CASE WHEN TG_OP = 'DELETE' THEN OLD.team_id ELSE NEW.team_id END;
    flag text := 'lifering.bumped_' || md5(team);
    bumped bigint;
  BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
      INSERT INTO team_versions (team_id, version) VALUES (team, 1)
        ON CONFLICT (team_id) DO UPDATE SET version = team_versions.version + 1
        RETURNING version INTO bumped;
      PERFORM set_config(flag, txid_current()::text, true);
      ${notify ? "PERFORM pg_notify('lifering_team_version', TG_TABLE_SCHEMA || ' ' || team || ' ' || bumped);" : ''}
    END IF;
    RETURN NULL;
  END $$`;

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') await knex.raw(BODY(true));
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') await knex.raw(BODY(false));
}

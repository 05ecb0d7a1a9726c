import type { Knex } from 'knex';

/*
 * Slack's admin and owner flags count only for people of the installing workspace or its Grid
 * organisation (issue 22): before, a Slack Connect member who administers their own organisation
 * was cached as an admin of ours, and stayed among the people told what only admins handle. The
 * flag is a cache of users.info, so every cached one is dropped and read again, under the new
 * rule, the next time that person is looked up. Until then a real Slack admin is only missing
 * from admin notices; people named in ADMIN_USER_IDS or granted in Lifering are unaffected.
 */
export async function up(knex: Knex): Promise<void> {
  await knex('people').where({ is_workspace_admin: true }).update({ is_workspace_admin: false, fetched_at: null });
}

/** Nothing to undo: the flags come back from Slack as people are looked up. */
export async function down(_knex: Knex): Promise<void> {}

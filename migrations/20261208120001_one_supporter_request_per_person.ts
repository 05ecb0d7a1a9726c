import type { Knex } from 'knex';

/*
 * Issue 23 (5): a person has at most one open supporter request, whatever its topic. The request
 * form shows and edits that one request, and a topic named later (or spelt right the second time)
 * changes it instead of opening a second, so the admins never see the same person twice.
 * Opening stays a single conditional insert, now against this index.
 *
 * People with several open requests keep the oldest (it says how long they have waited); when it
 * has no topic it takes the newest topic among the others, which are closed.
 *
 * `help_note` and `help_asked_at`: help asked for while waiting for a supporter (the life ring
 * from someone with nobody to help yet). It sits on the request beside the request's own note,
 * instead of replacing it where no admin would see it.
 */
const OLDER_OPEN = `EXISTS (
  SELECT 1 FROM supporter_requests o
  WHERE o.closed_at IS NULL AND o.team_id = supporter_requests.team_id
    AND o.requester_id = supporter_requests.requester_id AND o.id < supporter_requests.id)`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('supporter_requests', (t) => {
    t.text('help_note');
    t.string('help_asked_at', 30);
  });
  await knex.raw('DROP INDEX supporter_requests_one_open');
  await knex.raw(
    `UPDATE supporter_requests SET topic_id = (
       SELECT o.topic_id FROM supporter_requests o
       WHERE o.closed_at IS NULL AND o.team_id = supporter_requests.team_id
         AND o.requester_id = supporter_requests.requester_id AND o.topic_id IS NOT NULL
       ORDER BY o.id DESC LIMIT 1)
     WHERE closed_at IS NULL AND topic_id IS NULL AND NOT ${OLDER_OPEN}`,
  );
  await knex.raw(`UPDATE supporter_requests SET closed_at = created_at WHERE closed_at IS NULL AND ${OLDER_OPEN}`);
  await knex.raw(
    `CREATE UNIQUE INDEX supporter_requests_one_open ON supporter_requests (team_id, requester_id)
     WHERE closed_at IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX supporter_requests_one_open');
  await knex.raw(
    `CREATE UNIQUE INDEX supporter_requests_one_open ON supporter_requests (team_id, requester_id, COALESCE(topic_id, 0))
     WHERE closed_at IS NULL`,
  );
  await knex.schema.alterTable('supporter_requests', (t) => {
    t.dropColumn('help_asked_at');
    t.dropColumn('help_note');
  });
}

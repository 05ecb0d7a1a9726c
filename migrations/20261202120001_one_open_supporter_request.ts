import type { Knex } from 'knex';

/*
 * At most one open supporter request per (team, requester, topic), so that two instances taking
 * the same `/mentor request` (or life ring) at once open one request and tell the admins once:
 * opening is a single conditional insert against this index. A missing topic counts as one value.
 * Duplicates opened before the index existed are closed first, keeping the oldest.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `UPDATE supporter_requests SET closed_at = created_at
     WHERE closed_at IS NULL AND EXISTS (
       SELECT 1 FROM supporter_requests o
       WHERE o.closed_at IS NULL AND o.team_id = supporter_requests.team_id AND o.requester_id = supporter_requests.requester_id
         AND COALESCE(o.topic_id, 0) = COALESCE(supporter_requests.topic_id, 0) AND o.id < supporter_requests.id)`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX supporter_requests_one_open ON supporter_requests (team_id, requester_id, COALESCE(topic_id, 0))
     WHERE closed_at IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX supporter_requests_one_open');
}

import type { Knex } from 'knex';

/*
 * Why an assistance request closed when nobody resolved it (issue 23, 3): `mentorship_ended` when
 * the mentorship that was answering it ended and no other supporter was left to take it. NULL for
 * a request someone marked resolved (or one that is still open), so "resolved" keeps meaning that.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assistance_requests', (t) => {
    t.string('closed_reason', 32);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assistance_requests', (t) => {
    t.dropColumn('closed_reason');
  });
}

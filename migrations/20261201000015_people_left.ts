import type { Knex } from 'knex';

/*
 * People who leave (issue 14): `left_at` is set once, when Lifering has ended a deactivated
 * person's mentorships (or, per GUEST_POLICY, a person made a guest), and cleared when they come
 * back. It is separate from `is_deleted`, which any users.info refresh may set, so the departure
 * is handled exactly once whichever of the two sees it first. `left_reason` says which it was.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('people', (t) => {
    t.string('left_at', 30);
    t.string('left_reason', 16);
    t.index(['team_id', 'left_at'], 'people_left');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('people', (t) => {
    t.dropIndex(['team_id', 'left_at'], 'people_left');
  });
  await knex.schema.alterTable('people', (t) => {
    t.dropColumn('left_reason');
    t.dropColumn('left_at');
  });
}

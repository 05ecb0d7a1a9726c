import type { Knex } from 'knex';

/*
 * When a reminder was claimed for sending. A row left `sending` by a crash is judged by it: within
 * the sweep lease it may still be in flight; after that it counts as sent (see decideReminder).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => {
    t.string('claimed_at', 30);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => {
    t.dropColumn('claimed_at');
  });
}

import type { Knex } from 'knex';

/*
 * What the reminder sweep needs beyond the first migration:
 * - admin digests and assistance escalations have no mentorship, and a plain unique constraint
 *   treats NULLs as distinct (on both engines), so a digest could be recorded twice; this index
 *   counts a missing mentorship or assistance request as one value;
 * - `assistance_request_id` says which call for help an escalation row told an admin about;
 * - the sweep reads a batch of mentorships' reminder history by (mentorship_id, due_on), and
 *   sends whatever is still pending by (status, team_id, recipient_id).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => {
    t.integer('assistance_request_id').unsigned().references('id').inTable('assistance_requests');
  });
  await knex.raw(
    `CREATE UNIQUE INDEX reminders_once ON reminders
       (team_id, COALESCE(mentorship_id, 0), COALESCE(assistance_request_id, 0), recipient_id, due_on, kind, sequence)`,
  );
  await knex.schema.alterTable('reminders', (t) => {
    t.index(['mentorship_id', 'due_on'], 'reminders_by_mentorship');
    t.index(['status', 'team_id', 'recipient_id'], 'reminders_pending');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => {
    t.dropIndex(['status', 'team_id', 'recipient_id'], 'reminders_pending');
    t.dropIndex(['mentorship_id', 'due_on'], 'reminders_by_mentorship');
  });
  await knex.raw('DROP INDEX reminders_once');
  await knex.schema.alterTable('reminders', (t) => {
    t.dropForeign(['assistance_request_id']);
    t.dropColumn('assistance_request_id');
  });
}

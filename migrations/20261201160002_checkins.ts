import type { Knex } from 'knex';

/*
 * The mentee's voice (issue 16):
 * - `checkins`: a question owed to one person (after a meeting report, or a close-out when a
 *   mentorship ends), queued first and asked when the gentleness rules allow; the answer (1-5 and
 *   an optional comment for the admins only) is stored on the same row. The unique index makes
 *   queuing idempotent, so a redelivered report or end never asks twice.
 * - `person_settings`: the "fewer messages" choice, and when the person was last asked a question
 *   or nudged at all, which the rules space out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('checkins', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.string('kind', 16).notNullable().checkIn(['meeting', 'closeout']);
    // No foreign keys: a check-in is a note about a mentorship, and must never stop one from being
    // pruned; the join that reads it simply finds nothing.
    t.integer('mentorship_id').unsigned().notNullable();
    t.integer('report_id').unsigned();
    t.string('person_id', 32).notNullable();
    t.string('other_id', 32).notNullable();
    t.string('queued_at', 30).notNullable();
    t.string('asked_at', 30);
    t.string('channel', 32);
    t.string('ts', 32);
    t.integer('score').checkBetween([1, 5]);
    t.text('comment');
    t.string('answered_at', 30);
    t.string('cancelled_at', 30);
    t.index(['asked_at', 'cancelled_at', 'queued_at'], 'checkins_waiting');
    t.index(['team_id', 'answered_at'], 'checkins_answered');
    t.index(['mentorship_id']);
  });
  await knex.raw(
    `CREATE UNIQUE INDEX checkins_once ON checkins (team_id, kind, mentorship_id, person_id, COALESCE(report_id, 0))`,
  );
  await knex.schema.createTable('person_settings', (t) => {
    t.string('team_id', 32).notNullable();
    t.string('user_id', 32).notNullable();
    t.boolean('fewer_messages').notNullable().defaultTo(false);
    t.string('last_question_at', 30);
    t.string('last_nudge_at', 30);
    t.string('updated_at', 30).notNullable();
    t.primary(['team_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('person_settings');
  await knex.raw('DROP INDEX checkins_once');
  await knex.schema.dropTable('checkins');
}

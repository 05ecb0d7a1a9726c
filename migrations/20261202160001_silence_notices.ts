import type { Knex } from 'knex';

/*
 * Silent partners (issue 16): a notice owed because an active mentorship has had no meeting report
 * and no check-in for SILENT_AFTER_WEEKS. `quiet_since` is when it went quiet (the later of its
 * feedback clock and the last answered check-in), so a pair that goes quiet again later is a new
 * episode. Stage `pair` goes to the supporter and the mentee; stage `admins`, to each admin once the
 * pair has been told SILENT_ESCALATE_WEEKS earlier and nothing changed. Like reminders, a row is
 * recorded pending, claimed (`sending`) by one conditional update, then marked sent; the unique key
 * makes each notice exist once however many sweeps race.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('silence_notices', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    // No foreign key, as for check-ins: a notice never stops a mentorship from being pruned.
    t.integer('mentorship_id').unsigned().notNullable();
    t.string('quiet_since', 30).notNullable();
    t.string('stage', 8).notNullable().checkIn(['pair', 'admins']);
    t.string('recipient_id', 32).notNullable();
    t.string('status', 16)
      .notNullable()
      .defaultTo('pending')
      .checkIn(['pending', 'sending', 'sent', 'cancelled', 'unreachable', 'failed']);
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('created_at', 30).notNullable();
    t.string('claimed_at', 30);
    t.string('sent_at', 30);
    t.unique(['mentorship_id', 'quiet_since', 'stage', 'recipient_id'], { indexName: 'silence_notices_once' });
    t.index(['status', 'team_id', 'recipient_id'], 'silence_notices_pending');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('silence_notices');
}

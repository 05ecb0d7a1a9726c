import type { Knex } from 'knex';

/** The hourly sweep looks up reports by the next meeting they name (the "you meet today" DM). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('meeting_reports', (t) => {
    t.index(['next_meeting_on'], 'meeting_reports_next_meeting');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('meeting_reports', (t) => {
    t.dropIndex(['next_meeting_on'], 'meeting_reports_next_meeting');
  });
}

import type { Knex } from 'knex';

/*
 * The whole Lifering domain (../DESIGN.md "Domain"). Conventions that keep SQLite and PostgreSQL
 * identical:
 * - instants are ISO-8601 UTC strings (`2026-11-23T09:30:00.000Z`) and calendar dates are
 *   `YYYY-MM-DD` strings, so string comparison is chronological on both engines and no driver
 *   converts them behind our back;
 * - every row carries the Slack `team_id` it belongs to, and every query filters on it.
 */
const instant = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 30);
const day = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 10);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('installations', (t) => {
    t.string('team_id', 32).primary();
    t.string('enterprise_id', 32);
    t.string('bot_user_id', 32);
    t.string('bot_id', 32);
    t.text('bot_token');
    t.text('data');
    instant(t, 'installed_at').notNullable();
  });

  await knex.schema.createTable('people', (t) => {
    t.string('team_id', 32).notNullable();
    t.string('user_id', 32).notNullable();
    t.string('name', 255);
    t.string('tz', 64);
    t.boolean('is_workspace_admin').notNullable().defaultTo(false);
    t.boolean('is_bot').notNullable().defaultTo(false);
    t.boolean('is_deleted').notNullable().defaultTo(false);
    instant(t, 'fetched_at');
    t.string('admin_granted_by', 32);
    instant(t, 'admin_granted_at');
    instant(t, 'updated_at').notNullable();
    t.primary(['team_id', 'user_id']);
  });

  await knex.schema.createTable('topics', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.string('kind', 16).notNullable().defaultTo('skillset').checkIn(['role', 'skillset']);
    t.string('name', 75).notNullable();
    t.string('name_key', 75).notNullable();
    t.string('description', 500);
    t.string('created_by', 32);
    instant(t, 'created_at').notNullable();
    instant(t, 'archived_at');
    t.unique(['team_id', 'name_key']);
  });

  await knex.schema.createTable('mentorships', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.string('supporter_id', 32).notNullable();
    t.string('mentee_id', 32).notNullable();
    t.integer('topic_id').unsigned().references('id').inTable('topics');
    t.string('supporter_kind', 24)
      .notNullable()
      .defaultTo('mentor')
      .checkIn(['mentor', 'coach', 'advisor', 'on_demand_advisor']);
    t.string('status', 16).notNullable().checkIn(['pending', 'active', 'declined', 'ended']);
    t.string('assigned_by', 32).notNullable();
    t.boolean('notify').notNullable().defaultTo(true);
    instant(t, 'created_at').notNullable();
    instant(t, 'accepted_at');
    instant(t, 'declined_at');
    instant(t, 'ended_at');
    t.string('ended_by', 32);
    t.text('end_reason');
    // The instant the monthly-feedback clock last restarted (acceptance or latest report); the
    // reminder sweep finds due mentorships by range on this column instead of scanning reports.
    instant(t, 'feedback_from');
    instant(t, 'last_report_at');
    instant(t, 'snoozed_until');
    // Where the assignment DM went, so Accept/Decline can update that same message.
    t.string('offer_channel', 32);
    t.string('offer_ts', 32);
    t.index(['team_id', 'supporter_id', 'status']);
    t.index(['team_id', 'mentee_id', 'status']);
    t.index(['status', 'feedback_from']);
    t.index(['team_id', 'status', 'created_at']);
  });
  // At most one pending or active mentorship per (team, supporter, mentee, topic); NULL topics
  // count as one value, which a plain unique constraint would not do.
  await knex.raw(
    `CREATE UNIQUE INDEX mentorships_one_open ON mentorships (team_id, supporter_id, mentee_id, COALESCE(topic_id, 0))
     WHERE status IN ('pending', 'active')`,
  );

  await knex.schema.createTable('familiarity', (t) => {
    t.string('team_id', 32).notNullable();
    t.string('person_id', 32).notNullable();
    t.integer('topic_id').unsigned().notNullable().references('id').inTable('topics');
    t.integer('level').notNullable().checkBetween([1, 4]);
    t.boolean('assistance_requested').notNullable().defaultTo(false);
    t.text('note');
    instant(t, 'updated_at').notNullable();
    t.primary(['team_id', 'person_id', 'topic_id']);
  });

  await knex.schema.createTable('assistance_requests', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.string('mentee_id', 32).notNullable();
    t.integer('topic_id').unsigned().references('id').inTable('topics');
    t.text('note');
    instant(t, 'opened_at').notNullable();
    instant(t, 'acknowledged_at');
    t.string('acknowledged_by', 32);
    instant(t, 'resolved_at');
    t.string('resolved_by', 32);
    instant(t, 'escalated_at');
    t.index(['team_id', 'mentee_id', 'resolved_at']);
    t.index(['resolved_at', 'opened_at']);
  });
  await knex.raw(
    `CREATE UNIQUE INDEX assistance_one_open ON assistance_requests (team_id, mentee_id, COALESCE(topic_id, 0))
     WHERE resolved_at IS NULL`,
  );

  // The DMs an assistance request produced, so resolving edits them instead of sending more.
  await knex.schema.createTable('assistance_alerts', (t) => {
    t.increments('id');
    t.integer('assistance_request_id').unsigned().notNullable().references('id').inTable('assistance_requests');
    t.string('team_id', 32).notNullable();
    t.string('supporter_id', 32).notNullable();
    t.string('channel', 32);
    t.string('ts', 32);
    t.unique(['assistance_request_id', 'supporter_id']);
  });

  await knex.schema.createTable('supporter_requests', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.string('requester_id', 32).notNullable();
    t.integer('topic_id').unsigned().references('id').inTable('topics');
    t.text('note');
    instant(t, 'created_at').notNullable();
    instant(t, 'closed_at');
    t.integer('mentorship_id').unsigned().references('id').inTable('mentorships');
    t.index(['team_id', 'closed_at']);
    t.index(['team_id', 'requester_id']);
  });

  await knex.schema.createTable('goals', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.string('mentee_id', 32).notNullable();
    t.string('title', 150).notNullable();
    t.text('detail');
    day(t, 'target_date');
    t.string('status', 16).notNullable().defaultTo('open').checkIn(['open', 'done', 'dropped']);
    instant(t, 'created_at').notNullable();
    instant(t, 'updated_at').notNullable();
    instant(t, 'closed_at');
    t.index(['team_id', 'mentee_id', 'status']);
  });

  await knex.schema.createTable('tasks', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.string('mentee_id', 32).notNullable();
    t.integer('goal_id').unsigned().references('id').inTable('goals');
    t.string('title', 150).notNullable();
    day(t, 'due_date');
    instant(t, 'done_at');
    instant(t, 'dropped_at');
    t.string('suggested_by', 32);
    instant(t, 'created_at').notNullable();
    instant(t, 'updated_at').notNullable();
    t.index(['team_id', 'mentee_id', 'done_at']);
    t.index(['goal_id']);
  });

  await knex.schema.createTable('meeting_reports', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.integer('mentorship_id').unsigned().notNullable().references('id').inTable('mentorships');
    t.string('author_id', 32).notNullable();
    t.string('mentee_id', 32).notNullable();
    day(t, 'met_on').notNullable();
    t.integer('duration_minutes').notNullable().checkBetween([5, 480]);
    t.string('format', 16).notNullable().checkIn(['in_person', 'call', 'video', 'chat']);
    t.text('summary').notNullable();
    t.integer('progress').notNullable().checkBetween([1, 5]);
    t.text('goals_discussed');
    day(t, 'next_meeting_on');
    t.text('private_note');
    // Identifies the Slack submission (view id + hash) so a retried view_submission stores once.
    t.string('submission_key', 128);
    instant(t, 'created_at').notNullable();
    instant(t, 'updated_at').notNullable();
    t.unique(['team_id', 'submission_key']);
    t.index(['mentorship_id', 'created_at']);
    t.index(['team_id', 'mentee_id', 'created_at']);
  });

  await knex.schema.createTable('reminders', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.integer('mentorship_id').unsigned().references('id').inTable('mentorships');
    t.string('recipient_id', 32).notNullable();
    day(t, 'due_on').notNullable();
    t.string('kind', 24).notNullable();
    t.integer('sequence').notNullable().defaultTo(0);
    t.string('status', 16).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    instant(t, 'created_at').notNullable();
    instant(t, 'sent_at');
    t.string('channel', 32);
    t.string('ts', 32);
    t.unique(['team_id', 'mentorship_id', 'recipient_id', 'due_on', 'kind', 'sequence']);
    t.index(['status', 'created_at']);
  });

  await knex.schema.createTable('processed_events', (t) => {
    t.string('team_id', 32).notNullable();
    t.string('event_key', 200).notNullable();
    instant(t, 'created_at').notNullable();
    t.primary(['team_id', 'event_key']);
    t.index(['created_at']);
  });

  await knex.schema.createTable('job_leases', (t) => {
    t.string('name', 64).primary();
    t.string('holder', 128).notNullable();
    instant(t, 'expires_at').notNullable();
  });

  await knex.schema.createTable('audit_events', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.string('actor_id', 32).notNullable();
    t.string('action', 64).notNullable();
    t.string('subject_type', 32);
    t.integer('subject_id');
    t.text('detail');
    instant(t, 'created_at').notNullable();
    t.index(['team_id', 'created_at']);
    t.index(['team_id', 'subject_type', 'subject_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_events',
    'job_leases',
    'processed_events',
    'reminders',
    'meeting_reports',
    'tasks',
    'goals',
    'supporter_requests',
    'assistance_alerts',
    'assistance_requests',
    'familiarity',
    'mentorships',
    'topics',
    'people',
    'installations',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

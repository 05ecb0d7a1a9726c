import type { Knex } from 'knex';

/*
 * What a supporter offers (issue 16): the topics they can help with, on the same 1-4 familiarity
 * scale mentees use, how many mentees they can take, and when they are away. Suggested supporters
 * are ranked from these rows, so the (team_id, topic_id) index serves "who offers this topic".
 * A missing capacity means the programme's MAX_MENTEES_PER_SUPPORTER.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('supporter_profiles', (t) => {
    t.string('team_id', 32).notNullable();
    t.string('user_id', 32).notNullable();
    t.integer('capacity');
    t.string('away_until', 10);
    t.string('updated_at', 30).notNullable();
    t.primary(['team_id', 'user_id']);
  });
  await knex.schema.createTable('supporter_topics', (t) => {
    t.string('team_id', 32).notNullable();
    t.string('user_id', 32).notNullable();
    t.integer('topic_id').unsigned().notNullable().references('id').inTable('topics');
    t.integer('level').notNullable().checkBetween([1, 4]);
    t.primary(['team_id', 'user_id', 'topic_id']);
    t.index(['team_id', 'topic_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('supporter_topics');
  await knex.schema.dropTable('supporter_profiles');
}

import type { Knex } from 'knex';

/*
 * Issue 25: programmes. A workspace runs several (graduate mentoring, leadership coaching…), each
 * with its own managers, support agreement, rhythm, people and dates.
 *
 * Expand only: this release adds tables and nullable columns, and a later one contracts (makes
 * `mentorships.programme_id` NOT NULL). During a rolling deploy an instance still running the
 * previous release keeps inserting mentorships and supporter requests without a programme, so
 * NULL means "the workspace's default programme" wherever a programme is read, and every
 * workspace that has data gets its default programme here, carrying today's settings: NULL rhythm
 * and capacity mean FEEDBACK_INTERVAL_DAYS and MAX_MENTEES_PER_SUPPORTER.
 */
const instant = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 30);
const day = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 10);

/** The default programme's name (src/storage/programmes.ts has the same): shown nowhere while it is a workspace's only programme. */
const DEFAULT_PROGRAMME_NAME = 'Mentoring';

async function createTables(knex: Knex): Promise<void> {
  await knex.schema.createTable('programmes', (t) => {
    t.increments('id');
    t.string('team_id', 32).notNullable();
    t.string('name', 80).notNullable();
    t.string('name_key', 80).notNullable();
    t.text('purpose');
    t.string('status', 12).notNullable().defaultTo('open').checkIn(['draft', 'open', 'closed', 'archived']);
    t.string('kind', 12).notNullable().defaultTo('ongoing').checkIn(['ongoing', 'cohort']);
    day(t, 'starts_on');
    day(t, 'ends_on');
    day(t, 'enrol_opens_on');
    day(t, 'enrol_closes_on');
    t.integer('report_every_days');
    t.integer('max_mentees');
    // JSON arrays; NULL is "every supporter kind" and "every topic".
    t.text('supporter_kinds');
    t.text('topic_ids');
    t.string('pairing', 16).notNullable().defaultTo('assign').checkIn(['assign', 'choose', 'choose_approved']);
    t.boolean('invite_only').notNullable().defaultTo(false);
    t.boolean('supporters_self_enrol').notNullable().defaultTo(false);
    // JSON: up to five { text, choices? } asked on joining.
    t.text('questions');
    t.boolean('is_default').notNullable().defaultTo(false);
    // The cohort this one was run again from.
    t.integer('previous_id');
    t.string('created_by', 32);
    instant(t, 'created_at').notNullable();
    instant(t, 'ended_at');
    t.unique(['team_id', 'name_key']);
  });
  await knex.raw('CREATE UNIQUE INDEX programmes_one_default ON programmes (team_id) WHERE is_default = true');

  await knex.schema.createTable('programme_managers', (t) => {
    t.string('team_id', 32).notNullable();
    t.integer('programme_id').notNullable().references('id').inTable('programmes').onDelete('CASCADE');
    t.string('user_id', 32).notNullable();
    t.string('added_by', 32);
    instant(t, 'added_at').notNullable();
    t.primary(['programme_id', 'user_id']);
    t.index(['team_id', 'user_id']);
  });

  await knex.schema.createTable('programme_agreements', (t) => {
    t.string('team_id', 32).notNullable();
    t.integer('programme_id').notNullable().references('id').inTable('programmes').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.text('text').notNullable();
    t.string('created_by', 32);
    instant(t, 'created_at').notNullable();
    t.primary(['programme_id', 'version']);
  });

  await knex.schema.createTable('programme_agreed', (t) => {
    t.string('team_id', 32).notNullable();
    t.integer('programme_id').notNullable().references('id').inTable('programmes').onDelete('CASCADE');
    t.string('supporter_id', 32).notNullable();
    t.integer('version').notNullable();
    t.integer('mentorship_id');
    instant(t, 'agreed_at').notNullable();
    t.primary(['programme_id', 'supporter_id', 'version']);
  });

  await knex.schema.createTable('programme_members', (t) => {
    t.string('team_id', 32).notNullable();
    t.integer('programme_id').notNullable().references('id').inTable('programmes').onDelete('CASCADE');
    t.string('user_id', 32).notNullable();
    t.string('role', 12).notNullable().checkIn(['mentee', 'supporter']);
    // JSON: the answers to the programme's questions, in their order.
    t.text('answers');
    // Set when a manager added the person (the invitation an invite-only programme needs).
    t.string('added_by', 32);
    instant(t, 'joined_at');
    instant(t, 'created_at').notNullable();
    t.primary(['programme_id', 'user_id', 'role']);
    t.index(['team_id', 'user_id']);
  });
}

/** What the programmes' tables hold is shown in Lifering's views: a write moves the workspace's data version. */
const VERSIONED = ['programmes', 'programme_managers', 'programme_agreements', 'programme_agreed', 'programme_members'];

async function versionTriggers(knex: Knex): Promise<void> {
  for (const table of VERSIONED) {
    if (knex.client.config.client === 'pg') {
      await knex.raw(
        `CREATE CONSTRAINT TRIGGER ${table}_team_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lifering_bump_team_version()`,
      );
      continue;
    }
    for (const [op, row] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ] as const)
      await knex.raw(
        `CREATE TRIGGER ${table}_team_version_${op.toLowerCase()} AFTER ${op} ON ${table} FOR EACH ROW BEGIN
           INSERT INTO team_versions (team_id, version) SELECT ${row}.team_id, 0
             WHERE NOT EXISTS (SELECT 1 FROM team_versions WHERE team_id = ${row}.team_id);
           UPDATE team_versions SET version = max(version + 1, CAST(unixepoch('subsec') * 1000000 AS INTEGER))
             WHERE team_id = ${row}.team_id;
         END`,
      );
  }
}

export async function up(knex: Knex): Promise<void> {
  await createTables(knex);
  await knex.schema.alterTable('mentorships', (t) => {
    t.integer('programme_id');
    t.index(['team_id', 'programme_id', 'status'], 'mentorships_by_programme');
  });
  await knex.schema.alterTable('supporter_requests', (t) => {
    t.integer('programme_id');
    // `/mentor request @person`: the supporter the mentee would like.
    t.string('wanted_supporter_id', 32);
  });
  const now = new Date().toISOString();
  await knex.raw(
    `INSERT INTO programmes (team_id, name, name_key, status, kind, pairing, invite_only, supporters_self_enrol, is_default, created_at)
     SELECT team_id, ?, ?, 'open', 'ongoing', 'assign', false, false, true, ?
     FROM (SELECT team_id FROM mentorships UNION SELECT team_id FROM topics UNION SELECT team_id FROM supporter_requests
           UNION SELECT team_id FROM team_versions) teams`,
    [DEFAULT_PROGRAMME_NAME, DEFAULT_PROGRAMME_NAME.toLowerCase(), now],
  );
  for (const table of ['mentorships', 'supporter_requests'])
    await knex.raw(
      `UPDATE ${table} SET programme_id = (
         SELECT p.id FROM programmes p WHERE p.team_id = ${table}.team_id AND p.is_default = true)`,
    );
  await versionTriggers(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('supporter_requests', (t) => {
    t.dropColumn('wanted_supporter_id');
    t.dropColumn('programme_id');
  });
  await knex.schema.alterTable('mentorships', (t) => {
    t.dropIndex(['team_id', 'programme_id', 'status'], 'mentorships_by_programme');
    t.dropColumn('programme_id');
  });
  for (const table of ['programme_members', 'programme_agreed', 'programme_agreements', 'programme_managers'])
    await knex.schema.dropTable(table);
  await knex.schema.dropTable('programmes');
}

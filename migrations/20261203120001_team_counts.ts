import type { Knex } from 'knex';

/*
 * The counts the admin's Home shows, kept by the database as rows change, so that opening the
 * Home reads a handful of small rows instead of every mentorship of the workspace (issue 15).
 * One row per (workspace, kind, bucket), holding how many rows of the watched tables fall in it;
 * a row whose count drops to zero is deleted, so a kind has only the buckets that hold something.
 *
 * - `status`/<status>: mentorships by status.
 * - `ended`/<YYYY-MM>: ended mentorships by the UTC month of `ended_at` ("ended this month").
 * - `load`/<supporter>: a supporter's active mentorships ("above capacity" counts the rows above
 *   the limit through the (team_id, kind, n) index: it reads only the supporters it counts).
 * - `feedback`/<YYYY-MM-DD>: active mentorships by the UTC day of `feedback_from`. Overdue moves
 *   with the calendar, so it is the sum of the days before the cutoff: at most one row per day of
 *   the programme's history, however many mentorships there are.
 * - `pending`/<YYYY-MM-DD>: pending mentorships by the UTC day they were assigned (stale pending:
 *   the days before the cutoff's, plus an index range over that one day).
 * - `decline`/<mentee>:<topic or 0>: present while a declined assignment has had nothing assigned
 *   for that mentee and topic since (as programme.ts defines it): at most one per mentee and
 *   topic, recounted from that mentee's few rows when a write can change it.
 * - `help`/'': open assistance requests.
 * - `waiting`/<requester>: a person's open supporter requests (the Home counts people).
 *
 * Kept by triggers, like the data versions (20261202150001), so no write path can forget them.
 * On PostgreSQL a row's change is noted as it happens and applied at commit, deferred, after taking
 * the workspace's version row (which every writing transaction takes at commit anyway): counter
 * rows are only ever locked under it, so two transactions never lock them in opposite orders (and
 * deadlock), and the version a reader sees moves with the counts. See "PostgreSQL" below.
 */

/** The columns whose change can move a mentorship's counts (other updates skip the trigger). */
const MENTORSHIP_COLUMNS = [
  'team_id',
  'supporter_id',
  'mentee_id',
  'topic_id',
  'status',
  'created_at',
  'ended_at',
  'feedback_from',
];

type Row = 'NEW' | 'OLD';

/** The (kind, bucket) a mentorship row counts in, each with the condition under which it does. */
const mentorshipKeys = (r: Row): [kind: string, bucket: string, when: string][] => [
  ['status', `${r}.status`, 'TRUE'],
  ['ended', `substr(${r}.ended_at, 1, 7)`, `${r}.status = 'ended' AND ${r}.ended_at IS NOT NULL`],
  ['load', `${r}.supporter_id`, `${r}.status = 'active'`],
  ['feedback', `substr(${r}.feedback_from, 1, 10)`, `${r}.status = 'active' AND ${r}.feedback_from IS NOT NULL`],
  ['pending', `substr(${r}.created_at, 1, 10)`, `${r}.status = 'pending'`],
];

const declineKey = (r: string) => `${r}.mentee_id || ':' || CAST(COALESCE(${r}.topic_id, 0) AS TEXT)`;

/** Nothing was assigned to declined row `d`'s mentee and topic since (programme.ts `unresolvedDecline`). */
const nothingSince = (d: string) => `NOT EXISTS (
  SELECT 1 FROM mentorships m3
  WHERE m3.team_id = ${d}.team_id AND m3.mentee_id = ${d}.mentee_id AND COALESCE(m3.topic_id, 0) = COALESCE(${d}.topic_id, 0)
    AND m3.id <> ${d}.id AND m3.created_at >= ${d}.created_at)`;

/** Whether mentee `r`'s topic has a declined assignment with nothing assigned since. */
const unresolvedDecline = (r: string) => `EXISTS (
  SELECT 1 FROM mentorships d
  WHERE d.team_id = ${r}.team_id AND d.mentee_id = ${r}.mentee_id AND d.status = 'declined'
    AND COALESCE(d.topic_id, 0) = COALESCE(${r}.topic_id, 0) AND ${nothingSince('d')})`;

const declineRowExists = (r: string) =>
  `EXISTS (SELECT 1 FROM team_counts c WHERE c.team_id = ${r}.team_id AND c.kind = 'decline' AND c.bucket = ${declineKey(r)})`;

/** Open requests, counted per workspace (help) or per person (waiting), and the columns that move them. */
const OPEN_REQUESTS: Record<
  'assistance_requests' | 'supporter_requests',
  { kind: string; bucket: (r: string) => string; open: (r: string) => string; columns: string[] }
> = {
  assistance_requests: {
    kind: 'help',
    bucket: () => `''`,
    open: (r) => `${r}.resolved_at IS NULL`,
    columns: ['team_id', 'resolved_at'],
  },
  supporter_requests: {
    kind: 'waiting',
    bucket: (r) => `${r}.requester_id`,
    open: (r) => `${r}.closed_at IS NULL`,
    columns: ['team_id', 'requester_id', 'closed_at'],
  },
};

/**
 * Every counter row, counted from scratch: fills the table for data written before the triggers
 * (and lets a test compare what the triggers kept with what the rows say).
 */
export const COUNTS_FROM_SCRATCH = `
  SELECT team_id AS team_id, 'status' AS kind, status AS bucket, COUNT(*) AS n FROM mentorships GROUP BY team_id, status
  UNION ALL
  SELECT team_id, 'ended', substr(ended_at, 1, 7), COUNT(*) FROM mentorships
    WHERE status = 'ended' AND ended_at IS NOT NULL GROUP BY team_id, substr(ended_at, 1, 7)
  UNION ALL
  SELECT team_id, 'load', supporter_id, COUNT(*) FROM mentorships WHERE status = 'active' GROUP BY team_id, supporter_id
  UNION ALL
  SELECT team_id, 'feedback', substr(feedback_from, 1, 10), COUNT(*) FROM mentorships
    WHERE status = 'active' AND feedback_from IS NOT NULL GROUP BY team_id, substr(feedback_from, 1, 10)
  UNION ALL
  SELECT team_id, 'pending', substr(created_at, 1, 10), COUNT(*) FROM mentorships WHERE status = 'pending' GROUP BY team_id, substr(created_at, 1, 10)
  UNION ALL
  SELECT m.team_id, 'decline', ${declineKey('m')}, 1 FROM mentorships m WHERE m.status = 'declined' AND ${nothingSince('m')}
  UNION ALL
  SELECT team_id, 'help', '', COUNT(*) FROM assistance_requests WHERE resolved_at IS NULL GROUP BY team_id
  UNION ALL
  SELECT team_id, 'waiting', requester_id, COUNT(*) FROM supporter_requests WHERE closed_at IS NULL GROUP BY team_id, requester_id`;

// ---- SQLite: plain AFTER triggers, one per table and operation, built from the same keys. ----

const sqliteAdd = (r: Row, kind: string, bucket: string, when: string) => `
  INSERT INTO team_counts (team_id, kind, bucket, n) SELECT ${r}.team_id, '${kind}', ${bucket}, 0
    WHERE ${when} AND NOT EXISTS (SELECT 1 FROM team_counts WHERE team_id = ${r}.team_id AND kind = '${kind}' AND bucket = ${bucket});
  UPDATE team_counts SET n = n + 1 WHERE ${when} AND team_id = ${r}.team_id AND kind = '${kind}' AND bucket = ${bucket};`;

const sqliteSubtract = (r: Row, kind: string, bucket: string, when: string) => `
  UPDATE team_counts SET n = n - 1 WHERE ${when} AND team_id = ${r}.team_id AND kind = '${kind}' AND bucket = ${bucket};
  DELETE FROM team_counts WHERE ${when} AND team_id = ${r}.team_id AND kind = '${kind}' AND bucket = ${bucket} AND n <= 0;`;

/** Recounts mentee `r`'s topic's decline row when `when` holds. */
const sqliteRecountDecline = (r: Row, when: string) => `
  DELETE FROM team_counts WHERE (${when}) AND team_id = ${r}.team_id AND kind = 'decline' AND bucket = ${declineKey(r)}
    AND NOT ${unresolvedDecline(r)};
  INSERT INTO team_counts (team_id, kind, bucket, n) SELECT ${r}.team_id, 'decline', ${declineKey(r)}, 1
    WHERE (${when}) AND ${unresolvedDecline(r)} AND NOT ${declineRowExists(r)};`;

function sqliteTriggers(): string[] {
  const changed = MENTORSHIP_COLUMNS.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  const add = (r: Row) =>
    mentorshipKeys(r)
      .map(([k, b, w]) => sqliteAdd(r, k, b, w))
      .join('');
  const subtract = (r: Row) =>
    mentorshipKeys(r)
      .map(([k, b, w]) => sqliteSubtract(r, k, b, w))
      .join('');
  // An update changes whether a decline stands only through the declined status, the date, or the group.
  const regrouped = `OLD.status IS NOT NEW.status AND 'declined' IN (OLD.status, NEW.status)
    OR OLD.created_at IS NOT NEW.created_at OR OLD.team_id IS NOT NEW.team_id OR OLD.mentee_id IS NOT NEW.mentee_id
    OR OLD.topic_id IS NOT NEW.topic_id`;
  const triggers = [
    // A new row can only settle a decline (or be one).
    `CREATE TRIGGER mentorships_team_counts_insert AFTER INSERT ON mentorships FOR EACH ROW BEGIN ${add('NEW')}
       ${sqliteRecountDecline('NEW', `NEW.status = 'declined' OR ${declineRowExists('NEW')}`)} END`,
    `CREATE TRIGGER mentorships_team_counts_update AFTER UPDATE ON mentorships FOR EACH ROW WHEN ${changed} BEGIN ${add('NEW')} ${subtract('OLD')}
       ${sqliteRecountDecline('OLD', regrouped)} ${sqliteRecountDecline('NEW', regrouped)} END`,
    // Removing a row can reopen a decline it had settled.
    `CREATE TRIGGER mentorships_team_counts_delete AFTER DELETE ON mentorships FOR EACH ROW BEGIN ${subtract('OLD')}
       ${sqliteRecountDecline('OLD', 'TRUE')} END`,
  ];
  for (const [table, { kind, bucket, open, columns }] of Object.entries(OPEN_REQUESTS)) {
    const add = sqliteAdd('NEW', kind, bucket('NEW'), open('NEW'));
    const subtract = sqliteSubtract('OLD', kind, bucket('OLD'), open('OLD'));
    triggers.push(
      `CREATE TRIGGER ${table}_team_counts_insert AFTER INSERT ON ${table} FOR EACH ROW BEGIN ${add} END`,
      `CREATE TRIGGER ${table}_team_counts_update AFTER UPDATE ON ${table} FOR EACH ROW
         WHEN ${columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')} BEGIN ${add} ${subtract} END`,
      `CREATE TRIGGER ${table}_team_counts_delete AFTER DELETE ON ${table} FOR EACH ROW BEGIN ${subtract} END`,
    );
  }
  return triggers;
}

// ---- PostgreSQL: deltas noted as rows change, applied once per transaction at commit. ----
//
// Applying each row's change to its counter at once would update the same counter row once per
// row: within one transaction every update adds a row version that the next must step over, so a
// bulk load of n mentorships would cost O(n²) (an import of 100,000 did not finish in 15 minutes).
// Instead a row trigger notes the row's deltas in `team_count_deltas` (insert only: nothing to
// lock), and a deferred trigger sums the transaction's deltas per counter at commit and applies
// them, one update per counter row, in key order, after taking the workspace's version row.

/**
 * The version bump of 20261202150001 with the notice of 20261203010001, once per transaction and
 * workspace, callable first from the count triggers. Not a trigger, so the notice names the schema
 * the version row was found in by search path, the one the app's connections use.
 */
const PG_VERSION_ONCE = `
  CREATE OR REPLACE FUNCTION lifering_team_version_once(team text) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    flag text := 'lifering.bumped_' || md5(team);
    bumped bigint;
  BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
      INSERT INTO team_versions (team_id, version) VALUES (team, 1)
        ON CONFLICT (team_id) DO UPDATE SET version = team_versions.version + 1
        RETURNING version INTO bumped;
      PERFORM set_config(flag, txid_current()::text, true);
      PERFORM pg_notify('lifering_team_version', current_schema() || ' ' || team || ' ' || bumped);
    END IF;
  END $$`;

const PG_BUMP_VERSION = (body: string) => `
  CREATE OR REPLACE FUNCTION lifering_bump_team_version() RETURNS trigger LANGUAGE plpgsql AS $$
  ${body}
  $$`;

/** 20261203010001's body, restored by down(). */
const PG_BUMP_VERSION_BEFORE = `
  DECLARE
    team text := CASE WHEN TG_OP = 'DELETE' THEN OLD.team_id ELSE NEW.team_id END;
    flag text := 'lifering.bumped_' || md5(team);
    bumped bigint;
  BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
      INSERT INTO team_versions (team_id, version) VALUES (team, 1)
        ON CONFLICT (team_id) DO UPDATE SET version = team_versions.version + 1
        RETURNING version INTO bumped;
      PERFORM set_config(flag, txid_current()::text, true);
      PERFORM pg_notify('lifering_team_version', TG_TABLE_SCHEMA || ' ' || team || ' ' || bumped);
    END IF;
    RETURN NULL;
  END`;

const PG_BUMP_VERSION_AFTER = `
  BEGIN
    PERFORM lifering_team_version_once(CASE WHEN TG_OP = 'DELETE' THEN OLD.team_id ELSE NEW.team_id END);
    RETURN NULL;
  END`;

/**
 * Deltas of transactions in progress; empty outside them. Unlogged: a crash aborts the
 * transactions whose deltas it held. Its column is `team`, not `team_id`: it is no workspace's
 * data (TEAM_TABLES), only scratch space of the triggers.
 */
const PG_DELTAS = `
  CREATE UNLOGGED TABLE team_count_deltas (
    txid bigint NOT NULL,
    team varchar(32) NOT NULL,
    kind varchar(16) NOT NULL,
    bucket varchar(80) NOT NULL,
    d integer NOT NULL
  )`;

const COUNTED_KINDS = ['status', 'ended', 'load', 'feedback', 'pending', 'help', 'waiting'];

/** Notes that `team` has deltas to apply in this transaction. */
const pgNoteDeltas = (team: string) =>
  `PERFORM set_config('lifering.counts_' || md5(${team}), txid_current()::text, true);`;

const PG_APPLY_DELTAS = `
  CREATE OR REPLACE FUNCTION lifering_apply_count_deltas(team_arg text) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    flag text := 'lifering.counts_' || md5(team_arg);
  BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN RETURN; END IF;
    PERFORM set_config(flag, '', true);
    WITH gone AS (DELETE FROM team_count_deltas WHERE txid = txid_current() AND team = team_arg RETURNING kind, bucket, d)
    INSERT INTO team_counts (team_id, kind, bucket, n)
      SELECT team_arg, kind, bucket, SUM(d) FROM gone GROUP BY kind, bucket HAVING SUM(d) <> 0 ORDER BY kind, bucket
      ON CONFLICT (team_id, kind, bucket) DO UPDATE SET n = team_counts.n + EXCLUDED.n;
    -- Emptied counters go, found through (team_id, kind, n): only the rows at zero are read.
    DELETE FROM team_counts WHERE team_id = team_arg AND kind IN (${COUNTED_KINDS.map((k) => `'${k}'`).join(', ')}) AND n <= 0;
  END $$`;

const PG_DELTA_MENTORSHIP = `
  CREATE OR REPLACE FUNCTION lifering_delta_mentorship(r mentorships, d integer) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO team_count_deltas (txid, team, kind, bucket, d)
      SELECT txid_current(), r.team_id, k.kind, k.bucket, d
      FROM (VALUES ${mentorshipKeys('NEW')
        .map(([k, b, w]) => `('${k}', ${b.replaceAll('NEW.', 'r.')}, ${w.replaceAll('NEW.', 'r.')})`)
        .join(',\n        ')}) AS k(kind, bucket, counted)
      WHERE k.counted;
  END $$`;

const PG_RECOUNT_DECLINE = `
  CREATE OR REPLACE FUNCTION lifering_recount_decline(r mentorships) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    IF ${unresolvedDecline('r')} THEN
      INSERT INTO team_counts (team_id, kind, bucket, n) VALUES (r.team_id, 'decline', ${declineKey('r')}, 1)
        ON CONFLICT (team_id, kind, bucket) DO NOTHING;
    ELSE
      DELETE FROM team_counts WHERE team_id = r.team_id AND kind = 'decline' AND bucket = ${declineKey('r')};
    END IF;
  END $$`;

/** The row triggers: note the deltas. */
const PG_NOTE_MENTORSHIPS = `
  CREATE OR REPLACE FUNCTION lifering_note_counts_mentorships() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'DELETE' THEN PERFORM lifering_delta_mentorship(NEW, 1); ${pgNoteDeltas('NEW.team_id')} END IF;
    IF TG_OP <> 'INSERT' THEN PERFORM lifering_delta_mentorship(OLD, -1); ${pgNoteDeltas('OLD.team_id')} END IF;
    RETURN NULL;
  END $$`;

const pgNoteOpen = (table: keyof typeof OPEN_REQUESTS) => {
  const { kind, bucket, open } = OPEN_REQUESTS[table];
  return `
  CREATE OR REPLACE FUNCTION lifering_note_counts_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'DELETE' AND ${open('NEW')} THEN
      INSERT INTO team_count_deltas (txid, team, kind, bucket, d) VALUES (txid_current(), NEW.team_id, '${kind}', ${bucket('NEW')}, 1);
      ${pgNoteDeltas('NEW.team_id')}
    END IF;
    IF TG_OP <> 'INSERT' AND ${open('OLD')} THEN
      INSERT INTO team_count_deltas (txid, team, kind, bucket, d) VALUES (txid_current(), OLD.team_id, '${kind}', ${bucket('OLD')}, -1);
      ${pgNoteDeltas('OLD.team_id')}
    END IF;
    RETURN NULL;
  END $$`;
};

/** The deferred triggers, at commit: the version row first (every counter row is locked under it), then the deltas. */
const pgApply = (table: string) => `
  CREATE OR REPLACE FUNCTION lifering_apply_counts_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    team text := CASE WHEN TG_OP = 'DELETE' THEN OLD.team_id ELSE NEW.team_id END;
  BEGIN
    PERFORM lifering_team_version_once(team);
    PERFORM lifering_apply_count_deltas(team);
    -- A row moved to another workspace left deltas in its first one too.
    IF TG_OP = 'UPDATE' AND OLD.team_id IS DISTINCT FROM NEW.team_id THEN
      PERFORM lifering_team_version_once(OLD.team_id);
      PERFORM lifering_apply_count_deltas(OLD.team_id);
    END IF;
    ${
      table !== 'mentorships'
        ? ''
        : `-- Whether a decline stands is read from the rows as they are now, so it is never a delta.
    IF TG_OP = 'INSERT' THEN
      IF NEW.status = 'declined' OR ${declineRowExists('NEW')} THEN PERFORM lifering_recount_decline(NEW); END IF;
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM lifering_recount_decline(OLD);
    ELSIF (OLD.status IS DISTINCT FROM NEW.status AND 'declined' IN (OLD.status, NEW.status))
        OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.team_id IS DISTINCT FROM NEW.team_id
        OR OLD.mentee_id IS DISTINCT FROM NEW.mentee_id OR OLD.topic_id IS DISTINCT FROM NEW.topic_id THEN
      PERFORM lifering_recount_decline(OLD);
      PERFORM lifering_recount_decline(NEW);
    END IF;`
    }
    RETURN NULL;
  END $$`;

const PG_WATCHED: Record<string, string[]> = {
  mentorships: MENTORSHIP_COLUMNS,
  assistance_requests: OPEN_REQUESTS.assistance_requests.columns,
  supporter_requests: OPEN_REQUESTS.supporter_requests.columns,
};

async function pgUp(knex: Knex): Promise<void> {
  await knex.raw(PG_DELTAS);
  await knex.raw('CREATE INDEX team_count_deltas_txn ON team_count_deltas (txid, team)');
  for (const sql of [
    PG_VERSION_ONCE,
    PG_BUMP_VERSION(PG_BUMP_VERSION_AFTER),
    PG_APPLY_DELTAS,
    PG_DELTA_MENTORSHIP,
    PG_RECOUNT_DECLINE,
    PG_NOTE_MENTORSHIPS,
  ]) {
    await knex.raw(sql);
  }
  for (const [table, columns] of Object.entries(PG_WATCHED)) {
    if (table !== 'mentorships') await knex.raw(pgNoteOpen(table as keyof typeof OPEN_REQUESTS));
    await knex.raw(pgApply(table));
    const changed = `WHEN (${columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')})`;
    await knex.raw(
      `CREATE TRIGGER ${table}_team_counts_note AFTER INSERT OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION lifering_note_counts_${table}()`,
    );
    await knex.raw(
      `CREATE TRIGGER ${table}_team_counts_note_update AFTER UPDATE ON ${table} FOR EACH ROW ${changed} EXECUTE FUNCTION lifering_note_counts_${table}()`,
    );
    await knex.raw(
      `CREATE CONSTRAINT TRIGGER ${table}_team_counts AFTER INSERT OR DELETE ON ${table}
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lifering_apply_counts_${table}()`,
    );
    await knex.raw(
      `CREATE CONSTRAINT TRIGGER ${table}_team_counts_update AFTER UPDATE ON ${table}
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW ${changed} EXECUTE FUNCTION lifering_apply_counts_${table}()`,
    );
  }
}

async function pgDown(knex: Knex): Promise<void> {
  for (const table of Object.keys(PG_WATCHED)) {
    for (const trigger of ['note', 'note_update', '', 'update'])
      await knex.raw(`DROP TRIGGER IF EXISTS ${table}_team_counts${trigger ? `_${trigger}` : ''} ON ${table}`);
    await knex.raw(`DROP FUNCTION IF EXISTS lifering_note_counts_${table}()`);
    await knex.raw(`DROP FUNCTION IF EXISTS lifering_apply_counts_${table}()`);
  }
  await knex.raw(PG_BUMP_VERSION(PG_BUMP_VERSION_BEFORE));
  for (const fn of [
    'lifering_recount_decline(mentorships)',
    'lifering_delta_mentorship(mentorships, integer)',
    'lifering_apply_count_deltas(text)',
    'lifering_team_version_once(text)',
  ]) {
    await knex.raw(`DROP FUNCTION IF EXISTS ${fn}`);
  }
  await knex.raw('DROP TABLE team_count_deltas');
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('team_counts', (t) => {
    t.string('team_id', 32).notNullable();
    t.string('kind', 16).notNullable();
    t.string('bucket', 80).notNullable();
    t.integer('n').notNullable().defaultTo(0);
    t.primary(['team_id', 'kind', 'bucket']);
    t.index(['team_id', 'kind', 'n'], 'team_counts_by_n');
  });
  // What the Home lists (the five most urgent of each kind), read in order from an index instead
  // of sorting every match: bounded by the five, not by the workspace.
  await knex.schema.alterTable('mentorships', (t) => {
    t.index(['team_id', 'status', 'feedback_from', 'id'], 'mentorships_team_feedback');
  });
  await knex.raw(
    'CREATE INDEX assistance_requests_open ON assistance_requests (team_id, opened_at, id) WHERE resolved_at IS NULL',
  );
  await knex.raw(
    'CREATE INDEX supporter_requests_open ON supporter_requests (team_id, created_at, id) WHERE closed_at IS NULL',
  );

  if (knex.client.config.client === 'pg') {
    await pgUp(knex);
  } else {
    for (const sql of sqliteTriggers()) await knex.raw(sql);
  }
  // After the triggers: on PostgreSQL creating them locked the tables, so no write falls between.
  await knex.raw(`INSERT INTO team_counts (team_id, kind, bucket, n) ${COUNTS_FROM_SCRATCH}`);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await pgDown(knex);
  } else {
    for (const table of Object.keys(PG_WATCHED)) {
      for (const op of ['insert', 'update', 'delete'])
        await knex.raw(`DROP TRIGGER IF EXISTS ${table}_team_counts_${op}`);
    }
  }
  await knex.raw('DROP INDEX IF EXISTS supporter_requests_open');
  await knex.raw('DROP INDEX IF EXISTS assistance_requests_open');
  await knex.schema.alterTable('mentorships', (t) => {
    t.dropIndex(['team_id', 'status', 'feedback_from', 'id'], 'mentorships_team_feedback');
  });
  await knex.schema.dropTable('team_counts');
}

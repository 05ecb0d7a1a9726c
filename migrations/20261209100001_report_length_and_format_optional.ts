import type { Knex } from 'knex';

/*
 * Issue 23 (6): a meeting report needs only its date, its summary and how it is going; how long
 * the meeting was and how the two met are optional, so `duration_minutes` and `format` take NULL.
 * Their CHECKs stay: NULL passes them.
 *
 * PostgreSQL drops NOT NULL in place. SQLite cannot, so there the table is rebuilt as SQLite's
 * documentation prescribes (lang_altertable.html, "other kinds of table schema changes"): a new
 * table from the old one's own CREATE with the two NOT NULLs taken out, the rows copied column by
 * column, the old table dropped, the new one renamed, then the table's indexes and triggers (the
 * team version triggers among them) created again from the SQL they were created with.
 *
 * - Foreign keys are off during the rebuild: with them on, dropping the old table deletes its
 *   rows first, which would cascade to any table that refers to reports. SQLite ignores that
 *   pragma inside a transaction, hence `config.transaction = false` (honoured on SQLite only, see
 *   src/storage/db.ts): the rebuild runs in a transaction of its own, and checks the foreign keys
 *   of the rebuilt table and of every table that refers to it before committing.
 * - The rename runs with legacy_alter_table on, so SQLite does not re-check (and fail on) other
 *   tables' triggers that mention meeting_reports while only the new table exists.
 * - The AUTOINCREMENT counter is carried over: a deleted report's id is never handed out again.
 *
 * down puts NOT NULL back and refuses, saying so, while any report has no length or no way of
 * meeting: filling in 30 minutes or "call" would invent what nobody reported. Whoever must go back
 * fills those reports in first, knowingly.
 */
export const config = { transaction: false };

const TABLE = 'meeting_reports';
const COLUMNS = ['duration_minutes', 'format'] as const;

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`ALTER TABLE ${TABLE} ${COLUMNS.map((c) => `ALTER COLUMN ${c} DROP NOT NULL`).join(', ')}`);
    return;
  }
  await rebuildSqlite(knex, false);
}

export async function down(knex: Knex): Promise<void> {
  const missing = await knex(TABLE).whereNull(COLUMNS[0]).orWhereNull(COLUMNS[1]).count({ n: '*' }).first();
  const n = Number(missing?.n ?? 0);
  if (n > 0)
    throw new Error(
      `Cannot undo 20261209100001_report_length_and_format_optional: ${n} meeting ${n === 1 ? 'report has' : 'reports have'} ` +
        'no length or no way of meeting, and both would be required again. Fill them in first ' +
        `(UPDATE ${TABLE} SET duration_minutes = ... WHERE duration_minutes IS NULL, and likewise format), ` +
        'or keep this migration.',
    );
  if (knex.client.config.client === 'pg') {
    await knex.raw(`ALTER TABLE ${TABLE} ${COLUMNS.map((c) => `ALTER COLUMN ${c} SET NOT NULL`).join(', ')}`);
    return;
  }
  await rebuildSqlite(knex, true);
}

/** A column's definition in a CREATE TABLE: its (quoted) name after `(` or `,`, then its type. */
const columnDefinition = (column: string) =>
  new RegExp(`([(,]\\s*[\`"]?${column}[\`"]?\\s+\\w+(?:\\s*\\(\\s*\\d+\\s*\\))?)(\\s+not\\s+null)?`, 'i');

/** The table's CREATE statement, renamed to `name`, with the columns' NOT NULL set as asked. */
function createSql(sql: string, name: string, notNull: boolean): string {
  const renamed = sql.replace(new RegExp(`^CREATE TABLE\\s+[\`"]?${TABLE}[\`"]?`, 'i'), `CREATE TABLE \`${name}\``);
  if (renamed === sql) throw new Error(`Unexpected CREATE statement for ${TABLE}: ${sql}`);
  return COLUMNS.reduce((out, column) => {
    const definition = columnDefinition(column);
    if (!definition.test(out)) throw new Error(`Column ${column} not found in the CREATE statement of ${TABLE}`);
    return out.replace(definition, (_all, head: string) => `${head}${notNull ? ' not null' : ''}`);
  }, renamed);
}

/** SQLite: the table rebuilt with `duration_minutes` and `format` NOT NULL or not, on one connection. */
async function rebuildSqlite(knex: Knex, notNull: boolean): Promise<void> {
  const connection = await knex.client.acquireConnection();
  const on = (sql: string, bindings: readonly Knex.Value[] = []) => knex.raw(sql, bindings).connection(connection);
  try {
    const [{ foreign_keys: enforced }] = await on('PRAGMA foreign_keys');
    await on('PRAGMA foreign_keys = OFF');
    try {
      await knex.transaction((trx) => rebuildIn(trx, notNull), { connection });
    } finally {
      if (enforced) await on('PRAGMA foreign_keys = ON');
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

async function rebuildIn(trx: Knex.Transaction, notNull: boolean): Promise<void> {
  const building = `${TABLE}_rebuilt`;
  const [table] = await trx.raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]);
  // Indexes SQLite made for constraints have no SQL: the CREATE TABLE makes them again.
  const dependents: { sql: string }[] = await trx.raw(
    "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL ORDER BY type, name",
    [TABLE],
  );
  const columns = ((await trx.raw(`PRAGMA table_info(${TABLE})`)) as { name: string }[])
    .map((c) => `\`${c.name}\``)
    .join(', ');
  const [sequence] = await trx.raw('SELECT seq FROM sqlite_sequence WHERE name = ?', [TABLE]);

  await trx.raw(createSql(String(table.sql), building, notNull));
  await trx.raw(`INSERT INTO \`${building}\` (${columns}) SELECT ${columns} FROM \`${TABLE}\``);
  await trx.raw(`DROP TABLE \`${TABLE}\``);
  const [{ legacy_alter_table: legacy }] = await trx.raw('PRAGMA legacy_alter_table');
  await trx.raw('PRAGMA legacy_alter_table = ON');
  await trx.raw(`ALTER TABLE \`${building}\` RENAME TO \`${TABLE}\``);
  await trx.raw(`PRAGMA legacy_alter_table = ${legacy ? 'ON' : 'OFF'}`);
  if (sequence)
    await trx.raw('UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?', [Number(sequence.seq), TABLE]);
  for (const { sql } of dependents) await trx.raw(sql);

  const info = (await trx.raw(`PRAGMA table_info(${TABLE})`)) as { name: string; notnull: number }[];
  for (const column of COLUMNS)
    if (Boolean(info.find((c) => c.name === column)?.notnull) !== notNull)
      throw new Error(`Rebuilding ${TABLE} left ${column} ${notNull ? 'nullable' : 'NOT NULL'}`);
  await checkForeignKeys(trx);
}

/** The rebuilt table's foreign keys, and those of every table that refers to it, still hold. */
async function checkForeignKeys(trx: Knex.Transaction): Promise<void> {
  const tables = ((await trx.raw("SELECT name FROM sqlite_master WHERE type = 'table'")) as { name: string }[]).map(
    (t) => t.name,
  );
  for (const name of tables) {
    const keys = (await trx.raw(`PRAGMA foreign_key_list(\`${name}\`)`)) as { table: string }[];
    if (name !== TABLE && !keys.some((k) => k.table === TABLE)) continue;
    const broken = (await trx.raw(`PRAGMA foreign_key_check(\`${name}\`)`)) as unknown[];
    if (broken.length > 0)
      throw new Error(`Rebuilding ${TABLE} would leave ${broken.length} rows of ${name} with a broken foreign key`);
  }
}

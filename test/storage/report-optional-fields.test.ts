import { afterEach, describe, expect, it } from 'vitest';
import { down, up } from '../../migrations/20261209100001_report_length_and_format_optional.ts';
import { type Db, isPostgres, migrateToLatest } from '../../src/storage/db.ts';
import { seedMentorships } from '../support/seed.ts';
import { databaseBefore, testEngine } from '../support/storage.ts';

const MIGRATION = '20261209100001_report_length_and_format_optional.ts';
const T = 'T0001';
const at = '2026-11-20T09:00:00.000Z';

const rowsOf = (result: unknown): Record<string, unknown>[] =>
  Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows;

/** The names of the table's indexes and (not internal) triggers, as the engine lists them. */
async function indexesAndTriggers(db: Db, table: string): Promise<{ indexes: string[]; triggers: string[] }> {
  const names = async (sql: string) =>
    rowsOf(await db.raw(sql, [table]))
      .map((r) => String(r.name))
      .sort();
  if (isPostgres(db))
    return {
      indexes: await names(
        'SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?',
      ),
      triggers: await names('SELECT tgname AS name FROM pg_trigger WHERE tgrelid = ?::regclass AND NOT tgisinternal'),
    };
  return {
    indexes: await names("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"),
    triggers: await names("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"),
  };
}

const version = async (db: Db): Promise<number> =>
  Number((await db('team_versions').where({ team_id: T }).first())?.version ?? 0);

const report = (mentorshipId: number, n: number, more: Record<string, unknown> = {}) => ({
  team_id: T,
  mentorship_id: mentorshipId,
  author_id: 'USAM',
  mentee_id: 'UMIA',
  met_on: `2026-11-${String(n).padStart(2, '0')}`,
  duration_minutes: 30 + n,
  format: (['in_person', 'call', 'video', 'chat'] as const)[n % 4],
  summary: `Meeting ${n}`,
  progress: (n % 5) + 1,
  goals_discussed: JSON.stringify([{ id: n, title: `Goal ${n}` }]),
  next_meeting_on: n % 2 ? `2026-12-${String(n).padStart(2, '0')}` : null,
  private_note: n % 2 ? null : `Note ${n}`,
  submission_key: `V${n}:h`,
  created_at: at,
  updated_at: at,
  confirm_channel: `D${n}`,
  confirm_ts: `1700000000.00000${n}`,
  ...more,
});

describe(`a meeting report's length and way of meeting become optional (migration), on ${testEngine}`, () => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
  });

  it('takes reports with neither, keeps every row, index, trigger and foreign key, and its down refuses to lose them', async () => {
    const before = await databaseBefore(MIGRATION);
    drop = before.drop;
    const { db } = before;
    await seedMentorships(db, T, [
      { supporter_id: 'USAM', mentee_id: 'UMIA', status: 'active' },
      { supporter_id: 'USAM', mentee_id: 'ULEO', status: 'active' },
    ]);
    const [m1, m2] = (await db('mentorships').orderBy('id').select('id')).map((r) => Number(r.id)) as [number, number];
    await db('meeting_reports').insert([report(m1, 1), report(m2, 2), report(m1, 3), report(m1, 4)]);
    // The newest report deleted: its id must never be handed out again.
    await db('meeting_reports').where({ met_on: '2026-11-04' }).delete();
    // A table that refers to reports, dropping its rows with theirs: the rebuild must not take them along.
    await db.schema.createTable('report_links', (t) => {
      t.increments('id');
      t.integer('report_id').unsigned().notNullable().references('id').inTable('meeting_reports').onDelete('CASCADE');
      t.integer('reports_then');
    });
    const [first] = (await db('meeting_reports').orderBy('id').select('id')).map((r) => Number(r.id));
    await db('report_links').insert([{ report_id: first }, { report_id: first }]);
    // SQLite: a trigger on another table that reads meeting_reports, which a rebuild must leave working.
    if (!isPostgres(db))
      await db.raw(`CREATE TRIGGER report_links_count AFTER INSERT ON report_links BEGIN
        UPDATE report_links SET reports_then = (SELECT count(*) FROM meeting_reports) WHERE id = NEW.id; END`);
    const rows = await db('meeting_reports').orderBy('id');
    const schema = await indexesAndTriggers(db, 'meeting_reports');
    expect(schema.indexes).toEqual(
      expect.arrayContaining(['meeting_reports_next_meeting', 'meeting_reports_team_id_submission_key_unique']),
    );
    expect(schema.triggers.filter((n) => n.startsWith('meeting_reports_team_version')).length).toBeGreaterThan(0);

    expect(await migrateToLatest(db)).toContain(MIGRATION);

    // Every row as it was, and every row that refers to one.
    expect(await db('meeting_reports').orderBy('id')).toEqual(rows);
    expect(Number((await db('report_links').count({ n: '*' }).first())?.n)).toBe(2);
    expect(await indexesAndTriggers(db, 'meeting_reports')).toEqual(schema);
    if (!isPostgres(db)) expect(rowsOf(await db.raw('PRAGMA foreign_keys'))[0]).toEqual({ foreign_keys: 1 });

    // A report with neither a length nor a way of meeting, written after the deleted one's id.
    const start = await version(db);
    const [row] = await db('meeting_reports')
      .insert(report(m2, 5, { duration_minutes: null, format: null, submission_key: 'V5:h' }))
      .returning('id');
    const id = Number(typeof row === 'object' ? row.id : row);
    expect(id).toBe(5);
    expect(await db('meeting_reports').where({ id }).first()).toMatchObject({ duration_minutes: null, format: null });
    // The team version triggers still fire, on insert, update and delete.
    const inserted = await version(db);
    expect(inserted).toBeGreaterThan(start);
    await db('meeting_reports').where({ id }).update({ summary: 'Changed' });
    const updated = await version(db);
    expect(updated).toBeGreaterThan(inserted);
    // What the columns may hold is still checked, and the submission key still unique.
    await expect(db('meeting_reports').insert(report(m2, 6, { duration_minutes: 4 }))).rejects.toThrow(/check/i);
    await expect(db('meeting_reports').insert(report(m2, 6, { format: 'fax' }))).rejects.toThrow(/check/i);
    await expect(db('meeting_reports').insert(report(m2, 6, { submission_key: 'V1:h' }))).rejects.toThrow(
      /unique|duplicate/i,
    );
    // Foreign keys hold both ways: to the mentorship, and from the rows that refer to reports.
    await expect(db('meeting_reports').insert(report(99_999, 7))).rejects.toThrow(/foreign key/i);
    await expect(db('report_links').insert({ report_id: 99_999 })).rejects.toThrow(/foreign key/i);
    if (!isPostgres(db)) {
      await db('report_links').insert({ report_id: id });
      expect((await db('report_links').where({ report_id: id }).first())?.reports_then).toBe(4);
      await db('report_links').where({ report_id: id }).delete();
    }
    await db('meeting_reports').where({ id: first }).delete();
    expect(Number((await db('report_links').count({ n: '*' }).first())?.n)).toBe(0);
    expect(await version(db)).toBeGreaterThan(updated);

    // Going back would have to invent a length and a way of meeting: it says so and changes nothing.
    await expect(down(db)).rejects.toThrow(/1 meeting report has no length or no way of meeting/);
    expect(await db('meeting_reports').where({ id }).first()).toMatchObject({ duration_minutes: null });
    // Once every report has both, it goes back, and forth again, keeping what it kept before.
    await db('meeting_reports').where({ id }).update({ duration_minutes: 45, format: 'call' });
    const kept = await db('meeting_reports').orderBy('id');
    await down(db);
    await expect(
      db('meeting_reports').insert(report(m2, 8, { duration_minutes: null, submission_key: 'V8:h' })),
    ).rejects.toThrow(/not[ -]null/i);
    expect(await indexesAndTriggers(db, 'meeting_reports')).toEqual(schema);
    await up(db);
    expect(await db('meeting_reports').orderBy('id')).toEqual(kept);
    expect(await indexesAndTriggers(db, 'meeting_reports')).toEqual(schema);
  });
});

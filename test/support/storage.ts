import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { type DatabaseOptions, type Db, isPostgres, migrateToLatest, openDatabase } from '../../src/storage/db.ts';
import { openStorage, type Storage } from '../../src/storage/index.ts';

/**
 * The database a test run uses: SQLite in a temporary folder unless TEST_DATABASE_URL names a
 * PostgreSQL server, in which case each call gets a fresh schema that is dropped afterwards.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const testEngine = testDatabaseUrl ? 'postgres' : 'sqlite';

export interface TestStorage {
  storage: Storage;
  /** How to open the same database again (another process, another pool). */
  options: DatabaseOptions;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database: PostgreSQL at `url` (a new schema), else SQLite in a temporary folder. */
export async function openTestStorage(url: string | undefined = testDatabaseUrl): Promise<TestStorage> {
  if (url) {
    const schema = `lifering_test_${randomBytes(6).toString('hex')}`;
    const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    try {
      await admin.raw(`CREATE SCHEMA ${schema}`);
    } catch (error) {
      await admin.destroy();
      throw new Error(
        `PostgreSQL at ${url} is unreachable (${(error as Error).message}). ` +
          'Start it, or unset TEST_DATABASE_URL to test on SQLite.',
      );
    }
    const options = { url, dataDir: '.', schema };
    const storage = await openStorage(options);
    return {
      storage,
      options,
      async cleanup() {
        await storage.close();
        await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
        await admin.destroy();
      },
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lifering-test-'));
  const storage = await openStorage({ dataDir });
  return {
    storage,
    options: { dataDir },
    async cleanup() {
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Makes the next `times` row updates of `table` fail inside the database, as a dropped connection
 * or a full disk would fail them; the returned function stops it. The count is kept where a failed
 * statement cannot roll it back: a sequence on PostgreSQL, a trigger that fails with RAISE(FAIL)
 * (which keeps the statement's earlier changes) on SQLite.
 */
export async function failNextUpdates(db: Db, table: string, times: number): Promise<() => Promise<void>> {
  const name = `test_fail_${table}`;
  if (isPostgres(db)) {
    await db.raw(`CREATE SEQUENCE ${name}_seq`);
    await db.raw(
      `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF nextval('${name}_seq') <= ${times} THEN RAISE EXCEPTION 'injected failure'; END IF;
         RETURN NEW;
       END $$`,
    );
    await db.raw(`CREATE TRIGGER ${name} BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    return async () => {
      await db.raw(`DROP TRIGGER ${name} ON ${table}`);
      await db.raw(`DROP FUNCTION ${name}()`);
      await db.raw(`DROP SEQUENCE ${name}_seq`);
    };
  }
  await db.raw(`CREATE TABLE ${name}_budget (n INTEGER NOT NULL)`);
  await db(`${name}_budget`).insert({ n: times });
  await db.raw(
    `CREATE TRIGGER ${name} BEFORE UPDATE ON ${table} WHEN (SELECT n FROM ${name}_budget) > 0
     BEGIN UPDATE ${name}_budget SET n = n - 1; SELECT RAISE(FAIL, 'injected failure'); END`,
  );
  return async () => {
    await db.raw(`DROP TRIGGER ${name}`);
    await db.raw(`DROP TABLE ${name}_budget`);
  };
}

/** A fresh database migrated up to, not including, `migration` (a migration's test); and how to drop it. */
export async function databaseBefore(
  migration: string,
): Promise<{ db: Db; options: DatabaseOptions; drop(): Promise<void> }> {
  if (testDatabaseUrl) {
    const schema = `lifering_test_${randomBytes(6).toString('hex')}`;
    const admin = knexFactory({ client: 'pg', connection: testDatabaseUrl, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE SCHEMA ${schema}`);
    const options = { url: testDatabaseUrl, dataDir: '.', schema };
    const db = openDatabase(options);
    await migrateToLatest(db, 60_000, migration);
    return {
      db,
      options,
      async drop() {
        await db.destroy();
        await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
        await admin.destroy();
      },
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lifering-test-'));
  const db = openDatabase({ dataDir });
  await migrateToLatest(db, 60_000, migration);
  return {
    db,
    options: { dataDir },
    async drop() {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

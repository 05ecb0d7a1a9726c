import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import knexFactory, { type Knex } from 'knex';

export type Db = Knex;

export interface DatabaseOptions {
  /** PostgreSQL URL; SQLite when absent. */
  url?: string;
  /** Folder for the SQLite file. */
  dataDir: string;
  /** PostgreSQL schema to use (tests get a fresh one per run). */
  schema?: string;
  /** SQLite file name inside dataDir, or ':memory:'. */
  sqliteFile?: string;
  /** Command line tools: knex's own connection warnings (with stacks) left out; the tool says what failed in one line. */
  quiet?: boolean;
}

// Run from source (tsx), migrations/ sits next to src/; in the production build (npm run build)
// they are compiled to dist/migrations/, next to dist/storage/.
const compiled = import.meta.url.endsWith('.js');
const migrationsDir = fileURLToPath(new URL(compiled ? '../migrations/' : '../../migrations/', import.meta.url));
const migrationFile = compiled ? /^\d+_.+\.js$/ : /^\d+_.+\.ts$/;

/** The SQLite file's name inside DATA_DIR (the app, `npm run backup` and `npm run restore` agree on it). */
export const SQLITE_FILE = 'lifering.db';

export function openDatabase(options: DatabaseOptions): Db {
  if (options.url) {
    return knexFactory({
      client: 'pg',
      connection: options.url,
      searchPath: options.schema ? [options.schema] : undefined,
      pool: { min: 0, max: 10 },
      ...(options.quiet ? { log: { warn: () => undefined } } : {}),
    });
  }
  const file = options.sqliteFile ?? SQLITE_FILE;
  const filename = file === ':memory:' ? file : path.resolve(options.dataDir, file);
  if (file !== ':memory:') mkdirSync(path.dirname(filename), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      // One connection: SQLite serialises writers anyway, and one connection means no
      // SQLITE_BUSY between our own requests. The busy timeout covers other processes (npm run remind,
      // whose writes are single short statements). better-sqlite3 waits for a lock synchronously,
      // stalling every request, so it is kept well inside Slack's 3 s: past it the write fails and
      // the person is told to try again, rather than answered too late to be shown anything.
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 500');
        conn.pragma('synchronous = NORMAL');
        // Deleted and overwritten content is zeroed, not left readable in free space: a forgotten
        // person's text must not survive in the file (see PersonalDataStore.dropErasedCopies).
        conn.pragma('secure_delete = ON');
        done(null, conn);
      },
    },
  });
}

/** Migrations are TypeScript files in migrations/, loaded by knex through this source. */
class FolderMigrationSource implements Knex.MigrationSource<string> {
  /** `before`: only the migrations named before it, to set up a database as it was (tests of a migration). */
  constructor(
    private readonly postgres: boolean,
    private readonly before?: string,
  ) {}

  async getMigrations(): Promise<string[]> {
    return readdirSync(migrationsDir)
      .filter((f) => migrationFile.test(f) && (this.before === undefined || f < this.before))
      .sort();
  }
  // knex records each migration by this name. It is always the source's .ts name, so a database
  // migrated by the compiled build and one migrated from source agree on what has run.
  getMigrationName(migration: string): string {
    return migration.replace(/\.js$/, '.ts');
  }
  async getMigration(migration: string): Promise<Knex.Migration> {
    const { config, ...m } = (await import(
      pathToFileURL(path.join(migrationsDir, migration)).href
    )) as Knex.Migration & {
      config?: { transaction?: boolean };
    };
    // PostgreSQL refuses to alter or drop a table with deferred trigger events pending (the team
    // version triggers fire at commit), so within a migration they fire at each statement.
    const immediate = (step: (knex: Knex) => PromiseLike<unknown>) => async (knex: Knex) => {
      if (isPostgres(knex)) await knex.raw('SET CONSTRAINTS ALL IMMEDIATE');
      return step(knex);
    };
    // A migration may run outside a transaction (`config.transaction = false`) on SQLite only, where
    // some schema changes need it (PRAGMA foreign_keys cannot change inside one) and one instance
    // migrates. On PostgreSQL instances starting together race for knex's lock, and knex re-reads
    // which migrations have run, once it holds the lock, only when all of them share its one
    // transaction: one run outside it would let a second instance run again what the first just ran.
    const outside = !this.postgres && config?.transaction === false ? { config: { transaction: false } } : {};
    return { ...m, ...outside, up: immediate(m.up), ...(m.down ? { down: immediate(m.down) } : {}) };
  }
}

/**
 * Brings the schema up to date; returns the names of the migrations it ran. `before` stops short
 * of the migration with that file name, for a test that needs the schema it replaces.
 */
export async function migrateToLatest(db: Db, waitMs = 60_000, before?: string): Promise<string[]> {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const [, ran] = (await db.migrate.latest({
        migrationSource: new FolderMigrationSource(isPostgres(db), before),
        // During a rolling deploy an instance of this release may (re)start after the next
        // release has migrated: the newer migrations it does not know of are not a corrupt folder.
        disableMigrationsListValidation: true,
      })) as [number, string[]];
      return ran;
    } catch (error) {
      // Instances starting together (compose, a rolling deploy) race to migrate: knex lets one
      // hold its lock and fails the others, and the very first run can race to create knex's own
      // tables. Those wait for the winner, then find nothing left to do.
      if (!startedTogether(error) || Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function startedTogether(error: unknown): boolean {
  const e = error as { message?: string; code?: string };
  // 42710: two first runs creating knex's table at once can also collide on its row type.
  return (
    /Migration table is already locked/.test(e.message ?? '') ||
    e.code === '23505' ||
    e.code === '42P07' ||
    e.code === '42710'
  );
}

/**
 * The migrations not yet run on `db`, by name; all of them when knex's own table is not there
 * yet. Changes nothing (knex would create its table to list them), so `npm run doctor` can ask.
 */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const source = new FolderMigrationSource(isPostgres(db));
  const all = await source.getMigrations();
  if (!(await db.schema.hasTable('knex_migrations'))) return all.map((m) => source.getMigrationName(m));
  const [, pending] = (await db.migrate.list({ migrationSource: source })) as [unknown, string[]];
  return pending.map((m) => source.getMigrationName(m));
}

export async function rollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback({ migrationSource: new FolderMigrationSource(isPostgres(db)) }, true);
}

export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { type DatabaseOptions, type Db, openDatabase, pendingMigrations } from '../../storage/db.ts';
import { describeDatabase } from '../database.ts';
import { type CheckResult, failed, passed } from './result.ts';

/**
 * The database reachable and its schema up to date, found without changing it: a missing SQLite
 * file is reported rather than created, and nothing is migrated. Returns the open database when
 * it answered (the OAuth installs are read from it), for the caller to close.
 */
export async function checkDatabase(options: DatabaseOptions): Promise<{ result: CheckResult; db?: Db }> {
  const described = describeDatabase(options.url, options.dataDir);
  if (!options.url) {
    const file = path.resolve(options.dataDir, options.sqliteFile ?? 'lifering.db');
    if (!existsSync(file))
      return {
        result: failed(
          `Database: there is no ${described}`,
          'run npm run migrate to create it, or set DATA_DIR to the folder that holds it',
        ),
      };
  }
  const db = openDatabase({ ...options, quiet: true });
  try {
    const pending = await pendingMigrations(db);
    if (pending.length === 0) return { result: passed(`Database: the ${described} answers and is up to date`), db };
    const names =
      pending.length > 3 ? `${pending.slice(0, 3).join(', ')} and ${pending.length - 3} more` : pending.join(', ');
    return {
      result: failed(
        `Database: the ${described} answers but has ${pending.length} migration(s) to run (${names})`,
        'run npm run migrate (the app also migrates when it starts)',
      ),
      db,
    };
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    // knex's words for a database that has run migrations this code does not have.
    if (/migration directory is corrupt/.test(why))
      return {
        result: failed(
          `Database: the ${described} was migrated by a newer Lifering (${why})`,
          'run the Lifering version that migrated it, or restore a backup taken before',
        ),
      };
    const check = options.url ? 'check DATABASE_URL and that the server is up' : 'check DATA_DIR';
    return { result: failed(`Database: cannot open the ${described}: ${why}`, check) };
  }
}

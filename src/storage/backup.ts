import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** How far a backup has got, in SQLite pages (4 KiB each by default). */
export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

/** A backup or restore refused for a reason the person can act on; the message says what to do. */
export class BackupRefused extends Error {}

/** Tables every Lifering database has, whatever its age: a file without them is some other database. */
const LIFERING_TABLES = ['knex_migrations', 'mentorships', 'job_leases'];
/** Progress is reported about this many times over a backup. */
const PROGRESS_STEPS = 20;
/** At least this many pages per step, so a small file is copied in one or two. */
const MIN_STEP_PAGES = 1024;
/**
 * SQLite restarts an online backup when another process writes to the source between two steps.
 * After this many restarts the rest is copied in one step: in WAL mode that step reads one
 * snapshot while the app keeps writing, so it never blocks the app and always finishes.
 */
const RESTARTS_BEFORE_ONE_STEP = 2;
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the SQLite database at `source` to `target` while the app keeps using it, with SQLite's
 * online backup: the copy is one consistent state of the database, holding every transaction
 * committed before the last step began. Written to `target.partial` and renamed when complete,
 * so a file at `target` is always a whole backup.
 */
export async function backupSqlite(
  source: string,
  target: string,
  onProgress: (p: BackupProgress) => void = () => undefined,
): Promise<{ pages: number }> {
  if (!existsSync(source)) throw new BackupRefused(`There is no SQLite database at ${source}: check DATA_DIR.`);
  if (existsSync(target))
    throw new BackupRefused(`${target} already exists: choose a new file name, or remove it first.`);
  if (!existsSync(path.dirname(path.resolve(target))))
    throw new BackupRefused(`The folder ${path.dirname(path.resolve(target))} does not exist: create it first.`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    // The app writes with a 500 ms busy timeout; the backup only reads, and may wait as long.
    db.pragma('busy_timeout = 5000');
    let lowest = Number.POSITIVE_INFINITY;
    let restarts = 0;
    const done = await db.backup(partial, {
      progress: (p: BackupProgress) => {
        if (p.remainingPages > lowest) restarts++;
        lowest = Math.min(lowest, p.remainingPages);
        onProgress(p);
        if (restarts >= RESTARTS_BEFORE_ONE_STEP) return ALL_PAGES;
        return Math.max(MIN_STEP_PAGES, Math.ceil(p.totalPages / PROGRESS_STEPS));
      },
    });
    onProgress({ totalPages: done.totalPages, remainingPages: 0 });
    const problem = problemWith(partial);
    if (problem) throw new Error(`the copy failed its own check (${problem}); nothing was written to ${target}`);
    renameSync(partial, target);
    return { pages: done.totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

/** What is wrong with the SQLite file at `file` as a Lifering backup; undefined when nothing is. */
export function problemWith(file: string): string | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    const check = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const lines = check.map((row) => row.integrity_check);
    if (lines.join() !== 'ok') return `SQLite's integrity check failed: ${lines.slice(0, 3).join('; ')}`;
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
    const missing = LIFERING_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) return `it is not a Lifering database (no ${missing.join(', ')} table)`;
    const ran = db.prepare('SELECT count(*) AS n FROM knex_migrations').get() as { n: number };
    if (ran.n === 0) return 'it is not a Lifering database (no migration has run in it)';
    return undefined;
  } catch (error) {
    return `SQLite cannot read it (${(error as Error).message})`;
  } finally {
    db?.close();
  }
}

/**
 * Whether a process has the database at `file` open. The app keeps a connection open in WAL mode
 * for as long as it runs, and leaving WAL mode needs every other connection closed: so a refusal
 * means the app (or `npm run remind`, the sandbox, a sqlite3 shell) has it open, on this machine.
 * As a side effect a file nobody has open is checkpointed: whatever its WAL held is now in the
 * file itself, and the WAL is gone.
 */
function closeForRestore(file: string): 'closed' | 'in use' {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    return mode === 'delete' ? 'closed' : 'in use';
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return 'in use';
    throw error;
  } finally {
    db.close();
  }
}

const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * Puts the backup at `backup` in place as the SQLite database `target`, with the app stopped. The
 * backup is copied next to the target and checked there first (integrity, and that it is a
 * Lifering database); the current database, if any, is kept beside it under a timestamped name,
 * never deleted; the old database's -wal and -shm files go, since SQLite would read them as the
 * new file's own. Returns where the previous database was kept.
 */
export function restoreSqlite(backup: string, target: string, now = new Date()): { keptAt?: string } {
  if (!existsSync(backup)) throw new BackupRefused(`There is no file at ${backup}: check the backup's path.`);
  mkdirSync(path.dirname(target), { recursive: true });
  const incoming = `${target}.restoring`;
  rmSync(incoming, { force: true });
  copyFileSync(backup, incoming);
  try {
    const problem = problemWith(incoming);
    if (problem)
      throw new BackupRefused(`${backup} cannot be restored: ${problem}. The current database is untouched.`);
    let keptAt: string | undefined;
    if (existsSync(target)) {
      if (closeForRestore(target) === 'in use')
        throw new BackupRefused(
          `The database at ${target} is in use: stop Lifering (and any npm run remind) first, then run the restore again.`,
        );
      keptAt = `${target}.before-restore-${stamp(now)}`;
      renameSync(target, keptAt);
    }
    for (const stale of ['-wal', '-shm', '-journal']) rmSync(`${target}${stale}`, { force: true });
    renameSync(incoming, target);
    return keptAt ? { keptAt } : {};
  } finally {
    for (const left of ['', '-wal', '-shm', '-journal']) rmSync(`${incoming}${left}`, { force: true });
  }
}

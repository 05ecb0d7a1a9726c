import path from 'node:path';
import { readEnvironment } from '../config.ts';
import { BackupRefused, restoreSqlite } from '../storage/backup.ts';
import { SQLITE_FILE } from '../storage/db.ts';

const USAGE = `Usage: npm run restore -- FILE

Puts a backup made by npm run backup back as the SQLite database in DATA_DIR (default ./data).
Stop Lifering first: the restore refuses while a process on this machine has the database open.
The backup is checked before anything changes (SQLite's integrity check, and that it is a Lifering
database); the current database is kept beside it as lifering.db.before-restore-<time>, not
deleted. On PostgreSQL (DATABASE_URL set) use pg_restore instead; README.md says how.
`;

function main(): number {
  const args = process.argv.slice(2);
  if (args.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [file, ...rest] = args;
  if (!file || rest.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const env = readEnvironment();
  if (env.DATABASE_URL?.trim()) {
    process.stderr.write(
      'DATABASE_URL is set, so Lifering keeps its data in PostgreSQL, which this command does not restore. Use pg_restore (pg_restore --clean --if-exists -d "$DATABASE_URL" lifering.dump); README.md, "Backups", says how.\n',
    );
    return 1;
  }
  const target = path.resolve(env.DATA_DIR?.trim() || './data', SQLITE_FILE);
  try {
    const { keptAt } = restoreSqlite(path.resolve(file), target);
    process.stdout.write(
      `Restored ${path.resolve(file)} as ${target}.\n${keptAt ? `The database it replaced is kept at ${keptAt}.\n` : ''}Start Lifering again; it brings an older backup's schema up to date as it starts.\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      error instanceof BackupRefused ? `${error.message}\n` : `The restore failed: ${(error as Error).message}\n`,
    );
    return 1;
  }
}

process.exit(main());

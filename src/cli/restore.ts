import path from 'node:path';
import { BackupRefused, restoreSqlite } from '../storage/backup.ts';
import { sqliteFileCommand } from './sqlite-file.ts';

const USAGE = `Usage: npm run restore -- FILE

Puts a backup made by npm run backup back as the SQLite database in DATA_DIR (default ./data).
Stop Lifering first: the restore refuses while a process on this machine has the database open.
The backup is checked before anything changes (SQLite's integrity check, and that it is a Lifering
database); the current database is kept beside it as lifering.db.before-restore-<time>, not
deleted. On PostgreSQL (DATABASE_URL set) use pg_restore instead; README.md says how.
`;

function main(): number {
  const asked = sqliteFileCommand(
    USAGE,
    'DATABASE_URL is set, so Lifering keeps its data in PostgreSQL, which this command does not restore. Use pg_restore (pg_restore --clean --if-exists -d "$DATABASE_URL" lifering.dump); README.md, "Backups", says how.',
  );
  if (typeof asked === 'number') return asked;
  const { file, database: target } = asked;
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

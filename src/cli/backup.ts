import path from 'node:path';
import { type BackupProgress, BackupRefused, backupSqlite } from '../storage/backup.ts';
import { sqliteFileCommand } from './sqlite-file.ts';

const USAGE = `Usage: npm run backup -- FILE

Copies the SQLite database in DATA_DIR (default ./data) to FILE while Lifering keeps running: the
copy is one consistent state holding everything committed before it finished. FILE must not exist
yet. On PostgreSQL (DATABASE_URL set) use pg_dump instead; README.md says how.
`;

/** Big enough that a person waits for it: progress is shown from here on (about 40 MB). */
const SHOW_PROGRESS_PAGES = 10_000;

/** One line every tenth of the way, for a file big enough to take a while. */
function progressPrinter(): (p: BackupProgress) => void {
  let shown = -1;
  return ({ totalPages, remainingPages }) => {
    if (totalPages < SHOW_PROGRESS_PAGES) return;
    const tenths = Math.floor((10 * (totalPages - remainingPages)) / totalPages);
    if (tenths <= shown) return;
    shown = tenths;
    process.stdout.write(`  ${tenths * 10}% (${totalPages - remainingPages} of ${totalPages} pages)\n`);
  };
}

async function main(): Promise<number> {
  const asked = sqliteFileCommand(
    USAGE,
    'DATABASE_URL is set, so Lifering keeps its data in PostgreSQL, which this command cannot copy. Use pg_dump (pg_dump -Fc "$DATABASE_URL" -f lifering.dump); README.md, "Backups", says how and how often.',
  );
  if (typeof asked === 'number') return asked;
  const { file, database: source } = asked;
  process.stdout.write(`Backing up the SQLite file ${source} to ${path.resolve(file)}.\n`);
  try {
    const { pages } = await backupSqlite(source, path.resolve(file), progressPrinter());
    process.stdout.write(`Done: ${pages} pages copied and checked. Restore it with npm run restore -- ${file}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(
      error instanceof BackupRefused ? `${error.message}\n` : `The backup failed: ${(error as Error).message}\n`,
    );
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The backup failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);

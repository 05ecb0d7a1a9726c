import path from 'node:path';
import { readEnvironment } from '../config.ts';
import { type BackupProgress, BackupRefused, backupSqlite } from '../storage/backup.ts';
import { SQLITE_FILE } from '../storage/db.ts';

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
      'DATABASE_URL is set, so Lifering keeps its data in PostgreSQL, which this command cannot copy. Use pg_dump (pg_dump -Fc "$DATABASE_URL" -f lifering.dump); README.md, "Backups", says how and how often.\n',
    );
    return 1;
  }
  const source = path.resolve(env.DATA_DIR?.trim() || './data', SQLITE_FILE);
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

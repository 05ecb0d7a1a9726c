import path from 'node:path';
import { readEnvironment } from '../config.ts';
import { SQLITE_FILE } from '../storage/db.ts';

/**
 * What `npm run backup -- FILE` and `npm run restore -- FILE` both start with: --help, exactly one
 * FILE, and the SQLite database in DATA_DIR; on PostgreSQL they only say what to use instead.
 * Returns the exit code when the command ends here.
 */
export function sqliteFileCommand(usage: string, onPostgres: string): { file: string; database: string } | number {
  const args = process.argv.slice(2);
  if (args.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(usage);
    return 0;
  }
  const [file, ...rest] = args;
  if (!file || rest.length > 0) {
    process.stderr.write(usage);
    return 2;
  }
  const env = readEnvironment();
  if (env.DATABASE_URL?.trim()) {
    process.stderr.write(`${onPostgres}\n`);
    return 1;
  }
  return { file, database: path.resolve(env.DATA_DIR?.trim() || './data', SQLITE_FILE) };
}

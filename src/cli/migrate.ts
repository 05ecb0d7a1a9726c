import { ConfigError, readEnvironment } from '../config.ts';
import { migrateToLatest, openDatabase } from '../storage/db.ts';
import { databaseProblem, describeDatabase } from './database.ts';

/**
 * `npm run migrate`: brings the database up to date. It needs only DATABASE_URL / DATA_DIR, so it
 * can run before the Slack settings exist.
 */
const USAGE = `Usage: npm run migrate

Brings the database up to date: the SQLite file in DATA_DIR (default ./data), or PostgreSQL when
DATABASE_URL is set. It needs no Slack settings.
`;

async function main(): Promise<number> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const env = readEnvironment();
  const url = env.DATABASE_URL?.trim() || undefined;
  const dataDir = env.DATA_DIR?.trim() || './data';
  const db = openDatabase({ ...(url ? { url } : {}), dataDir, quiet: true });
  try {
    const ran = await migrateToLatest(db);
    process.stdout.write(`Using the ${describeDatabase(url, dataDir)}.\n`);
    process.stdout.write(
      ran.length ? `Applied ${ran.length} migration(s): ${ran.join(', ')}\n` : 'The database is up to date.\n',
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : databaseProblem(url, dataDir, error)}\n`);
    return 1;
  } finally {
    await db.destroy().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`}\n`,
    );
    process.exit(1);
  },
);

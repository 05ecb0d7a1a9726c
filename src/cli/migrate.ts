import { ConfigError } from '../config.ts';
import { migrateToLatest, openDatabase } from '../storage/db.ts';
import { readEnvironment } from '../config.ts';

/**
 * `npm run migrate`: brings the database up to date. It needs only DATABASE_URL / DATA_DIR, so it
 * can run before the Slack settings exist.
 */
async function main(): Promise<void> {
  const env = readEnvironment();
  const url = env.DATABASE_URL?.trim() || undefined;
  const db = openDatabase({ ...(url ? { url } : {}), dataDir: env.DATA_DIR?.trim() || './data' });
  try {
    const ran = await migrateToLatest(db);
    process.stdout.write(ran.length ? `Applied ${ran.length} migration(s): ${ran.join(', ')}\n` : 'The database is up to date.\n');
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError ? `${error.message}\n` : `Migration failed: ${(error as Error).message}\nCheck DATABASE_URL or DATA_DIR and try again.\n`,
  );
  process.exit(1);
});

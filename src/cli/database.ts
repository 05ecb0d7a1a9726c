import path from 'node:path';

/** Which database a command line tool uses, in words, with any password left out. */
export function describeDatabase(url: string | undefined, dataDir: string): string {
  if (!url) return `SQLite file ${path.resolve(dataDir, 'lifering.db')}`;
  try {
    const u = new URL(url);
    const db = u.pathname.replace(/^\//, '') || '(default database)';
    return `PostgreSQL database ${db} on ${u.hostname}${u.port ? `:${u.port}` : ''}${u.username ? ` as ${u.username}` : ''}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a valid URL)';
  }
}

/** One line saying the database could not be opened, and what to check; never a stack trace. */
export function databaseProblem(url: string | undefined, dataDir: string, error: unknown): string {
  const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const check = url ? 'check DATABASE_URL' : 'check DATA_DIR';
  return `Cannot open the ${describeDatabase(url, dataDir)}: ${why} (${check}).`;
}

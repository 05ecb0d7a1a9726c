import path from 'node:path';
import { startSandbox } from '../sandbox/server.ts';

/**
 * `npm run sandbox`: the real app, a stand-in Slack and a seeded workspace in one process, with a
 * page to use them at http://127.0.0.1:3000 (SANDBOX_PORT). Nothing reaches Slack. Settings come
 * from the environment only (never .env, which holds a real installation's tokens); `--fresh`
 * starts from an empty database.
 */
const USAGE = `Usage: npm run sandbox [-- --fresh]

Runs the real Lifering app with a simulated Slack workspace at http://127.0.0.1:3000
(SANDBOX_PORT to change it). Data lives in DATA_DIR (default ./data/sandbox); --fresh starts over.
Settings come from the environment only, never from .env.
`;

async function main(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(process.env.SANDBOX_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`SANDBOX_PORT must be a port number, got "${process.env.SANDBOX_PORT}".`);
  const sandbox = await startSandbox({
    port,
    dataDir: process.env.DATA_DIR?.trim() || './data/sandbox',
    fresh: process.argv.includes('--fresh'),
    env: { LOG_LEVEL: 'warn', ...process.env },
  });
  process.stdout.write(
    `Lifering sandbox: open ${sandbox.url}\n` +
      `Using the SQLite file ${path.resolve(process.env.DATA_DIR?.trim() || './data/sandbox', 'sandbox.db')}.\n` +
      'A simulated Slack workspace on this machine; nothing is sent to Slack. Ctrl+C stops it.\n',
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const e = error as { code?: string; message?: string };
  const hint =
    e.code === 'EADDRINUSE'
      ? `Port ${process.env.SANDBOX_PORT ?? 3000} is in use: set SANDBOX_PORT to another port, e.g. SANDBOX_PORT=3100 npm run sandbox.`
      : (e.message ?? String(error));
  process.stderr.write(`The sandbox cannot start. ${hint}\n`);
  process.exit(1);
});

import { createLifering } from './app.ts';
import { databaseProblem, describeDatabase } from './cli/database.ts';
import { ConfigError, loadConfig, readEnvironment } from './config.ts';
import { within } from './deadline.ts';
import { createLogger } from './log.ts';
import { openStorage } from './storage/index.ts';

const USAGE = `Usage: npm start (or npm run start:dev)

Runs Lifering: it answers Slack over HTTP (or Socket Mode when SLACK_APP_TOKEN is set) and runs the
reminder sweep on REMINDER_CRON. Settings come from the environment and .env; see README.md.
`;

/** A problem found before the app runs, already in one line for the person starting it. */
class StartProblem extends Error {}

/** Production entry: config, storage, app, start; stop cleanly on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig(readEnvironment());
  const logger = createLogger(config.logLevel, { format: config.logFormat });
  const { url, dataDir } = config.database;
  const storage = await openStorage({ ...(url ? { url } : {}), dataDir }).catch((error: unknown) => {
    throw new StartProblem(databaseProblem(url, dataDir, error));
  });
  logger.info(`Using the ${describeDatabase(url, dataDir)}.`);
  const lifering = await createLifering({ config, storage, logger });
  const { port } = await lifering.start();
  logger.info(
    config.mode === 'socket'
      ? 'Lifering is connected to Slack in Socket Mode.'
      : `Lifering is listening on port ${port}: Slack requests at /slack/events, health at /healthz.`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const grace = config.shutdownGraceSeconds;
    logger.info(
      `${signal} received: taking no new requests, finishing work in progress (at most ${grace} s), then stopping.`,
    );
    const { finished } = await lifering.stop();
    // Past the bound, work still running may hold a connection: the pool gets a moment, not a hang.
    await within(storage.close(), finished ? 60_000 : 1_000, undefined);
    if (!finished)
      logger.error(
        `Stopped with work unfinished after ${grace} s (SHUTDOWN_GRACE_SECONDS): a DM or a sweep step may not have completed; the next sweep picks up reminders, but look for Slack or database slowness.`,
      );
    process.exit(finished ? 0 : 1);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof StartProblem) {
    process.stderr.write(`Lifering cannot start. ${error.message}\n`);
  } else {
    const e = error as { data?: { error?: string }; code?: string; message?: string };
    const slackError = e.data?.error ?? (e.code === 'slack_webapi_request_error' ? 'unreachable' : undefined);
    const hint =
      slackError === 'invalid_auth' || slackError === 'not_authed'
        ? 'Slack rejected SLACK_BOT_TOKEN: copy the bot token again from OAuth & Permissions.'
        : slackError === 'unreachable'
          ? 'Slack could not be reached: check the network, or SLACK_API_URL if you set it.'
          : `Start-up failed: ${e.message ?? String(error)}`;
    process.stderr.write(`Lifering cannot start. ${hint}\n`);
  }
  process.exit(1);
});

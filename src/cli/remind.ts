import { parseArgs } from 'node:util';
import { WebClient } from '@slack/web-api';
import { ConfigError, loadConfig, readEnvironment } from '../config.ts';
import { sweepPhases } from '../features/index.ts';
import { installedClients } from '../installations/clients.ts';
import { installationsFromConfig } from '../installations/store.ts';
import { createLogger } from '../log.ts';
import { slackClientOptions } from '../slack/client.ts';
import { openStorage } from '../storage/index.ts';
import { runSweep } from '../sweep/run.ts';
import { databaseProblem, describeDatabase } from './database.ts';

/**
 * `npm run remind -- [--now ISO] [--dry-run]`: one reminder sweep, for an external scheduler
 * (set REMINDER_CRON=off in the app then). --dry-run prints what would be sent and sends nothing.
 */
const USAGE = `Usage: npm run remind -- [--now 2026-11-23T10:00:00Z] [--dry-run]

Runs one reminder sweep as of --now (default: now), as the app's own schedule does; use it from an
external scheduler with REMINDER_CRON=off in the app. --dry-run prints the DMs it would send and
sends and records nothing (it needs no SLACK_SIGNING_SECRET). Settings come from the environment
and .env, as for the app.
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      now: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`--now must be an ISO date and time such as 2026-11-23T10:00:00Z (got "${values.now}").\n`);
    return 2;
  }
  const env = readEnvironment();
  // A dry run receives nothing from Slack, so it does not need the secret that verifies requests.
  const config = loadConfig(
    values['dry-run'] && !env.SLACK_SIGNING_SECRET ? { ...env, SLACK_SIGNING_SECRET: 'not-used-by-a-dry-run' } : env,
  );
  const logger = createLogger(config.logLevel, { format: config.logFormat });
  let storage: Awaited<ReturnType<typeof openStorage>>;
  try {
    storage = await openStorage({
      ...(config.database.url ? { url: config.database.url } : {}),
      dataDir: config.database.dataDir,
      quiet: true,
    });
  } catch (error) {
    process.stderr.write(`${databaseProblem(config.database.url, config.database.dataDir, error)}\n`);
    return 1;
  }
  process.stdout.write(`Using the ${describeDatabase(config.database.url, config.database.dataDir)}.\n`);
  // The app's quick retry policy and timeout, not web-api's half an hour of retries.
  const clientOptions = slackClientOptions(config, logger);
  // OAuth mode: each workspace's reminders go out with that workspace's own (refreshed) token.
  const installations = installationsFromConfig(config, storage, logger, () => new Date(), clientOptions);
  const client = new WebClient(config.slack.botToken, clientOptions);
  const clientFor = installations
    ? installedClients((teamId) => installations.botTokenFor(teamId), clientOptions)
    : () => client;
  try {
    const dryRun = values['dry-run'] ?? false;
    const r = await runSweep(sweepPhases, { now, storage, clientFor, config, logger, dryRun });
    if (dryRun) {
      for (const dm of r.planned) process.stdout.write(`--- to ${dm.recipientId} (${dm.teamId})\n${dm.message.text}\n`);
      process.stdout.write(
        `Dry run at ${now.toISOString()}: ${r.scanned} mentorships checked, ${r.planned.length} DMs would be sent (${r.ms} ms). Nothing was sent.\n`,
      );
    } else if (!r.ran) {
      process.stdout.write('Another instance is running the reminder sweep; nothing to do.\n');
    } else {
      process.stdout.write(
        `${r.scanned} mentorships checked, ${r.recorded} reminders recorded, ${r.sent} DMs sent, ${r.retryLater} to retry, ${r.unreachable} unreachable (${r.ms} ms).\n`,
      );
    }
    return 0;
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      error instanceof ConfigError ? `${error.message}\n` : `Reminder sweep failed: ${(error as Error).message}\n`,
    );
    process.exit(1);
  },
);

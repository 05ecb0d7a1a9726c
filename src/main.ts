import { createLifering } from './app.ts';
import { ConfigError, loadConfig, readEnvironment } from './config.ts';
import { createLogger } from './log.ts';
import { openStorage } from './storage/index.ts';

/** Production entry: config, storage, app, start; stop cleanly on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(readEnvironment());
  const logger = createLogger(config.logLevel);
  const storage = await openStorage({ ...(config.database.url ? { url: config.database.url } : {}), dataDir: config.database.dataDir });
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
    logger.info(`${signal} received: finishing work in progress, then stopping.`);
    await lifering.stop();
    await storage.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
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

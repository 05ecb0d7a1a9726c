import type { Server } from 'node:http';
import type { Logger, LogLevel } from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Config } from './config.ts';
import { within } from './deadline.ts';
import { AppState, ChangeBus, type Deps, InFlight } from './deps.ts';
import type { Feature } from './features/feature.ts';
import { features as allFeatures } from './features/index.ts';
import { startReminderSchedule } from './features/reminders/schedule.ts';
import { installedClients } from './installations/clients.ts';
import { type Installations, installationsFromConfig } from './installations/store.ts';
import { createLogger } from './log.ts';
import { mountFeatures } from './mount.ts';
import { noteOutcome } from './observability/context.ts';
import { listenerLabels } from './observability/metric-labels.ts';
import { Metrics } from './observability/metrics.ts';
import { type MetricsServer, metricsRoute, startMetricsServer } from './observability/metrics-endpoint.ts';
import { createPeopleService } from './people/service.ts';
import { slackClientOptions, TriggerClock } from './slack/client.ts';
import { CommandRouter } from './slack/command-router.ts';
import { Drain } from './slack/draining.ts';
import { IntakeApp } from './slack/intake.ts';
import { createReceiver, SERVER_OPTIONS } from './slack/receiver.ts';
import { forgetOldDeliveries } from './slack/redelivery.ts';
import type { Registrations } from './slack/registry.ts';
import { hearScopeRefusals, ScopeRefusals } from './slack/scope-refusals.ts';
import type { Storage } from './storage/index.ts';
import { VersionedCache } from './storage/versions.ts';

export interface LiferingOptions {
  config: Config;
  storage: Storage;
  logger?: Logger;
  now?: () => Date;
  /** Extra Web API client options (tests turn retries down); SLACK_API_URL comes from config. */
  clientOptions?: WebClientOptions;
  features?: Feature[];
}

export interface Lifering {
  app: IntakeApp;
  deps: Deps;
  /** OAuth mode only: the installs, as Bolt's InstallationStore and for work outside requests. */
  installations?: Installations;
  router: CommandRouter;
  registrations: Registrations;
  /**
   * Starts listening (HTTP: on `port`, 0 for any free one) and returns the port in use, and the
   * metrics server's when METRICS_PORT is set.
   */
  start(port?: number): Promise<{ port: number | undefined; metricsPort?: number }>;
  /**
   * Stops taking requests (HTTP: new ones get 503, the listening socket closes; Socket Mode:
   * disconnects), ends a sweep under way at its next safe point so its lease is released, and
   * waits for the work already acknowledged, for at most `graceMs` (SHUTDOWN_GRACE_SECONDS by
   * default). `finished` is false when the bound passed first; the caller should then exit.
   */
  stop(graceMs?: number): Promise<{ finished: boolean }>;
  /** Resolves once every listener and follow-up that was started has finished. */
  idle(): Promise<void>;
}

export { SLACK_RETRY } from './slack/client.ts';
export { SLACK_BODY_LIMIT } from './slack/receiver.ts';

/** The parts every app instance is made of, before any feature is mounted. */
interface Parts {
  config: Config;
  storage: Storage;
  logger: Logger;
  now: () => Date;
  clientOptions: WebClientOptions;
  inFlight: InFlight;
  installations: Installations | undefined;
  triggers: TriggerClock;
  scopeRefusals: ScopeRefusals;
  /** Prometheus metrics, when METRICS_TOKEN or METRICS_PORT turns them on. */
  metrics: Metrics | undefined;
}

/**
 * Bolt's App on the receiver for the configured mode. Two modes, one code path: one bot token for
 * one workspace, or OAuth installs for many (the receiver holds the installer, and Bolt authorizes
 * each request through it).
 */
async function createBolt(parts: Parts): Promise<IntakeApp> {
  const { config, storage, logger, clientOptions, inFlight, installations, triggers, metrics } = parts;
  const receiver = createReceiver({
    config,
    logger,
    storage,
    clientOptions,
    ...(installations ? { installationStore: installations.store } : {}),
    // On the app's own port only when no port of its own is given for them.
    ...(metrics && config.metrics?.port === undefined
      ? { routes: [metricsRoute(metrics, config.metrics?.token)] }
      : {}),
  });
  const bolt = new IntakeApp(
    {
      ...(installations ? {} : { token: config.slack.botToken }),
      receiver,
      logger,
      logLevel: config.logLevel as LogLevel,
      clientOptions,
      deferInitialization: true,
      // Bolt's conversation store keeps per-channel state for apps that use it; Lifering does not,
      // and it cost about 2% of a /mentor request's CPU.
      convoStore: false,
    },
    { logger, track: inFlight.track, triggers, ...(metrics ? { counted: metrics.countRequest } : {}) },
  );
  // Single workspace: auth.test fails fast with a clear message when the token is wrong or Slack
  // is unreachable. OAuth: nothing to check until the first install.
  await bolt.init();
  bolt.error(async (error) => {
    noteOutcome('error');
    logger.error('unhandled error in a listener', error);
  });
  return bolt;
}

/** What every listener is handed besides Bolt's arguments. */
function createDeps(parts: Parts, botClient: WebClient): Deps {
  const { config, storage, logger, now, clientOptions, inFlight, installations, metrics } = parts;
  // Work outside a request uses the token of the install serving that team: the one bot token,
  // or in OAuth mode the team's (or its organisation's) token, looked up at each call.
  const clientFor = installations
    ? installedClients((teamId) => installations.botTokenFor(teamId), clientOptions)
    : (_teamId: string): WebClient => botClient;
  const people = createPeopleService({ config, storage, logger, now, clientFor });
  return {
    config,
    storage,
    logger,
    now,
    people,
    changes: new ChangeBus(inFlight.track, logger),
    clientFor,
    inFlight,
    commands: new CommandRouter({ config, logger, storage, people }),
    state: new AppState(),
    ...(metrics ? { metrics } : {}),
    ...(installations ? { tokenSaveNotice: (teamId: string) => installations.tokenSaveNotice(teamId) } : {}),
    scopeRefusal: (teamId: string) =>
      parts.scopeRefusals.about(async () =>
        installations ? installations.botTokenFor(teamId) : config.slack.botToken,
      ),
  };
}

/** What runs beside the requests: the reminder schedule, the pruning of old deliveries. */
interface Background {
  stop(): Promise<void>;
  /** Called when the shutdown bound passed before `stop` finished. */
  abandon?(): Promise<void>;
}

/**
 * The stop path: no new requests, then the background and the listening socket stopped and
 * acknowledged work finished together, within the bound. Bolt's stop resolves once every request
 * it took is answered, so everything those started is tracked by then.
 */
async function stopInstance(
  bolt: IntakeApp,
  drain: Drain,
  background: readonly Background[],
  inFlight: InFlight,
  graceMs: number,
): Promise<{ finished: boolean }> {
  drain.begin();
  const stopped = Promise.all([...background.map((work) => work.stop()), bolt.stop()]).then(() => inFlight.idle());
  const finished = await within(
    stopped.then(() => true),
    graceMs,
    false,
  );
  if (!finished) {
    drain.cut();
    await Promise.all(background.map((work) => work.abandon?.()));
  }
  return { finished };
}

/** What the metrics read at scrape time: the listeners' ids, the database pool, the caches. */
function watchApp(metrics: Metrics, deps: Deps, registrations: Registrations): void {
  metrics.knowListeners(listenerLabels(registrations, deps.commands.names()));
  const { storage } = deps;
  type TarnPool = { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number };
  metrics.watchPool(() => {
    const pool = (storage.db.client as { pool?: TarnPool }).pool;
    return pool
      ? { used: pool.numUsed(), free: pool.numFree(), waiting: pool.numPendingAcquires(), max: pool.max }
      : undefined;
  });
  metrics.watchCaches(() => [
    ...deps.people.caches,
    ...deps.commands.caches(),
    ...storage.overview.caches(),
    ...[...deps.state.made()].filter((value) => value instanceof VersionedCache),
  ]);
}

/** The metrics' own server, when METRICS_PORT asks for one; says where the metrics are. */
async function serveMetrics(parts: Parts): Promise<MetricsServer | undefined> {
  const { config, metrics, logger } = parts;
  if (!metrics) return undefined;
  const port = config.metrics?.port;
  if (port === undefined) {
    logger.info("Prometheus metrics at /metrics on the app's port, for scrapes with METRICS_TOKEN.");
    return undefined;
  }
  const server = await startMetricsServer(metrics, port, config.metrics?.token);
  logger.info(
    `Prometheus metrics at /metrics on port ${server.port}${config.metrics?.token ? ', with METRICS_TOKEN' : ''}.`,
  );
  return server;
}

/** Builds the whole app from its parts; tests build as many as they like. */
export async function createLifering(options: LiferingOptions): Promise<Lifering> {
  const { config, storage } = options;
  const logger = options.logger ?? createLogger(config.logLevel, { format: config.logFormat });
  const now = options.now ?? (() => new Date());
  // When each click's trigger id arrived, so no call with it is tried after Slack stops taking it.
  const triggers = new TriggerClock();
  // Slack's missing_scope answers, heard on every client's calls, for admins' Home.
  const scopeRefusals = new ScopeRefusals(now);
  const metrics = config.metrics ? new Metrics() : undefined;
  const clientOptions = hearScopeRefusals(
    slackClientOptions(config, logger, options.clientOptions, triggers, metrics?.slackCalls),
    scopeRefusals,
  );
  const installations = installationsFromConfig(config, storage, logger, now, clientOptions);
  const parts: Parts = {
    config,
    storage,
    logger,
    now,
    clientOptions,
    inFlight: new InFlight(),
    installations,
    triggers,
    scopeRefusals,
    metrics,
  };
  const bolt = await createBolt(parts);
  const deps = createDeps(parts, bolt.client);
  const registrations = mountFeatures(bolt, deps, options.features ?? allFeatures);
  if (metrics) watchApp(metrics, deps, registrations);
  let background: Background[] = [];
  const drain = new Drain();
  return {
    app: bolt,
    deps,
    router: deps.commands,
    registrations,
    ...(installations ? { installations } : {}),
    async start(port = config.port) {
      background = [forgetOldDeliveries(deps)];
      const served = await serveMetrics(parts);
      if (served) background.push({ stop: () => served.close() });
      const metricsPort = served ? { metricsPort: served.port } : {};
      const started = (await bolt.start(port, SERVER_OPTIONS)) as unknown;
      background.push(startReminderSchedule(deps));
      if (config.mode !== 'http') return { port: undefined, ...metricsPort };
      drain.attach(started as Server);
      const address = (started as Server).address();
      return { port: typeof address === 'object' && address ? address.port : port, ...metricsPort };
    },
    stop: (graceMs = config.shutdownGraceSeconds * 1000) =>
      stopInstance(bolt, drain, background, deps.inFlight, graceMs),
    idle: () => deps.inFlight.idle(),
  };
}

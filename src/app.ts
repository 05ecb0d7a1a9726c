import type { Server } from 'node:http';
import { App, type Logger, type LogLevel } from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Config } from './config.ts';
import { within } from './deadline.ts';
import { ChangeBus, type Deps, InFlight } from './deps.ts';
import type { Feature } from './features/feature.ts';
import { features as allFeatures } from './features/index.ts';
import { startReminderSchedule } from './features/reminders/schedule.ts';
import { installedClients } from './installations/clients.ts';
import { SecretBox } from './installations/crypto.ts';
import { installPage } from './installations/pages.ts';
import { type Installations, installationsFromConfig } from './installations/store.ts';
import { createLogger } from './log.ts';
import { createPeopleService } from './people/service.ts';
import { enforcePolicies } from './policy/enforce.ts';
import { slackClientOptions } from './slack/client.ts';
import { CommandRouter } from './slack/command-router.ts';
import { dispatchListeners } from './slack/dispatch.ts';
import { guardListeners } from './slack/guard.ts';
import { adaptBoltServer, cleanIncoming, deliveryKind } from './slack/incoming.ts';
import { type Registrations, recordRegistrations } from './slack/registry.ts';
import { BOT_SCOPES } from './slack/scopes.ts';
import type { Storage } from './storage/index.ts';

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
  app: App;
  deps: Deps;
  /** OAuth mode only: the installs, as Bolt's InstallationStore and for work outside requests. */
  installations?: Installations;
  router: CommandRouter;
  registrations: Registrations;
  /** Starts listening (HTTP: on `port`, 0 for any free one) and returns the port in use. */
  start(port?: number): Promise<{ port: number | undefined }>;
  /** Stops taking requests and lets work already acknowledged finish. */
  stop(): Promise<void>;
  /** Resolves once every listener and follow-up that was started has finished. */
  idle(): Promise<void>;
}

export { SLACK_RETRY } from './slack/client.ts';

/** How long a delivery waits to be recorded (against repeats) before it is handled anyway. */
const CLAIM_WAIT_MS = 1_000;
/** How long /healthz waits for the database; inside the 5 s the Dockerfile's healthcheck allows. */
const HEALTHZ_WAIT_MS = 2_000;
/**
 * The largest request body taken, checked before the signature (so before anything is parsed).
 * Slack's largest deliveries to Lifering are view submissions and Home clicks, which carry the
 * view (at most 250 kB, Slack's own limit) and its input values (Lifering's forms take well under
 * 20,000 characters); form-encoded, that stays under 1 MiB. Bolt's default is 4 MiB.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

/** Builds the whole app from its parts; tests build as many as they like. */
export async function createLifering(options: LiferingOptions): Promise<Lifering> {
  const { config, storage } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const clientOptions = slackClientOptions(config, logger, options.clientOptions);
  const inFlight = new InFlight();

  const healthz = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: import('node:http').ServerResponse) => {
      // A database that does not answer (black-holed, or every connection stuck) counts as
      // unreachable once the wait is up, rather than holding the health check for a minute.
      void within(storage.ping(), HEALTHZ_WAIT_MS, false).then((ok) => {
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok, database: ok ? 'reachable' : 'unreachable' }));
      });
    },
  };

  const oauth = config.slack.oauth;
  const installations = installationsFromConfig(config, storage, logger, now, clientOptions);
  // Two modes, one code path: one bot token for one workspace, or OAuth installs for many.
  const auth = oauth
    ? {
        clientId: oauth.clientId,
        clientSecret: oauth.clientSecret,
        // The OAuth state is signed, not stored, so any instance can finish an install another began.
        stateSecret: new SecretBox(oauth.encryptionKeys).derive('oauth-state'),
        scopes: [...BOT_SCOPES],
        installationStore: installations!.store,
        ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
        installerOptions: {
          directInstall: false,
          renderHtmlForInstallPath: installPage,
          stateVerification: true,
          clientOptions,
          // Tests and Slack-compatible hosts put the authorize page next to their Web API.
          ...(config.slack.apiUrl
            ? { authorizationUrl: new URL('../oauth/v2/authorize', config.slack.apiUrl).toString() }
            : {}),
          ...(oauth.redirectUri ? { redirectUriPath: new URL(oauth.redirectUri).pathname } : {}),
          ...(config.mode === 'socket' ? { port: config.port } : {}),
        },
      }
    : { token: config.slack.botToken };

  const bolt = new App({
    ...auth,
    logger,
    logLevel: config.logLevel as LogLevel,
    clientOptions,
    deferInitialization: true,
    // Bolt's conversation store keeps per-channel state for apps that use it; Lifering does not,
    // and it cost about 2% of a /mentor request's CPU.
    convoStore: false,
    customRoutes: [healthz],
    ...(config.mode === 'socket'
      ? // Socket Mode's own client must reach the same Web API (SLACK_API_URL) as the bot client.
        {
          socketMode: true,
          appToken: config.slack.appToken,
          installerOptions: {
            ...('installerOptions' in auth ? auth.installerOptions : {}),
            port: config.port,
            clientOptions,
          },
        }
      : { signingSecret: config.slack.signingSecret }),
  });
  // Bolt 5's App does not pass a body limit on to the HTTPReceiver it builds, so it is set on the
  // receiver here; checked, so that an upgrade that renames it fails start-up instead of silently
  // going back to 4 MiB.
  if (config.mode === 'http') {
    const receiver = (bolt as unknown as { receiver: { bodyLimit?: number | string } }).receiver;
    if (!('bodyLimit' in receiver))
      throw new Error("Bolt's HTTPReceiver has no bodyLimit: check how the request body is capped");
    receiver.bodyLimit = SLACK_BODY_LIMIT;
  }

  // Single workspace: auth.test fails fast with a clear message when the token is wrong or Slack
  // is unreachable. OAuth: nothing to check until the first install.
  await bolt.init();

  // Work outside a request uses the token of the install serving that team: the one bot token,
  // or in OAuth mode the team's (or its organisation's) token, looked up at each call.
  const botClient = bolt.client;
  const clientFor = installations
    ? installedClients((teamId) => installations.botTokenFor(teamId), clientOptions)
    : (_teamId: string): WebClient => botClient;
  const changes = new ChangeBus(inFlight.track, logger);
  const people = createPeopleService({ config, storage, logger, now, clientFor });
  const deps: Deps = { config, storage, logger, now, people, changes, clientFor, inFlight };

  bolt.error(async (error) => {
    logger.error('unhandled error in a listener', error);
  });

  // Track each delivery from the moment the receiver hands it over, before Bolt acks it: events
  // are acked before any middleware runs, so tracking from a middleware would let shutdown (and a
  // test's settle()) miss work that has not started yet.
  // It is also where Slack input enters: command text decoded, NUL characters dropped, once.
  // And whatever no listener acknowledged (view_closed, a shortcut, an action id from an old
  // message, a payload type Lifering does not know) is acked quietly once the listeners are done,
  // instead of Bolt's 404 and error log after 3 s.
  const processEvent = bolt.processEvent.bind(bolt);
  bolt.processEvent = (event) => {
    cleanIncoming(event.body);
    const ack = event.ack;
    let acked = false;
    event.ack = (response) => {
      acked = true;
      return ack(response);
    };
    const kind = deliveryKind(event.body);
    const work = (
      kind === 'app_rate_limited'
        ? Promise.resolve(logger.info('Slack is holding back events for this app (app_rate_limited)'))
        : processEvent(event)
    ).then(async () => {
      if (acked) return;
      logger.debug(`acknowledging ${kind}, which nothing here handles`);
      await event.ack();
    });
    inFlight.track(work);
    return work;
  };

  // Innermost: listeners registered by plain id are served by one Bolt listener per kind.
  const recorded = recordRegistrations(guardListeners(dispatchListeners(bolt), logger));
  const { registrations } = recorded;
  // Outermost, so it sees each listener as declared; the guard then also covers the policy check.
  const app = enforcePolicies(recorded.app, deps, registrations);

  // Drop redelivered events and interactions so nothing is stored or sent twice.
  app.use(async ({ body, next, ack }) => {
    const b = body as {
      event_id?: string;
      trigger_id?: string;
      type?: string;
      team_id?: string;
      team?: { id?: string } | null;
      user?: { team_id?: string };
    };
    const teamId = b.team_id ?? b.team?.id ?? b.user?.team_id ?? 'unknown';
    // Slash commands are left out: Slack never redelivers them, and each one's effect is already
    // guarded (unique open mentorship, one open request), so the hot path skips a write.
    const isCommand = typeof (body as { command?: unknown }).command === 'string';
    const key = b.event_id
      ? `event:${b.event_id}`
      : b.type !== 'view_submission' && !isCommand && b.trigger_id
        ? `trigger:${b.trigger_id}`
        : undefined;
    // If the delivery cannot be recorded (the database busy or down), it is handled anyway: the
    // listener's own writes fail the same way and it tells the person, and every effect has its
    // own guard against repeats (conditional updates, unique keys).
    // Bounded too: this runs before the listener can ack, and a database that does not answer
    // must not take the ack past Slack's 3 s. A claim that comes back late is treated the same way.
    if (!key) return next();
    const claim = storage.events.claim(teamId, key, now()).catch((error: unknown) => {
      logger.warn(`could not record delivery ${key}`, error);
      return true;
    });
    const claimed = await within(claim, CLAIM_WAIT_MS, 'late' as const);
    if (claimed === 'late') logger.warn(`recording delivery ${key} is taking too long; handling it anyway`);
    if (!claimed) {
      logger.info(`skipping a repeat delivery of ${key}`);
      if (ack) await (ack as () => Promise<void>)();
      return;
    }
    await next();
  });

  const router = new CommandRouter(deps);
  for (const feature of options.features ?? allFeatures) feature.register(app, deps, router);
  app.command('/mentor', router.handle);

  // Slack retries within minutes; a day of remembered deliveries is plenty and keeps the table small.
  const forgetOldDeliveries = () =>
    inFlight.track(
      storage.events
        .forgetBefore(new Date(now().getTime() - 86_400_000))
        .catch((error: unknown) => logger.warn('pruning processed events failed', error)),
    );
  let pruner: NodeJS.Timeout | undefined;

  let schedule: { stop(): Promise<void> } | undefined;
  return {
    app: bolt,
    deps,
    router,
    registrations,
    ...(installations ? { installations } : {}),
    async start(port = config.port) {
      forgetOldDeliveries();
      pruner = setInterval(forgetOldDeliveries, 3_600_000).unref();
      const started = (await bolt.start(port)) as unknown;
      schedule = startReminderSchedule(deps);
      if (config.mode === 'http') {
        adaptBoltServer(started as Server);
        const address = (started as Server).address();
        return { port: typeof address === 'object' && address ? address.port : port };
      }
      return { port: undefined };
    },
    async stop() {
      clearInterval(pruner);
      await schedule?.stop();
      await bolt.stop();
      await inFlight.idle();
    },
    idle: () => inFlight.idle(),
  };
}

import type { Logger } from '@slack/bolt';
import { createLifering, type Lifering } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { DatabaseOptions } from '../../src/storage/db.ts';
import { openStorage, type Storage } from '../../src/storage/index.ts';
import { createDriver, type Driver } from '../harness/driver.ts';
import { type FakeSlack, startFakeSlack, type UserInput } from '../harness/fake-slack.ts';
import { SIGNING_SECRET } from './app.ts';
import { openTestStorage } from './storage.ts';
import { runReminderSweep } from './sweep.ts';

export const CLIENT_ID = '1111111111.2222222222';
export const CLIENT_SECRET = 'test-client-secret';
export const ENCRYPTION_KEY = 'a'.repeat(16) + 'b'.repeat(16) + 'c'.repeat(16) + 'd'.repeat(16);

/** A mutable clock shared by the app and the fake, so token expiry can be reached without waiting. */
export class Clock {
  constructor(public ms = Date.now()) {}
  advance(ms: number): void {
    this.ms += ms;
  }
  now = (): Date => new Date(this.ms);
}

export interface OAuthInstance {
  lifering: Lifering;
  config: Config;
  port: number;
  driver: Driver;
  logs: { level: string; text: string }[];
  /** Every Set-Cookie-less browser step of an install: /slack/install, Slack's authorize page, the redirect. */
  install(teamId: string, opts?: InstallChoice): Promise<{ status: number; body: string }>;
  /** The install page's step alone: the state cookie it set and the Add to Slack link, for a test to replay. */
  beginInstall(): Promise<BegunInstall>;
  /** Slack's authorize page then the redirect, for an install begun with `beginInstall`. */
  finishInstall(begun: BegunInstall, teamId: string, opts?: InstallChoice): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

export interface InstallChoice {
  userId?: string;
  enterpriseId?: string;
}

export interface BegunInstall {
  cookie: string;
  authorize: URL;
}

export interface OAuthTestApp extends OAuthInstance {
  fake: FakeSlack;
  storage: Storage;
  /** How to open the same database again (a command line tool, another pool). */
  database: DatabaseOptions;
  clock: Clock;
  /**
   * Another instance of the app on the same database and fake Slack (several instances behind a
   * load balancer). With `ownStorage` it opens the database itself, with its own pool (and, on
   * PostgreSQL, its own listening connection), as another process would.
   */
  startInstance(opts?: { ownStorage?: boolean }): Promise<OAuthInstance>;
  settle(): Promise<void>;
  /** One sweep of every phase, as `npm run remind` runs it, at `now` (the shared clock's by default). */
  sweep(now?: Date): ReturnType<typeof runReminderSweep>;
  stopAll(): Promise<void>;
}

function capturingLogger(logs: { level: string; text: string }[]): Logger {
  const at =
    (level: string) =>
    (...msg: unknown[]) => {
      logs.push({
        level,
        text: msg.map((m) => (m instanceof Error ? m.stack : typeof m === 'string' ? m : JSON.stringify(m))).join(' '),
      });
      if (process.env.LIFERING_TEST_LOGS) process.stderr.write(`[${level}] ${logs.at(-1)?.text}\n`);
    };
  return {
    debug: () => undefined,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: () => undefined,
    getLevel: () => 'info' as never,
    setName: () => undefined,
  };
}

/** The page's state cookie and its Add to Slack link. */
async function begun(page: Response): Promise<BegunInstall> {
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const href = /id="add-to-slack" href="([^"]+)"/.exec(await page.text())?.[1];
  if (!href) throw new Error('no Add to Slack link on /slack/install');
  return { cookie, authorize: new URL(href.replaceAll('&#38;', '&')) };
}

/** The person picks the workspace (or organisation) on Slack's page and approves; the browser follows the redirect. */
async function finishInstall(b: BegunInstall, teamId: string, o: InstallChoice) {
  const authorize = new URL(b.authorize);
  if (o.enterpriseId) authorize.searchParams.set('enterprise', o.enterpriseId);
  else authorize.searchParams.set('team', teamId);
  if (o.userId) authorize.searchParams.set('user', o.userId);
  const approved = await fetch(authorize, { redirect: 'manual' });
  const location = approved.headers.get('location');
  if (approved.status !== 302 || !location) return { status: approved.status, body: await approved.text() };
  const done = await fetch(location, { headers: { cookie: b.cookie }, redirect: 'manual' });
  return { status: done.status, body: await done.text() };
}

/**
 * Events happen on the shared clock (their `event_time`), as the app reads time from it; the
 * request signatures stay on the real time Bolt checks them against.
 */
function onClock(driver: Driver, clock: Clock): Driver {
  return {
    ...driver,
    event: (ev, o = {}) => driver.event(ev, { eventTime: Math.floor(clock.ms / 1000), ...o }),
    appHomeOpened: (userId, o = {}) => driver.appHomeOpened(userId, { eventTime: Math.floor(clock.ms / 1000), ...o }),
  };
}

/**
 * Lifering in OAuth mode against a fake Slack that knows several workspaces. Nothing is
 * installed at first: tests install through the same browser steps a person takes.
 */
export async function startOAuthTestApp(opts: {
  workspaces: string[];
  users?: UserInput[];
  env?: Record<string, string>;
  tokenRotation?: boolean;
  /** Where the shared clock starts (default: the real time, which Bolt's own expiry arithmetic uses). */
  start?: Date;
}): Promise<OAuthTestApp> {
  const clock = new Clock(opts.start?.getTime());
  const [first, ...others] = opts.workspaces;
  const fake = await startFakeSlack({
    teamId: first!,
    now: () => clock.ms,
    oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenRotation: opts.tokenRotation ?? false },
  });
  // Nothing is installed yet: the fake's ready-made bot token is not one Lifering may have.
  fake.tokens.delete(fake.token);
  for (const id of others) fake.addWorkspace({ id });
  for (const u of opts.users ?? []) fake.addUser(u);
  const { storage, options, cleanup } = await openTestStorage();
  const instances: OAuthInstance[] = [];

  async function startInstance(o: { ownStorage?: boolean } = {}): Promise<OAuthInstance> {
    const own = o.ownStorage ? await openStorage(options) : undefined;
    const config = loadConfig({
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      LIFERING_ENCRYPTION_KEY: ENCRYPTION_KEY,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      REMINDER_CRON: 'off',
      ...opts.env,
    });
    const logs: { level: string; text: string }[] = [];
    const lifering = await createLifering({
      config,
      storage: own ?? storage,
      logger: capturingLogger(logs),
      now: clock.now,
      clientOptions: { retryConfig: { retries: 0 } },
    });
    const { port } = await lifering.start(0);
    const base = `http://127.0.0.1:${port!}`;
    // The app's registration lists the redirect URL; with no redirect_uri in the install link, Slack
    // uses the first one (the first instance's), as for an app with one public URL.
    fake.oauthApp!.redirectUrls.push(`${base}/slack/oauth_redirect`);
    const instance: OAuthInstance = {
      lifering,
      config,
      port: port!,
      logs,
      driver: onClock(createDriver({ appUrl: `${base}/slack/events`, signingSecret: SIGNING_SECRET, fake }), clock),
      install: async (teamId, o = {}) => {
        const page = await fetch(`${base}/slack/install`);
        if (page.status !== 200) return { status: page.status, body: await page.text() };
        return finishInstall(await begun(page), teamId, o);
      },
      beginInstall: async () => begun(await fetch(`${base}/slack/install`)),
      finishInstall: (b, teamId, o = {}) => finishInstall(b, teamId, o),
      stop: async () => {
        await lifering.stop();
        await own?.close();
      },
    };
    instances.push(instance);
    return instance;
  }

  const main = await startInstance();
  return {
    ...main,
    fake,
    storage,
    database: options,
    clock,
    startInstance,
    sweep: (now = clock.now()) =>
      runReminderSweep({
        now,
        storage,
        clientFor: main.lifering.deps.clientFor,
        config: main.config,
        logger: main.lifering.deps.logger,
      }),
    settle: async () => {
      for (const i of instances) await i.lifering.idle();
    },
    async stopAll() {
      for (const i of instances) await i.stop();
      await fake.close();
      await cleanup();
    },
  };
}

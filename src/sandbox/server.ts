// The browser sandbox: the real Lifering app (same factory and listeners as production, HTTP
// mode) talking to the fake Slack, a seeded workspace, and a small JSON API that the page in
// ./page uses to act as any seeded person. Every request the page makes reaches the app the way
// Slack would send it: signed, through the app's own HTTP receiver.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from '@slack/bolt';
import { createLifering, type Lifering } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Feature } from '../features/feature.ts';
import { sweepPhases } from '../features/index.ts';
import { createLogger, LogFields } from '../log.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import { runSweep } from '../sweep/run.ts';
import { createDriver, type Driver } from './driver.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { createPageServer } from './page-server.ts';
import { adminIds, SANDBOX_PEOPLE, seedWorkspace } from './seed.ts';

/** Runs the reminder sweep as of `now` and says what it did, in one line for the page. */
export type RunSweep = (now: Date, app: Lifering) => Promise<string>;

/** Why a sweep sent nothing, so a person trying the sandbox is not left guessing. */
export function whyNothing(now: Date, scanned: number, remindBeforeDays: number): string {
  if (scanned === 0)
    return `Nothing is due: no meeting report is due within ${remindBeforeDays} day${remindBeforeDays === 1 ? '' : 's'}.`;
  const weekday = now.getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? ' It is the weekend (in UTC), and' : '';
  return `Nothing was sent:${weekend} reminders go out on weekdays, 09:00–17:00 on each supporter's own clock, and each reminder once (repeats come a week apart). Move the clock into someone's working hours, or a few days on.`;
}

/** The sandbox's sweep: the production worker, run as of the simulated clock, summed up in a line. */
export const sweepAsOf: RunSweep = async (now, app) => {
  const { storage, clientFor, config, logger } = app.deps;
  const r = await runSweep(sweepPhases, { now, storage, clientFor, config, logger });
  if (!r.ran) return 'Another sweep is running; try again in a moment.';
  const day = now.toISOString().slice(0, 16).replace('T', ' ');
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const line = `Reminder sweep as of ${day} UTC: ${n(r.scanned, 'mentorship')} checked, ${n(r.sent, 'reminder')} sent${r.retryLater ? `, ${r.retryLater} to retry` : ''}.`;
  return r.sent > 0 || r.retryLater > 0
    ? line
    : `${line} ${whyNothing(now, r.scanned, config.feedback.remindBeforeDays)}`;
};

export interface SandboxOptions {
  /** Port of the page; 0 picks a free one. */
  port?: number;
  /** Folder of the sandbox's SQLite file, `sandbox.db` (never a production `lifering.db`). */
  dataDir: string;
  /** Start from an empty database (deletes the sandbox's own sandbox.db in dataDir). */
  fresh?: boolean;
  /**
   * What the workspace starts with: the seeded people, topics and supporter profiles (`full`, the
   * default), or the people alone (`people`), so an admin meets Lifering's first day.
   */
  seed?: 'full' | 'people';
  /** Programme settings (FEEDBACK_INTERVAL_DAYS, …) to pass to the app; Slack settings are the sandbox's own. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** What "Run reminder sweep" does; `sweepAsOf` (the real worker) unless a test swaps it. */
  runSweep?: RunSweep;
  /** The app's features; production's list unless a test adds its own. */
  features?: Feature[];
}

export interface Sandbox {
  url: string;
  port: number;
  fake: FakeSlack;
  lifering: Lifering;
  storage: Storage;
  driver: Driver;
  /** The simulated clock the app and the fake read. */
  now(): Date;
  setClock(at: Date | undefined): void;
  runSweep: RunSweep;
  stop(): Promise<void>;
}

/** Settings the sandbox passes through from the environment; Slack and database settings are its own. */
const PROGRAMME_SETTINGS = [
  'FEEDBACK_INTERVAL_DAYS',
  'REMIND_BEFORE_DAYS',
  'REMINDER_REPEAT_DAYS',
  'ESCALATE_AFTER_DAYS',
  'ASSISTANCE_ESCALATE_HOURS',
  'MAX_MENTEES_PER_SUPPORTER',
  'PEOPLE_CACHE_MINUTES',
  'LOG_LEVEL',
  'LOG_FORMAT',
];

// Its own file name, so a DATA_DIR shared with a real installation never mixes the two.
const SANDBOX_DB = 'sandbox.db';
/** Says which process runs a sandbox on a data folder, so `--fresh` never wipes one in use. */
const SANDBOX_LOCK = 'sandbox.pid';

/** The pid of another live sandbox using this data folder, if any. */
export function sandboxUsing(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, SANDBOX_LOCK), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, but another user's; ESRCH: gone, the file is stale.
    return (error as { code?: string }).code === 'EPERM' ? pid : undefined;
  }
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const clock = simulatedClock();
  const env = options.env ?? {};
  const logLevel = (env.LOG_LEVEL as 'info' | undefined) ?? 'info';
  // A tool for a person at a terminal: readable lines unless LOG_FORMAT=json asks otherwise.
  const format = env.LOG_FORMAT === 'json' ? 'json' : 'pretty';
  const base = options.logger ?? createLogger(logLevel, { format });
  const logged: string[] = [];
  const fake = await startFakeSlack({ users: SANDBOX_PEOPLE, now: () => clock.now().getTime() });
  if (options.fresh) await wipeForFresh(options.dataDir, fake);
  const storage = await openStorage({ dataDir: options.dataDir, sqliteFile: SANDBOX_DB });
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(path.join(options.dataDir, SANDBOX_LOCK), String(process.pid));
  const logger = noticingLogger(base, logged);
  const { lifering, driver } = await startApp(options, { fake, storage, logger, now: clock.now });
  if (options.seed !== 'people') await seedWorkspace(storage, fake.teamId, clock.now());

  const sandbox: Sandbox = {
    url: '',
    port: 0,
    fake,
    lifering,
    storage,
    driver,
    now: clock.now,
    setClock: clock.set,
    runSweep: options.runSweep ?? sweepAsOf,
    stop: () => stopSandbox(sandbox, server, options.dataDir),
  };
  const server = createPageServer({
    fake,
    driver,
    lifering,
    now: clock.now,
    clockMoved: clock.moved,
    setClock: (at) => sandbox.setClock(at),
    runSweep: (now, app) => sandbox.runSweep(now, app),
    logged,
    log: base,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, '127.0.0.1', () => resolve());
  });
  sandbox.port = (server.address() as AddressInfo).port;
  sandbox.url = `http://127.0.0.1:${sandbox.port}`;
  return sandbox;
}

/** The simulated clock the app and the fake read: real time, moved by the page. */
function simulatedClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    set(at: Date | undefined) {
      offsetMs = at ? at.getTime() - Date.now() : 0;
    },
    moved: () => offsetMs !== 0,
  };
}

/** The app's logger, also noting its warnings and errors for the page to show as notices. */
function noticingLogger(base: Logger, logged: string[]): Logger {
  return {
    ...base,
    warn: (...msg: unknown[]) => {
      logged.push(`The app warned: ${describe(msg)}`);
      base.warn(...msg);
    },
    error: (...msg: unknown[]) => {
      logged.push(`The app logged an error: ${describe(msg)}`);
      base.error(...msg);
    },
  };
}

/** `--fresh`: deletes the sandbox's database, unless another live sandbox is using it. */
async function wipeForFresh(dataDir: string, fake: FakeSlack): Promise<void> {
  const other = sandboxUsing(dataDir);
  if (other) {
    await fake.close();
    throw new Error(
      `Another sandbox (process ${other}) is using ${path.resolve(dataDir)}, so --fresh would wipe its data. Stop it first, or set DATA_DIR to another folder.`,
    );
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(path.join(dataDir, `${SANDBOX_DB}${suffix}`), { force: true });
}

/** The real app, configured for the fake Slack, listening on a free port; and a driver that sends to it. */
async function startApp(
  options: SandboxOptions,
  parts: { fake: FakeSlack; storage: Storage; logger: Logger; now: () => Date },
): Promise<{ lifering: Lifering; driver: Driver }> {
  const { fake, storage, logger, now } = parts;
  const env = options.env ?? {};
  const signingSecret = randomBytes(24).toString('hex');
  const passed = Object.fromEntries(PROGRAMME_SETTINGS.flatMap((k) => (env[k] ? [[k, env[k]]] : [])));
  const config = loadConfig({
    ...passed,
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: fake.url,
    DATA_DIR: options.dataDir,
    ADMIN_USER_IDS: adminIds().join(','),
    // The page runs the sweep on demand, "as of" the simulated clock.
    REMINDER_CRON: 'off',
    PORT: '0',
  });
  const lifering = await createLifering({
    config,
    storage,
    logger,
    now,
    clientOptions: { retryConfig: { retries: 0 } },
    ...(options.features ? { features: options.features } : {}),
  });
  const { port: appPort } = await lifering.start(0);
  const driver = createDriver({ appUrl: `http://127.0.0.1:${appPort}/slack/events`, signingSecret, fake });
  return { lifering, driver };
}

async function stopSandbox(sandbox: Sandbox, server: Server, dataDir: string): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await sandbox.lifering.stop();
  await sandbox.fake.close();
  await sandbox.storage.close();
  if (sandboxUsing(dataDir) === undefined) rmSync(path.join(dataDir, SANDBOX_LOCK), { force: true });
}

function describe(msg: unknown[]): string {
  return msg
    .filter((m) => !(m instanceof LogFields))
    .map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m)))
    .join(' ')
    .slice(0, 500);
}

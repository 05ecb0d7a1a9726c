// The browser sandbox: the real Lifering app (same factory and listeners as production, HTTP
// mode) talking to the fake Slack, a seeded workspace, and a small JSON API that the page in
// ./page uses to act as any seeded person. Every request the page makes reaches the app the way
// Slack would send it: signed, through the app's own HTTP receiver.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from '@slack/bolt';
import { createLifering, type Lifering } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Feature } from '../features/feature.ts';
import { sweepPhases } from '../features/index.ts';
import { createLogger } from '../log.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import { runSweep } from '../sweep/run.ts';
import { createDriver, type Driver, type DriverResponse, type StateValues } from './driver.ts';
import { type FakeSlack, type JsonObject, type StoredMessage, type StoredView, startFakeSlack } from './fake-slack.ts';
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

/** Slack gives up on an ack after this long and shows the person an error instead. */
const SLACK_ACK_LIMIT_MS = 3000;

const PAGE_FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/sandbox.css': 'sandbox.css',
  '/sandbox.js': 'sandbox.js',
  '/blockkit.js': 'blockkit.js',
  '/mrkdwn.js': 'mrkdwn.js',
};
const TYPES: Record<string, string> = { html: 'text/html', css: 'text/css', js: 'text/javascript' };

/** A mistake the page made or a person would see in Slack; shown as a message, never a crash. */
class Refusal extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v === '') throw new Refusal(`${name} is missing`);
  return v;
};

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const env = options.env ?? {};
  const logLevel = (env.LOG_LEVEL as 'info' | undefined) ?? 'info';

  // Problems the app logged while serving the page's last request, shown on the page as notices.
  const logged: string[] = [];
  const base = options.logger ?? createLogger(logLevel, 'lifering');
  const logger: Logger = {
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

  const fake = await startFakeSlack({ users: SANDBOX_PEOPLE, now: () => now().getTime() });
  if (options.fresh) {
    const other = sandboxUsing(options.dataDir);
    if (other) {
      await fake.close();
      throw new Error(
        `Another sandbox (process ${other}) is using ${path.resolve(options.dataDir)}, so --fresh would wipe its data. Stop it first, or set DATA_DIR to another folder.`,
      );
    }
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(path.join(options.dataDir, `${SANDBOX_DB}${suffix}`), { force: true });
  }
  const storage = await openStorage({ dataDir: options.dataDir, sqliteFile: SANDBOX_DB });
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(path.join(options.dataDir, SANDBOX_LOCK), String(process.pid));
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
  await seedWorkspace(storage, fake.teamId, now());

  const sandbox: Sandbox = {
    url: '',
    port: 0,
    fake,
    lifering,
    storage,
    driver,
    now,
    setClock(at) {
      offsetMs = at ? at.getTime() - Date.now() : 0;
    },
    runSweep: options.runSweep ?? sweepAsOf,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lifering.stop();
      await fake.close();
      await storage.close();
      if (sandboxUsing(options.dataDir) === undefined)
        rmSync(path.join(options.dataDir, SANDBOX_LOCK), { force: true });
    },
  };

  const personIds = new Set(SANDBOX_PEOPLE.map((p) => p.id));
  const person = (v: unknown): string => {
    const id = text(v, 'user');
    if (!personIds.has(id)) throw new Refusal(`There is no ${id} in this workspace.`);
    return id;
  };

  function messagesFor(userId: string) {
    const dm = fake.dmChannel(userId);
    const mine = (m: StoredMessage) => !m.deleted && (m.ephemeralTo ? m.ephemeralTo === userId : m.channel === dm);
    return fake.messages.filter(mine).map((m) => ({
      channel: m.channel,
      ts: m.ts,
      postedAt: m.postedAt ?? Math.floor(Number(m.ts) * 1000),
      text: m.text,
      blocks: m.blocks ?? null,
      ephemeral: Boolean(m.ephemeralTo),
      edited: m.history.length > 0,
      files: (m.files ?? []).map((f) => ({ id: f.id, name: f.name, title: f.title, size: f.size })),
      where: m.channel === dm ? 'Direct message' : m.channel === 'C0GENERAL' ? '#general' : m.channel,
    }));
  }

  function state(userId: string | undefined) {
    return {
      now: now().toISOString(),
      clockMoved: offsetMs !== 0,
      botName: 'Lifering',
      people: SANDBOX_PEOPLE.map((p) => ({
        id: p.id,
        name: p.real_name,
        handle: p.name,
        role: p.role,
        tz: p.tz,
        tzLabel: p.tz_label,
      })),
      user: userId ?? null,
      ...(userId
        ? { home: fake.homeViews.get(userId) ?? null, modals: fake.openModals(userId), messages: messagesFor(userId) }
        : {}),
    };
  }

  /** Waits for the app's after-ack work, then gathers what a developer should see: rejected Slack calls and logged errors. */
  async function finish(callsBefore: number, notices: string[]): Promise<string[]> {
    await lifering.idle();
    for (const call of fake.calls.slice(callsBefore)) {
      if (call.response.ok !== false) continue;
      const detail = Array.isArray((call.response.response_metadata as JsonObject | undefined)?.messages)
        ? ` (${((call.response.response_metadata as JsonObject).messages as string[]).join('; ')})`
        : '';
      notices.push(`Slack rejected the app's ${call.method}: ${String(call.response.error)}${detail}`);
    }
    notices.push(...logged.splice(0));
    return notices;
  }

  /** What Slack shows when the app answers late or not at all. */
  function ackProblem(res: DriverResponse, startedAt: number, what: string): string | undefined {
    if (res.status !== 200)
      return `${what} failed with the error "dispatch_failed" (the app answered HTTP ${res.status}).`;
    const took = Date.now() - startedAt;
    if (took > SLACK_ACK_LIMIT_MS)
      return `${what} failed with the error "operation_timeout" (the app took ${took} ms; Slack waits 3 s).`;
    return undefined;
  }

  function openView(viewId: unknown): StoredView {
    const view = fake.view(text(viewId, 'viewId'));
    if (!view)
      throw new Refusal('That form is no longer open: it was closed or replaced. Open it again to carry on.', 409);
    return view;
  }

  /** What Slack does when someone opens the app's Home tab: sends app_home_opened, shows what the app published. */
  async function homeOpened(user: string): Promise<JsonObject> {
    const before = fake.calls.length;
    const res = await driver.appHomeOpened(user);
    const notices = res.status === 200 ? [] : [`The app answered the app_home_opened event with HTTP ${res.status}.`];
    return { notices: await finish(before, notices), state: state(user) };
  }

  const routes: Record<string, (body: JsonObject) => Promise<JsonObject>> = {
    async '/api/state'(body) {
      // A page opened fresh, or remembering someone no longer seeded, starts as the first person.
      const known = typeof body.user === 'string' && personIds.has(body.user);
      const user = known ? String(body.user) : SANDBOX_PEOPLE[0]?.id;
      // A page opening on the Home tab asks for it in the same request: one round trip less to usable.
      if (body.openHome === true && user) return homeOpened(user);
      return { state: state(user) };
    },

    async '/api/command'(body) {
      const user = person(body.user);
      const typed = String(body.text ?? '').trim();
      const match = /^(\/\S+)\s*([\s\S]*)$/.exec(typed);
      if (!match) throw new Refusal('This sandbox has no channels to post in: type a command, starting with /mentor.');
      const [, command, rest] = match;
      if (command !== '/mentor') {
        throw new Refusal(`${command} is not a valid command. In this workspace the only command is /mentor.`);
      }
      const before = fake.calls.length;
      const startedAt = Date.now();
      const res = await driver.command(user, rest ?? '');
      const notices: string[] = [];
      const problem = ackProblem(res, startedAt, '/mentor');
      if (problem) notices.push(problem);
      else if (isObj(res.body) && (typeof res.body.text === 'string' || Array.isArray(res.body.blocks))) {
        const content = {
          text: typeof res.body.text === 'string' ? res.body.text : '',
          ...(Array.isArray(res.body.blocks) ? { blocks: res.body.blocks } : {}),
        };
        fake.showAckReply('C0GENERAL', user, content, res.body.response_type === 'in_channel');
      }
      return { notices: await finish(before, notices), state: state(user) };
    },

    async '/api/action'(body) {
      const user = person(body.user);
      const action = body.action;
      if (!isObj(action) || typeof action.action_id !== 'string') throw new Refusal('action is missing');
      const container = isObj(body.container) ? body.container : {};
      const values = isObj(body.values) ? (body.values as StateValues) : undefined;
      const before = fake.calls.length;
      const startedAt = Date.now();
      let res: DriverResponse;
      if (container.type === 'view') {
        openView(container.viewId);
        res = await driver.blockAction(user, action as never, {
          viewId: String(container.viewId),
          ...(values ? { values } : {}),
        });
      } else {
        const channel = text(container.channel, 'channel');
        const ts = text(container.ts, 'ts');
        if (!fake.messages.some((m) => m.channel === channel && m.ts === ts && !m.deleted)) {
          throw new Refusal('That message was deleted.', 409);
        }
        res = await driver.blockAction(user, action as never, {
          channelId: channel,
          messageTs: ts,
          ...(values ? { values } : {}),
        });
      }
      const notices: string[] = [];
      const problem = ackProblem(res, startedAt, 'That button');
      if (problem) notices.push(problem);
      return { notices: await finish(before, notices), state: state(user) };
    },

    async '/api/submit'(body) {
      const user = person(body.user);
      const view = openView(body.viewId);
      const values = isObj(body.values) ? (body.values as StateValues) : {};
      const before = fake.calls.length;
      const startedAt = Date.now();
      const res = await driver.submitView(user, view.id, values);
      const notices: string[] = [];
      const problem = ackProblem(res, startedAt, 'Submitting the form');
      if (problem) notices.push(`${problem} Slack would show "We had some trouble connecting. Try again?"`);
      if (res.viewErrors?.length)
        notices.push(`Slack would refuse the app's answer to this submission: ${res.viewErrors.join('; ')}`);
      const errors =
        isObj(res.body) && res.body.response_action === 'errors' && isObj(res.body.errors)
          ? res.body.errors
          : undefined;
      return { errors: errors ?? null, notices: await finish(before, notices), state: state(user) };
    },

    async '/api/close'(body) {
      const user = person(body.user);
      const view = openView(body.viewId);
      const before = fake.calls.length;
      // Slack tells the app only when the view asked for it; Bolt would otherwise leave it unanswered.
      if (view.notify_on_close === true) await driver.closeView(user, view.id);
      else fake.closeView(view.id);
      return { notices: await finish(before, []), state: state(user) };
    },

    async '/api/options'(body) {
      const user = person(body.user);
      const viewId = typeof body.viewId === 'string' && body.viewId ? body.viewId : undefined;
      if (viewId) openView(viewId);
      const res = await driver.blockSuggestion(
        user,
        {
          action_id: text(body.action_id, 'action_id'),
          block_id: text(body.block_id, 'block_id'),
          value: String(body.value ?? ''),
        },
        viewId ? { viewId } : {},
      );
      const answer = isObj(res.body) ? res.body : {};
      return {
        options: answer.options ?? null,
        option_groups: answer.option_groups ?? null,
        notices: logged.splice(0),
      };
    },

    async '/api/home-opened'(body) {
      return homeOpened(person(body.user));
    },

    async '/api/clock'(body) {
      const at = body.at === null || body.at === undefined || body.at === '' ? undefined : new Date(String(body.at));
      if (at && Number.isNaN(at.getTime())) throw new Refusal('That is not a date and time.');
      sandbox.setClock(at);
      return { state: state(body.user ? person(body.user) : undefined) };
    },

    async '/api/sweep'(body) {
      const user = body.user ? person(body.user) : undefined;
      if (body.at) {
        const at = new Date(String(body.at));
        if (Number.isNaN(at.getTime())) throw new Refusal('That is not a date and time.');
        sandbox.setClock(at);
      }
      const before = fake.calls.length;
      const summary = await sandbox.runSweep(now(), lifering);
      return { summary, notices: await finish(before, []), state: state(user) };
    },
  };

  // One request at a time, so each answer shows the whole effect of what the person did.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = PAGE_FILES[path];
    if (req.method === 'GET' && file) {
      const body = readFileSync(new URL(`./page/${file}`, import.meta.url));
      res.writeHead(200, {
        'Content-Type': `${TYPES[file.split('.').pop() ?? ''] ?? 'text/plain'}; charset=utf-8`,
        'Cache-Control': 'no-store',
      });
      res.end(body);
      return;
    }
    const fileId = /^\/files\/(F\w+)$/.exec(path)?.[1];
    if (req.method === 'GET' && fileId) return download(res, fileId);
    const route = routes[path];
    if (!route || req.method !== 'POST') return json(res, 404, { error: `Nothing here: ${req.method} ${path}` });
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)) || '{}');
    } catch {
      return json(res, 400, { error: 'The request was not JSON.' });
    }
    try {
      json(res, 200, await serially(() => route(isObj(body) ? body : {})));
    } catch (error) {
      if (error instanceof Refusal) return json(res, error.status, { error: error.message });
      (options.logger ?? base).error('sandbox request failed', error);
      json(res, 500, { error: `The sandbox hit a problem: ${(error as Error).message ?? String(error)}` });
    }
  }

  /** A file the app uploaded to a message (the CSV export), as the download Slack would offer. */
  function download(res: ServerResponse, fileId: string): void {
    const file = fake.files.get(fileId);
    const shared = fake.messages.some((m) => !m.deleted && m.files?.some((f) => f.id === fileId));
    if (!file?.completed || !file.bytes || !shared) {
      json(res, 404, { error: 'That file is not in any message.' });
      return;
    }
    const type = file.filename.endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': `${type}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'no-store',
    });
    res.end(file.bytes);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: 'The sandbox hit a problem.' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, '127.0.0.1', () => resolve());
  });
  sandbox.port = (server.address() as AddressInfo).port;
  sandbox.url = `http://127.0.0.1:${sandbox.port}`;
  return sandbox;
}

function describe(msg: unknown[]): string {
  return msg
    .map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m)))
    .join(' ')
    .slice(0, 500);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * `npm run bench`: figures, not pass/fail. Seeds a workspace of 10,000 people and 100,000
 * mentorships (SQLite, and PostgreSQL too when DATABASE_URL is set), then measures Lifering
 * against a bare Bolt app in the same run. Both apps run in processes of their own (so each one's
 * memory is its own; Lifering from the production build), both are warmed, and their rounds alternate so that a busy machine slows
 * them alike; the figures are medians over rounds. Every loop is bounded in count and time; all
 * traffic stays on loopback. `npm run bench -- --quick` (or BENCH_QUICK=1) runs a tenth of the
 * data and short rounds, for a look in a minute or two.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { WebClient } from '@slack/web-api';
import { createLifering, type Lifering } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import type { Deps } from '../src/deps.ts';
import { buildExportCsv, sendExport } from '../src/features/admin-report/export.ts';
import { publishHome } from '../src/features/home/publish.ts';
import { sweepPhases } from '../src/features/index.ts';
import { createLogger } from '../src/log.ts';
import { type FakeSlack, startFakeSlack } from '../src/sandbox/fake-slack.ts';
import type { DatabaseOptions } from '../src/storage/db.ts';
import type { Storage } from '../src/storage/index.ts';
import type { SweepPhase } from '../src/sweep/phase.ts';
import { runSweep } from '../src/sweep/run.ts';
import { openTestStorage } from '../test/support/storage.ts';
import { type Command, LoadGenerator, type LoadResult, median, timed } from './load.ts';
import { bareModeOf, type MondayContext, mondayRounds } from './monday.ts';
import { type Seeded, seedWorkspace } from './seed.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const PEOPLE = num('BENCH_PEOPLE', QUICK ? 1_000 : 10_000);
const MENTORSHIPS = num('BENCH_MENTORSHIPS', QUICK ? 10_000 : 100_000);
const ROUNDS = num('BENCH_ROUNDS', QUICK ? 3 : 5);
const ROUND_SECONDS = num('BENCH_ROUND_SECONDS', QUICK ? 1 : 5);
const CONCURRENCY = num('BENCH_CONCURRENCY', 20);
/** The admin Home is also measured on smaller workspaces, to see whether its cost grows with size. */
const HOME_SIZES = [1_000, 10_000, 100_000].filter((n) => n < MENTORSHIPS);
/** BENCH_ONLY=home: just the admin Home at every size (no command rounds, export or sweep). */
const HOME_ONLY = process.env.BENCH_ONLY === 'home';
/** BENCH_ONLY=commands: just the command rounds against the bare app. */
const COMMANDS_ONLY = process.env.BENCH_ONLY === 'commands';
/** BENCH_ONLY=sweep: just the sweep (seed, dry run, real run, the same hour again), with each phase's time. */
const SWEEP_ONLY = process.env.BENCH_ONLY === 'sweep';
/** BENCH_ONLY=monday: just the Monday-morning mix on PostgreSQL (bench/monday.ts); it needs DATABASE_URL. */
const MONDAY_ONLY = process.env.BENCH_ONLY === 'monday';
/**
 * The Monday mix's arrival rate, requests a second over both instances (0: a closed loop of
 * BENCH_CONCURRENCY instead). 10,000 people who each open Home and do two more things within ten
 * minutes of 9:00 make 50 a second; the default is twice that peak.
 */
const MONDAY_RATE = num('BENCH_MONDAY_RATE', QUICK ? 50 : 100);
/** When the bare app is measured beside the Monday mix (bench/monday.ts); read now, so a typo stops the run before seeding. */
const MONDAY_BARE = bareModeOf(process.env.BENCH_MONDAY_BARE);
const SECRET = 'bench-signing-secret';

export interface Row {
  engine: string;
  what: string;
  figure: string;
  peakMb: number | undefined;
}

const rows: Row[] = [];
const add = (engine: string, what: string, figure: string, peakMb?: number) => {
  rows.push({ engine, what, figure, peakMb });
  process.stderr.write(`  ${engine.padEnd(10)} ${what.padEnd(52)} ${figure}\n`);
};

interface AppProcessOptions {
  kind: 'bare' | 'lifering';
  signingSecret: string;
  fakeUrl: string;
  fakeToken: string;
  adminIds?: string;
  database?: DatabaseOptions;
  /** Node flags for Lifering instead of npm start's. */
  nodeFlags?: string[];
}
type AppProcessMessage = { port: number } | { peakMb: number } | { cpuMicros: number };

/** A measured app in its own process. */
interface AppProcess {
  url: string;
  peakMb(): Promise<number>;
  /** CPU time (user and system) the process has used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  resetPeak(): void;
  stop(): Promise<void>;
}

/** The Node flags `npm start` runs Lifering with (package.json), so that the bench measures the same process. */
const startFlags = (): string[] => {
  const start = (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }
  ).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
};

async function startApp(options: AppProcessOptions): Promise<AppProcess> {
  // Plain node, as `npm start` runs: without the TypeScript loader this process runs under, and
  // Lifering with npm start's flags. BENCH_PROFILE=<folder> writes a CPU profile of each app
  // there (with BENCH_HEAP=1, a heap profile).
  const profile = process.env.BENCH_PROFILE
    ? process.env.BENCH_HEAP
      ? ['--heap-prof', '--heap-prof-dir', `${process.env.BENCH_PROFILE}/${options.kind}`]
      : ['--cpu-prof', '--cpu-prof-dir', `${process.env.BENCH_PROFILE}/${options.kind}`]
    : [];
  const child: ChildProcess = fork(new URL('./app-process.mjs', import.meta.url), [], {
    execArgv: [...(options.kind === 'lifering' ? (options.nodeFlags ?? startFlags()) : []), ...profile],
    env: { ...process.env, BENCH_APP: JSON.stringify({ ...options, nodeFlags: undefined }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<AppProcessMessage>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench ${options.kind} app exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m: AppProcessMessage) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  const started = await next();
  if (!('port' in started)) throw new Error('bench app did not report its port');
  return {
    url: `http://127.0.0.1:${started.port}/slack/events`,
    async peakMb() {
      const reply = next();
      child.send('peak');
      const m = await reply;
      return 'peakMb' in m ? m.peakMb : 0;
    },
    async cpuMicros() {
      const reply = next();
      child.send('cpu');
      const m = await reply;
      return 'cpuMicros' in m ? m.cpuMicros : 0;
    },
    resetPeak: () => child.send('reset-peak'),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

interface Target {
  label: string;
  app: AppProcess;
  command: Command;
  rounds: (LoadResult & { cpuPerRequest: number })[];
}

/**
 * Warms every target, then runs ROUNDS rounds of each, alternating (the order rotates each
 * round), so that every target sees the same machine. Ratios are taken within a round, then
 * the median over rounds.
 */
async function alternate(load: LoadGenerator, targets: Target[]): Promise<void> {
  const round = (t: Target, seconds: number) =>
    load.round({ url: t.app.url, signingSecret: SECRET, command: t.command, concurrency: CONCURRENCY, seconds });
  for (const t of targets) await round(t, Math.max(2, ROUND_SECONDS));
  for (const t of targets) t.app.resetPeak();
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < targets.length; k++) {
      const t = targets[(k + r) % targets.length]!;
      const cpu0 = await t.app.cpuMicros();
      const result = await round(t, ROUND_SECONDS);
      t.rounds.push({ ...result, cpuPerRequest: ((await t.app.cpuMicros()) - cpu0) / Math.max(1, result.requests) });
    }
  }
}

const describeRounds = (t: Target) => {
  const errors = t.rounds.reduce((n, r) => n + r.errors, 0);
  return `${median(t.rounds.map((r) => r.perSecond)).toFixed(0)} req/s, p50 ${median(t.rounds.map((r) => r.p50)).toFixed(1)} ms, p99 ${median(t.rounds.map((r) => r.p99)).toFixed(1)} ms, ${median(t.rounds.map((r) => r.cpuPerRequest)).toFixed(0)} µs CPU/request${errors ? `, ${errors} errors` : ''}`;
};

const ratios = (t: Target, bare: Target) => {
  const throughput = median(t.rounds.map((r, i) => r.perSecond / bare.rounds[i]!.perSecond));
  const p99 = median(t.rounds.map((r, i) => r.p99 / bare.rounds[i]!.p99));
  const cpu = median(t.rounds.map((r, i) => r.cpuPerRequest / bare.rounds[i]!.cpuPerRequest));
  return `; ${throughput.toFixed(2)}x bare throughput, ${p99.toFixed(2)}x bare p99, ${cpu.toFixed(2)}x bare CPU per request`;
};

/** The most recent Wednesday 14:00 UTC: working hours in London and New York, night in Tokyo and Auckland. */
function lastWednesdayAfternoon(from: Date): Date {
  const d = new Date(from);
  d.setUTCHours(14, 0, 0, 0);
  while (d.getUTCDay() !== 3 || d > from) d.setUTCDate(d.getUTCDate() - 1);
  return d;
}

/** A seeded database and the Lifering instance measured in this process, for the steps below. */
interface EngineBench {
  engine: 'sqlite' | 'postgres';
  storage: Storage;
  /** The instant every measurement works as of. */
  now: Date;
  s: Seeded;
  fake: FakeSlack;
  lifering: Lifering;
  deps: Deps;
  client: WebClient;
  config: Config;
}

interface SizedWorkspace {
  teamId: string;
  admin: string;
  size: number;
}

/** One engine's figures: seed, command rounds, then Homes, report, export and sweep in this process. */
async function engineRun(
  engine: 'sqlite' | 'postgres',
  fake: FakeSlack,
  load: LoadGenerator,
  bare: AppProcess | undefined,
): Promise<void> {
  const { storage, options, cleanup } = await openTestStorage(
    engine === 'postgres' ? process.env.DATABASE_URL : undefined,
  );
  const now = lastWednesdayAfternoon(new Date());
  const seed = await timed(() => seedOf(storage, now, 'TBENCH0001', PEOPLE, MENTORSHIPS));
  add(engine, `seed ${PEOPLE} people, ${MENTORSHIPS} mentorships`, `${(seed.ms / 1000).toFixed(1)} s`);
  const s: Seeded = seed.result;

  if (bare && !SWEEP_ONLY && !MONDAY_ONLY) await commandRounds(engine, s, options, fake, load, bare);
  // Two instances on one database: PostgreSQL's deployment, not SQLite's.
  if (bare && engine === 'postgres' && (MONDAY_ONLY || !process.env.BENCH_ONLY))
    await mondayRounds(mondayContext(storage, options, s, load, bare));
  if (COMMANDS_ONLY || MONDAY_ONLY) return cleanup();

  // The rest runs in this process, on the same database.
  const b = await liferingBench(engine, storage, now, s, fake);
  const big = { teamId: s.teamId, admin: s.admin, size: MENTORSHIPS };
  if (SWEEP_ONLY) await sweeps(b);
  else if (HOME_ONLY) {
    await adminHomes(b, [...(await smallerWorkspaces(b)), big]);
    await mentorshipsReport(b);
  } else {
    await supporterHome(b);
    await mentorshipsReport(b);
    await csvExport(b);
    await sweeps(b);
    // Smaller workspaces next to the big one (seeded after the sweep, which would include them).
    await adminHomes(b, [...(await smallerWorkspaces(b)), big]);
  }
  await b.lifering.idle();
  await cleanup();
}

const seedOf = (storage: Storage, now: Date, teamId: string, people: number, mentorships: number) =>
  seedWorkspace(storage, {
    teamId,
    people,
    mentorships,
    busyLoad: Math.min(60, mentorships),
    now,
    fetchedAt: new Date(),
  });

/** Lifering on the seeded database, talking to the fake Slack. */
async function liferingBench(
  engine: EngineBench['engine'],
  storage: Storage,
  now: Date,
  s: Seeded,
  fake: FakeSlack,
): Promise<EngineBench> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    ADMIN_USER_IDS: s.admin,
    REMINDER_CRON: 'off',
    LOG_LEVEL: 'error',
  });
  const lifering = await createLifering({
    config,
    storage,
    logger: createLogger('error'),
    clientOptions: { retryConfig: { retries: 0 } },
  });
  for (const id of [s.admin, s.busySupporter]) fake.addUser({ id });
  return { engine, storage, now, s, fake, lifering, deps: lifering.deps, client: lifering.app.client, config };
}

/** The workspaces of HOME_SIZES, seeded next to the big one. */
async function smallerWorkspaces(b: EngineBench): Promise<SizedWorkspace[]> {
  const smaller: SizedWorkspace[] = [];
  for (const size of HOME_SIZES)
    smaller.push({ ...(await seedOf(b.storage, b.now, `TBENCH${size}`, Math.max(50, size / 10), size)), size });
  return smaller;
}

async function supporterHome(b: EngineBench): Promise<void> {
  const runs: number[] = [];
  let peak = 0;
  for (let i = 0; i < 10; i++) {
    const r = await timed(() => publishHome(b.deps, b.client, b.s.teamId, b.s.busySupporter, 1));
    runs.push(r.ms);
    peak = Math.max(peak, r.peakMb);
  }
  add(b.engine, 'App Home build + publish, supporter of 60', `median ${median(runs).toFixed(1)} ms over 10`, peak);
}

interface HomeRuns {
  warm: number[];
  opens: number[];
  writes: number[];
  peak: number;
}

/**
 * Each admin's Home twice over: opened again with nothing written in between (the remembered
 * summary), and the first open after a write to the workspace, which is what a busy workspace
 * sees: each of those opens follows a meeting report's write to one mentorship. The sizes take
 * turns within each of the 10 rounds, so that the machine's moments (and the first runs' warm-up)
 * fall on all of them alike.
 */
async function adminHomes(b: EngineBench, workspaces: SizedWorkspace[]): Promise<void> {
  const ids = new Map<string, number[]>();
  for (const w of workspaces) {
    ids.set(
      w.teamId,
      (await b.storage
        .db('mentorships')
        .where({ team_id: w.teamId, status: 'active' })
        .orderBy('id')
        .limit(10)
        .pluck('id')) as number[],
    );
    await publishHome(b.deps, b.client, w.teamId, w.admin, 1);
  }
  const runs: HomeRuns[] = workspaces.map(() => ({ warm: [], opens: [], writes: [], peak: 0 }));
  for (let round = 0; round < 10; round++) {
    for (const [k, w] of workspaces.entries()) await adminHomeRound(b, w, ids.get(w.teamId)![round]!, runs[k]!);
  }
  for (const [k, w] of workspaces.entries()) {
    const r = runs[k]!;
    add(
      b.engine,
      `App Home build + publish, admin of ${w.size}, nothing written since`,
      `median ${median(r.warm).toFixed(1)} ms over 10`,
      r.peak,
    );
    add(
      b.engine,
      `App Home build + publish, admin of ${w.size}, first open after a write`,
      `median ${median(r.opens).toFixed(1)} ms over 10 (the one-row write before each: median ${median(r.writes).toFixed(1)} ms)`,
      r.peak,
    );
  }
}

/** One admin's Home opened again, then one mentorship written to, then the Home opened after it. */
async function adminHomeRound(b: EngineBench, w: SizedWorkspace, id: number, r: HomeRuns): Promise<void> {
  const warm = await timed(() => publishHome(b.deps, b.client, w.teamId, w.admin, 1));
  const at = b.now.toISOString();
  const write = await timed(() =>
    b.storage.db('mentorships').where({ id }).update({ feedback_from: at, last_report_at: at }),
  );
  const open = await timed(() => publishHome(b.deps, b.client, w.teamId, w.admin, 1));
  r.warm.push(warm.ms);
  r.writes.push(write.ms);
  r.opens.push(open.ms);
  r.peak = Math.max(r.peak, warm.peakMb, open.peakMb);
}

async function mentorshipsReport(b: EngineBench): Promise<void> {
  const r = await timed(() =>
    b.deps.storage.overview.report(b.s.teamId, { now: b.now, intervalDays: 30, maxMenteesPerSupporter: 5, limit: 25 }),
  );
  add(b.engine, `mentorships report queries, ${MENTORSHIPS} mentorships`, `${r.ms.toFixed(0)} ms`, r.peakMb);
}

async function csvExport(b: EngineBench): Promise<void> {
  const csv = await timed(() => buildExportCsv(b.deps, b.s.teamId, b.now));
  add(
    b.engine,
    `CSV export build, ${csv.result.rows} rows`,
    `${csv.ms.toFixed(0)} ms, ${(csv.result.csv.length / 1e6).toFixed(1)} MB`,
    csv.peakMb,
  );
  const upload = await timed(() => sendExport(b.deps, b.client, b.s.teamId, b.s.admin));
  add(b.engine, 'CSV export build + upload to the fake Slack', `${upload.ms.toFixed(0)} ms`, upload.peakMb);
}

/** The reminder sweep over every mentorship: a dry run, a real one, and the same hour again. */
async function sweeps(b: EngineBench): Promise<void> {
  const { engine, fake } = b;
  for (const id of b.s.supporters) fake.addUser({ id });
  const sweepOptions = {
    now: b.now,
    storage: b.storage,
    clientFor: () => b.client,
    config: b.config,
    logger: createLogger('error'),
  };
  const dry = await timed(() => runSweep(sweepPhases, { ...sweepOptions, dryRun: true }));
  add(
    engine,
    `reminder sweep, dry run, ${MENTORSHIPS} mentorships`,
    `${(dry.ms / 1000).toFixed(1)} s: ${dry.result.scanned} checked, ${dry.result.planned.length} DMs planned`,
    dry.peakMb,
  );
  fake.clearCalls();
  const phaseMs = new Map<string, string>();
  const real = await timed(() => runSweep(timedPhases(phaseMs, fake, b.storage), sweepOptions));
  const dms = fake.callsTo('chat.postMessage').length;
  add(
    engine,
    'reminder sweep, sending to the fake Slack',
    `${(real.ms / 1000).toFixed(1)} s: ${real.result.sent} reminders in ${dms} DMs, ${(real.ms / Math.max(1, dms)).toFixed(1)} ms a DM`,
    real.peakMb,
  );
  add(engine, 'reminder sweep, time by phase', [...phaseMs].map(([name, figure]) => `${name} ${figure}`).join(', '));
  const again = await timed(() => runSweep(sweepPhases, sweepOptions));
  add(
    engine,
    'reminder sweep, the same hour again (nothing owed)',
    `${(again.ms / 1000).toFixed(1)} s: ${again.result.sent} sent`,
    again.peakMb,
  );
  fake.clearCalls();
}

/** The sweep's phases, each adding the time it took to `ms`. */
const timedPhases = (ms: Map<string, string>, fake: FakeSlack, storage: Storage): SweepPhase[] => {
  let statements = 0;
  storage.db.on('query', () => statements++);
  return sweepPhases.map((phase) => ({
    ...phase,
    async run(deps, run) {
      const t0 = performance.now();
      const [dms0, statements0] = [fake.callsTo('chat.postMessage').length, statements];
      await phase.run(deps, run);
      const dms = fake.callsTo('chat.postMessage').length - dms0;
      const done = `${((performance.now() - t0) / 1000).toFixed(2)} s, ${statements - statements0} statements`;
      ms.set(phase.name, `${done}${dms ? `, ${dms} DMs` : ''}`);
    },
  }));
};

const mondayContext = (
  storage: Storage,
  options: DatabaseOptions,
  s: Seeded,
  load: LoadGenerator,
  bare: AppProcess,
): MondayContext => ({
  storage,
  options,
  s,
  load,
  bare,
  startLifering: (fake, database, admin) =>
    startApp({
      kind: 'lifering',
      signingSecret: SECRET,
      fakeUrl: fake.url,
      fakeToken: fake.token,
      adminIds: admin,
      database,
    }),
  signingSecret: SECRET,
  rounds: ROUNDS,
  roundSeconds: ROUND_SECONDS,
  concurrency: MONDAY_RATE ? 200 : CONCURRENCY,
  rate: MONDAY_RATE || undefined,
  bareMode: MONDAY_BARE,
  add: (what, figure, peakMb) => add('postgres', what, figure, peakMb),
});

/** `/mentor list` and `/mentor help` against the bare Bolt app, each app in its own process. */
async function commandRounds(
  engine: string,
  s: Seeded,
  options: DatabaseOptions,
  fake: FakeSlack,
  load: LoadGenerator,
  bare: AppProcess,
): Promise<void> {
  const appOptions = {
    kind: 'lifering',
    signingSecret: SECRET,
    fakeUrl: fake.url,
    fakeToken: fake.token,
    adminIds: s.admin,
    database: options,
  } as const;
  const app = await startApp(appOptions);
  // The same app with Node's default heap limit, to show what npm start's flag does to memory.
  const unflagged = await startApp({ ...appOptions, nodeFlags: [] });
  const command = (text: string): Command => ({ teamId: s.teamId, userId: s.busySupporter, text });
  const targets: Target[] = [
    { label: 'bare Bolt app, /mentor ack only', app: bare, command: command('list'), rounds: [] },
    { label: '/mentor list by a supporter of 60', app, command: command('list'), rounds: [] },
    { label: '/mentor help by a supporter of 60', app, command: command('help'), rounds: [] },
    { label: '/mentor list, Node default heap limit', app: unflagged, command: command('list'), rounds: [] },
  ];
  const startedMb = await app.peakMb();
  bare.resetPeak();
  await alternate(load, targets);
  const [bareT, listT, helpT, unflaggedT] = targets as [Target, Target, Target, Target];
  add(engine, `${bareT.label} (own process)`, describeRounds(bareT), await bare.peakMb());
  const appPeak = await app.peakMb();
  for (const t of [listT, helpT]) add(engine, t.label, describeRounds(t) + ratios(t, bareT), appPeak);
  add(
    engine,
    'Lifering process RSS under that load',
    `peak ${appPeak.toFixed(0)} MB (${startedMb.toFixed(0)} MB once started); node ${startFlags().join(' ')}, as npm start`,
    appPeak,
  );
  const unflaggedPeak = await unflagged.peakMb();
  add(
    engine,
    unflaggedT.label,
    `${describeRounds(unflaggedT)}${ratios(unflaggedT, bareT)}; peak RSS ${unflaggedPeak.toFixed(0)} MB`,
    unflaggedPeak,
  );
  await app.stop();
  await unflagged.stop();
}

async function main(): Promise<void> {
  if (process.env.BENCH_BUILD !== '0' && !HOME_ONLY && !SWEEP_ONLY) {
    process.stderr.write(
      'Building dist/ (npm run build), which the measured app runs from; BENCH_BUILD=0 skips this\n',
    );
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  }
  const load0 = loadavg()[0]!;
  process.stderr.write(
    `Lifering benchmarks${QUICK ? ' (quick)' : ''}${HOME_ONLY ? ', the admin Home only' : ''}: ${PEOPLE} people, ${MENTORSHIPS} mentorships, ` +
      `${ROUNDS} alternating rounds of ${ROUND_SECONDS} s at concurrency ${CONCURRENCY}; load average ${load0.toFixed(2)} on ${cpus().length} cores\n`,
  );
  const fake = await startFakeSlack();
  const load = new LoadGenerator();
  const bare =
    HOME_ONLY || SWEEP_ONLY
      ? undefined
      : await startApp({ kind: 'bare', signingSecret: SECRET, fakeUrl: fake.url, fakeToken: fake.token });
  try {
    if (MONDAY_ONLY && !process.env.DATABASE_URL)
      throw new Error(
        'BENCH_ONLY=monday runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/bench)',
      );
    if (!MONDAY_ONLY) await engineRun('sqlite', fake, load, bare);
    if (process.env.DATABASE_URL) await engineRun('postgres', fake, load, bare);
  } finally {
    await bare?.stop();
    await load.close();
    await fake.close();
  }

  const width = Math.max(...rows.map((r) => r.what.length));
  process.stdout.write(
    `\n| engine | measurement${' '.repeat(Math.max(0, width - 11))} | figure | peak RSS |\n|---|---|---|---|\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `| ${r.engine} | ${r.what.padEnd(width)} | ${r.figure} | ${r.peakMb === undefined ? '' : `${r.peakMb.toFixed(0)} MB`} |\n`,
    );
  process.stdout.write(
    `\nmachine: ${process.platform} ${process.arch}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `load average ${load0.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end` +
      `${loadavg()[0]! > cpus().length / 2 ? ' (the machine was busy with other work: compare the ratios, not the absolute figures)' : ''}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Benchmark failed: ${String((error as Error).message ?? error).slice(-400)} ${String((error as { original?: { cause?: unknown } }).original?.cause ?? (error as Error).cause ?? '').slice(0, 300)}\n`,
  );
  process.exit(1);
});

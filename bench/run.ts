/**
 * `npm run bench`: figures, not pass/fail. Seeds a workspace of 10,000 people and 100,000
 * mentorships (SQLite, and PostgreSQL too when DATABASE_URL is set), then measures Lifering
 * against a bare Bolt app in the same run. Every loop is bounded in count and time; all traffic
 * stays on loopback.
 */
import { randomBytes } from 'node:crypto';
import { App } from '@slack/bolt';
import { createLifering } from '../src/app.ts';
import { buildExportCsv, sendExport } from '../src/features/admin-report/export.ts';
import { publishHome } from '../src/features/home/publish.ts';
import { runReminderSweep } from '../src/features/reminders/sweep.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startFakeSlack, type FakeSlack } from '../src/sandbox/fake-slack.ts';
import { commandLoad, timed, type LoadResult } from './load.ts';
import { seedWorkspace, type Seeded } from './seed.ts';
import { openTestStorage } from '../test/support/storage.ts';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const MENTORSHIPS = Number(process.env.BENCH_MENTORSHIPS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECRET = 'bench-signing-secret';

export interface Row {
  engine: string;
  what: string;
  figure: string;
  peakMb: number;
}

const rows: Row[] = [];
const add = (engine: string, what: string, figure: string, peakMb: number) => {
  rows.push({ engine, what, figure, peakMb });
  process.stderr.write(`  ${engine.padEnd(10)} ${what.padEnd(48)} ${figure}\n`);
};

const commandBody = (teamId: string, userId: string, text: string) => (i: number) =>
  new URLSearchParams({
    token: 'x',
    team_id: teamId,
    team_domain: 'bench',
    channel_id: 'C0BENCH',
    channel_name: 'bench',
    user_id: userId,
    user_name: 'bench',
    command: '/mentor',
    text,
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: `${i}.${Date.now()}.${randomBytes(8).toString('hex')}`,
  }).toString();

const describeLoad = (r: LoadResult) =>
  `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.perSecond.toFixed(0)} req/s${r.errors ? `, ${r.errors} errors` : ''}`;

async function bareBolt(fake: FakeSlack): Promise<LoadResult> {
  const app = new App({ token: fake.token, signingSecret: SECRET, clientOptions: { slackApiUrl: fake.url }, logger: createLogger('error') });
  app.command('/mentor', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as import('node:http').Server;
  const port = (server.address() as { port: number }).port;
  const { result, peakMb } = await timed(() =>
    commandLoad({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET, body: commandBody('TBENCH0001', 'UBARE', 'list'), total: REQUESTS, concurrency: CONCURRENCY }),
  );
  add('-', 'bare Bolt app, /mentor ack only', describeLoad(result), peakMb);
  await app.stop();
  return result;
}

async function lifering(engine: 'sqlite' | 'postgres', fake: FakeSlack, bare: LoadResult): Promise<void> {
  const { storage, cleanup } = await openTestStorage(engine === 'postgres' ? process.env.DATABASE_URL : undefined);
  // A Wednesday afternoon in London: working hours for the London and New York supporters, night
  // for those in Tokyo and Auckland, as a real hourly sweep would find it.
  const now = new Date('2026-11-25T14:00:00.000Z');
  const seed = await timed(() => seedWorkspace(storage, { people: PEOPLE, mentorships: MENTORSHIPS, busyLoad: 60, now }));
  add(engine, `seed ${PEOPLE} people, ${MENTORSHIPS} mentorships`, `${(seed.ms / 1000).toFixed(1)} s`, seed.peakMb);
  const s: Seeded = seed.result;
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    ADMIN_USER_IDS: s.admin,
    REMINDER_CRON: 'off',
    LOG_LEVEL: 'error',
  });
  const app = await createLifering({ config, storage, logger: createLogger('error'), clientOptions: { retryConfig: { retries: 0 } } });
  const { port } = await app.start(0);
  const url = `http://127.0.0.1:${port}/slack/events`;

  for (const text of ['list', 'help']) {
    const load = await timed(() =>
      commandLoad({ url, signingSecret: SECRET, body: commandBody(s.teamId, s.busySupporter, text), total: REQUESTS, concurrency: CONCURRENCY }),
    );
    add(engine, `/mentor ${text} by a supporter of 60, acks`, `${describeLoad(load.result)}; ${(load.result.p50 / bare.p50).toFixed(1)}x bare p50`, load.peakMb);
  }
  const { deps } = app;
  const client = app.app.client;
  for (const id of [s.admin, s.busySupporter]) fake.addUser({ id });
  const home = async (userId: string, label: string) => {
    const runs: number[] = [];
    let peak = 0;
    for (let i = 0; i < 10; i++) {
      const r = await timed(() => publishHome(deps, client, s.teamId, userId, 1));
      runs.push(r.ms);
      peak = Math.max(peak, r.peakMb);
    }
    add(engine, label, `median ${median(runs).toFixed(0)} ms over 10`, peak);
  };
  await home(s.busySupporter, 'App Home build + publish, supporter of 60');
  await home(s.admin, `App Home build + publish, admin of ${MENTORSHIPS}`);
  const report = await timed(() =>
    deps.storage.overview.report(s.teamId, { now, intervalDays: 30, maxMenteesPerSupporter: 5, limit: 25 }),
  );
  add(engine, `mentorships report queries, ${MENTORSHIPS} mentorships`, `${report.ms.toFixed(0)} ms`, report.peakMb);
  const csv = await timed(() => buildExportCsv(deps, s.teamId, now));
  add(engine, `CSV export build, ${csv.result.rows} rows`, `${csv.ms.toFixed(0)} ms, ${(csv.result.csv.length / 1e6).toFixed(1)} MB`, csv.peakMb);
  const upload = await timed(() => sendExport(deps, client, s.teamId, s.admin));
  add(engine, 'CSV export build + upload to the fake Slack', `${upload.ms.toFixed(0)} ms`, upload.peakMb);

  for (const id of s.supporters) fake.addUser({ id });
  const sweepOptions = { now, storage, clientFor: () => client, config, logger: createLogger('error') };
  const dry = await timed(() => runReminderSweep({ ...sweepOptions, dryRun: true }));
  add(engine, `reminder sweep, dry run, ${MENTORSHIPS} mentorships`, `${(dry.ms / 1000).toFixed(1)} s: ${dry.result.scanned} checked, ${dry.result.planned.length} DMs planned`, dry.peakMb);
  fake.clearCalls();
  const real = await timed(() => runReminderSweep(sweepOptions));
  add(engine, 'reminder sweep, sending to the fake Slack', `${(real.ms / 1000).toFixed(1)} s: ${real.result.sent} reminders in ${fake.callsTo('chat.postMessage').length} DMs`, real.peakMb);
  const again = await timed(() => runReminderSweep(sweepOptions));
  add(engine, 'reminder sweep, the same hour again (nothing owed)', `${(again.ms / 1000).toFixed(1)} s: ${again.result.sent} sent`, again.peakMb);
  fake.clearCalls();

  await app.stop();
  await cleanup();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  process.stderr.write(`Lifering benchmarks: ${PEOPLE} people, ${MENTORSHIPS} mentorships, ${REQUESTS} requests at concurrency ${CONCURRENCY}\n`);
  const fake = await startFakeSlack();
  const bare = await bareBolt(fake);
  await lifering('sqlite', fake, bare);
  if (process.env.DATABASE_URL) await lifering('postgres', fake, bare);
  await fake.close();

  const width = Math.max(...rows.map((r) => r.what.length));
  process.stdout.write(`\n| engine | measurement${' '.repeat(Math.max(0, width - 11))} | figure | peak RSS |\n|---|---|---|---|\n`);
  for (const r of rows) process.stdout.write(`| ${r.engine} | ${r.what.padEnd(width)} | ${r.figure} | ${r.peakMb.toFixed(0)} MB |\n`);
  process.stdout.write(`\nmachine: ${process.platform} ${process.arch}, ${(await import('node:os')).cpus().length} cores, Node ${process.version}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${String((error as Error).message ?? error).slice(0, 500)} ${String((error as { original?: { cause?: unknown } }).original?.cause ?? (error as Error).cause ?? "").slice(0, 300)}\n`);
  process.exit(1);
});

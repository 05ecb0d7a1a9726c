import type { Logger } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createLifering, type Lifering } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { openStorage, type Storage } from '../../src/storage/index.ts';
import { SWEEP_LEASE } from '../../src/sweep/lease.ts';
import { createDriver, type Driver, type DriverResponse } from '../harness/driver.ts';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.ts';
import { SIGNING_SECRET } from '../support/app.ts';
import { seedMentorships } from '../support/seed.ts';
import { openTestStorage, type TestStorage, testDatabaseUrl, testEngine } from '../support/storage.ts';

const ADMIN = 'UADMIN01';
// Monday 9 March 2026, 10:00 in London: reports of mentorships accepted on 2 February are overdue.
const NOW = new Date('2026-03-09T10:00:00Z');
const ACCEPTED = '2026-02-02T10:00:00.000Z';
const OFFERED = '2026-03-09T09:00:00.000Z';
const id = (prefix: string, i: number) => `U${prefix}${String(i).padStart(4, '0')}`;
/** Supporters the sweep reminds, one DM each. */
const SWEPT = Array.from({ length: 100 }, (_, i) => id('SW', i));
/** People who ask for a mentor, one `/mentor request` each. */
const REQUESTERS = Array.from({ length: 1000 }, (_, i) => id('RQ', i));
/** Supporters who click Accept on an offer, and the mentees who then hear of it. */
const OFFERS = Array.from({ length: 500 }, (_, i) => ({ supporter: id('OS', i), mentee: id('OM', i) }));

interface Instance {
  name: string;
  lifering: Lifering;
  driver: Driver;
  logs: string[];
  stop(): Promise<{ finished: boolean }>;
}

function capturingLogger(logs: string[], name: string): Logger {
  const at =
    (level: string) =>
    (...msg: unknown[]) => {
      logs.push(`${level} ${name} ${msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ')}`);
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

let fake: FakeSlack | undefined;
let db: TestStorage | undefined;
const running: Instance[] = [];
afterEach(async () => {
  for (const i of running.splice(0)) await i.stop().catch(() => undefined);
  await fake?.close();
  await db?.cleanup();
});

/**
 * One instance as its own process would run it: on PostgreSQL with its own pool and listening
 * connection; on SQLite on the shared storage (one process per SQLite file). `sweeps`: its
 * schedule runs the sweep every three seconds.
 */
async function startInstance(name: string, sweeps: boolean, logs: string[]): Promise<Instance> {
  const own: Storage | undefined = testDatabaseUrl ? await openStorage(db!.options) : undefined;
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake!.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake!.url,
    ADMIN_USER_IDS: ADMIN,
    SILENT_AFTER_WEEKS: '0',
    REMINDER_CRON: sweeps ? '*/3 * * * * *' : 'off',
    // Above the 10 s default: on a shared two-core CI machine an instance's follow-ups (about 40
    // queued at a stop) took up to 10 s to drain. The bound is what is tested, not its size.
    SHUTDOWN_GRACE_SECONDS: '30',
  });
  const lifering = await createLifering({
    config,
    storage: own ?? db!.storage,
    logger: capturingLogger(logs, name),
    now: () => NOW,
    clientOptions: { retryConfig: { retries: 0 } },
  });
  const { port } = await lifering.start(0);
  const driver = createDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, fake });
  const instance: Instance = {
    name,
    lifering,
    driver,
    logs,
    // What main.ts does on SIGTERM: the app's stop path, then the pool.
    async stop() {
      running.splice(running.indexOf(instance), 1);
      const result = await lifering.stop();
      await own?.close();
      return result;
    },
  };
  running.push(instance);
  return instance;
}

type Job = { kind: 'request'; user: string } | { kind: 'accept'; supporter: string; mentee: string; id: number };

/**
 * A load balancer in front of the instances: round robin over those it believes up; an instance
 * that answers 503 or cannot be reached is taken out and the request goes to the next.
 */
class Balancer {
  readonly up: Instance[] = [];
  refused = 0;
  private turn = 0;
  async send(job: Job): Promise<string> {
    for (let tries = 0; tries < 20; tries++) {
      const target = this.up[this.turn++ % this.up.length];
      if (!target) throw new Error('no instance up');
      const answer = await deliver(target.driver, job).catch(unreachable);
      if (answer?.status === 200) return target.name;
      if (answer && answer.status !== 503) throw new Error(`${target.name} answered ${answer.status}`);
      this.refused++;
      this.up.splice(this.up.indexOf(target), 1);
    }
    throw new Error('no instance took the request');
  }
}

/** The connection was refused or closed before an answer came: as a balancer sees a stopped instance. */
function unreachable(error: unknown): undefined {
  const code = (error as { code?: string }).code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code)) return undefined;
  throw error;
}

const deliver = (driver: Driver, job: Job): Promise<DriverResponse> =>
  job.kind === 'request'
    ? driver.command(job.user, 'request I would like a mentor')
    : driver.blockAction(
        job.supporter,
        { action_id: ACTIONS.acceptAssignment, value: String(job.id) },
        // The offer DM was seeded, not sent: the click names where it would have been.
        { channelId: fake!.dmChannel(job.supporter), messageTs: '1773046800.000100' },
      );

/** A steady stream from a few senders at once until `stop()`; `acked` lists each job Slack would have seen acknowledged. */
function steadyStream(balancer: Balancer, jobs: Job[]) {
  const acked: { job: Job; via: string }[] = [];
  let flowing = true;
  const sender = async () => {
    for (let job = jobs.shift(); job && flowing; job = jobs.shift()) {
      acked.push({ job, via: await balancer.send(job) });
      // Paced below what one instance follows up on this shared CI machine: a backlog growing
      // without bound would make any grace period too short.
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const senders = Promise.all([sender(), sender()]);
  return {
    acked,
    async stop() {
      flowing = false;
      await senders;
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function seed(storage: Storage): Promise<Job[]> {
  await seedMentorships(
    storage.db,
    fake!.teamId,
    SWEPT.map((s, i) => ({
      supporter_id: s,
      mentee_id: id('SM', i),
      status: 'active',
      created_at: ACCEPTED,
      feedback_from: ACCEPTED,
    })),
  );
  await seedMentorships(
    storage.db,
    fake!.teamId,
    OFFERS.map((o) => ({ supporter_id: o.supporter, mentee_id: o.mentee, status: 'pending', created_at: OFFERED })),
  );
  const offered = (await storage.db('mentorships').where({ status: 'pending' }).select('id', 'supporter_id')) as {
    id: number;
    supporter_id: string;
  }[];
  const offerId = new Map(offered.map((o) => [o.supporter_id, o.id]));
  return REQUESTERS.flatMap((user, i): Job[] => {
    const o = OFFERS[i];
    return o
      ? [
          { kind: 'request', user },
          { kind: 'accept', supporter: o.supporter, mentee: o.mentee, id: offerId.get(o.supporter)! },
        ]
      : [{ kind: 'request', user }];
  });
}

const adminDmsMentioning = (user: string) =>
  fake!.dmsTo(ADMIN).filter((c) => JSON.stringify(c.args).includes(`<@${user}>`)).length;
/** The DM an acknowledged request's follow-up sends: to the admin for a request, to the mentee for an Accept. */
const followedUp = (job: Job) =>
  job.kind === 'request' ? adminDmsMentioning(job.user) === 1 : fake!.dmsTo(job.mentee).length === 1;
/** Jobs the instance acknowledged whose follow-up has not happened (yet). */
const unfinished = (acked: { job: Job; via: string }[], via: string) =>
  acked.filter((x) => x.via === via && !followedUp(x.job)).map((x) => x.job);

const sweepDmsSent = () => SWEPT.filter((s) => fake!.dmsTo(s).length > 0).length;
const leaseRow = () => db!.storage.db('job_leases').where({ name: SWEEP_LEASE }).first();

describe(`a rolling restart of two instances under load (${testEngine})`, () => {
  it('loses no acknowledged work, sends nothing twice, and hands the sweep lease over at once', async () => {
    const users = [ADMIN, ...SWEPT, ...REQUESTERS, ...OFFERS.flatMap((o) => [o.supporter, o.mentee])];
    fake = await startFakeSlack({ users: users.map((u) => ({ id: u, name: u.toLowerCase() })) });
    db = await openTestStorage();
    const jobs = await seed(db.storage);
    const logs: string[] = [];
    const a = await startInstance('A', true, logs);
    const b = await startInstance('B', false, logs);
    const balancer = new Balancer();
    balancer.up.push(a, b);
    const stream = steadyStream(balancer, jobs);

    // A's schedule is sending reminders, so it holds the lease, while requests flow to both.
    await until(() => sweepDmsSent() > 0 && stream.acked.length >= 20, "A's sweep under way").catch((e: Error) => {
      throw new Error(
        `${e.message}: ${stream.acked.length} acked, ${sweepDmsSent()} reminders sent; ${logs
          .filter((l) => !l.includes('assignment DM'))
          .slice(0, 20)
          .join(' | ')}`,
      );
    });
    expect(await leaseRow()).toBeDefined();
    const stoppedA = await a.stop();
    expect(stoppedA.finished).toBe(true);
    // Once its stop has returned, everything A acknowledged has been followed up.
    expect(unfinished(stream.acked, 'A')).toEqual([]);
    // Released, not left to expire: nobody else sweeps yet, so the row is simply gone.
    expect(await leaseRow()).toBeUndefined();
    expect(logs.some((l) => l.startsWith('info A reminder sweep stopped early'))).toBe(true);
    expect(sweepDmsSent()).toBeLessThan(SWEPT.length);

    const a2 = await startInstance("A'", true, logs);
    balancer.up.push(a2);
    const ackedBefore = stream.acked.length;
    await until(() => stream.acked.filter((x) => x.via === "A'").length >= 10, "requests served by A'");
    await until(async () => (await leaseRow())?.holder !== undefined || sweepDmsSent() === SWEPT.length, "A' sweeping");
    const stoppedB = await b.stop();
    expect(stoppedB.finished).toBe(true);
    expect(unfinished(stream.acked, 'B')).toEqual([]);
    await until(() => stream.acked.length >= ackedBefore + 30, 'requests served after B stopped');
    await stream.stop();
    await until(() => sweepDmsSent() === SWEPT.length, 'every reminder sent');
    await a2.lifering.idle();

    // Every acknowledged request's work is done, once.
    const requests = stream.acked.filter((x) => x.job.kind === 'request').map((x) => x.job as Job & { user: string });
    const accepts = stream.acked.filter((x) => x.job.kind === 'accept').map((x) => x.job as Job & { mentee: string });
    expect(new Set(stream.acked.map((x) => x.via))).toEqual(new Set(['A', 'B', "A'"]));
    const recorded = new Set((await db.storage.db('supporter_requests').pluck('requester_id')) as string[]);
    expect(requests.filter((r) => !recorded.has(r.user))).toEqual([]);
    expect(requests.filter((r) => adminDmsMentioning(r.user) !== 1).map((r) => r.user)).toEqual([]);
    const active = new Set(
      (await db.storage.db('mentorships').where({ status: 'active' }).pluck('mentee_id')) as string[],
    );
    expect(accepts.filter((x) => !active.has(x.mentee))).toEqual([]);
    expect(accepts.filter((x) => fake!.dmsTo(x.mentee).length !== 1)).toEqual([]);
    // The sweep: every supporter reminded exactly once, across A and A'.
    expect(SWEPT.filter((s) => fake!.dmsTo(s).length !== 1)).toEqual([]);
    expect(logs.filter((l) => l.startsWith('error'))).toEqual([]);
    if (process.env.LIFERING_TEST_LOGS)
      process.stderr.write(
        `acked ${stream.acked.length} (${['A', 'B', "A'"].map((n) => `${n}: ${stream.acked.filter((x) => x.via === n).length}`).join(', ')}), refused ${balancer.refused}\n`,
      );
  }, 400_000);
});

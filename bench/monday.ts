/**
 * The Monday-morning load (`BENCH_ONLY=monday`, and part of the full run on PostgreSQL): two
 * Lifering processes on one database share the mix of bench/monday-requests.mjs round-robin, and
 * the bare Bolt app acks the same request shapes (in alternating rounds unless BENCH_MONDAY_BARE
 * says otherwise). Per kind: the acks' p50 and p99 against the bare app's (the ratio taken within
 * each round, then the median; and over all rounds' acks pooled), the modal
 * round trip (from sending the request to its views.open reaching the fake Slack), errors (non-2xx
 * acks, Web API calls the fake refused); per instance: CPU per request and peak RSS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type FakeSlack, startFakeSlack } from '../src/sandbox/fake-slack.ts';
import type { DatabaseOptions } from '../src/storage/db.ts';
import type { Storage } from '../src/storage/index.ts';
import { type KindResult, LoadGenerator, type MixResult, type MondayPlan, median } from './load.ts';
import type { Seeded } from './seed.ts';

export interface MondayApp {
  url: string;
  peakMb(): Promise<number>;
  cpuMicros(): Promise<number>;
  resetPeak(): void;
  stop(): Promise<void>;
}

export interface MondayContext {
  storage: Storage;
  options: DatabaseOptions;
  s: Seeded;
  load: LoadGenerator;
  bare: MondayApp;
  startLifering(fake: FakeSlack, database: DatabaseOptions, admin: string): Promise<MondayApp>;
  signingSecret: string;
  rounds: number;
  roundSeconds: number;
  concurrency: number;
  /** Requests a second the mix arrives at (an open loop), or undefined for `concurrency` at a time. */
  rate: number | undefined;
  /**
   * When the bare app is measured (BENCH_MONDAY_BARE): `turn`, in rounds of its own between
   * Lifering's; `together`, at the same time as Lifering's rounds; `both`, in rounds of its own and
   * again under a third round of Lifering's load, so one run shows what the machine's load alone
   * does to an app that only acks.
   */
  bareMode: BareMode;
  add(what: string, figure: string, peakMb?: number): void;
}

export type BareMode = 'turn' | 'together' | 'both';

/** BENCH_MONDAY_BARE as a mode; anything else is refused, not read as the default. */
export function bareModeOf(value: string | undefined): BareMode {
  if (value === undefined || value === '' || value === 'turn') return 'turn';
  if (value === 'together' || value === 'both') return value;
  throw new Error(`BENCH_MONDAY_BARE is "turn" (the default), "together" or "both", not "${value}"`);
}

interface Round {
  bare: MixResult;
  /** `both` only: the bare app's figures while Lifering takes the same mix at the same moments. */
  bareLoaded?: MixResult;
  lifering: MixResult;
  /** Modal round trips of the Lifering round, per kind (ms). */
  modal: Map<string, number[]>;
  /** Web API calls the fake refused in the Lifering round, by method and error. */
  refused: Map<string, number>;
  /** Requests of a modal kind whose modal never reached the fake Slack (Lifering gave up on an expired trigger id). */
  unopened: Map<string, number>;
  cpuPerRequest: number[];
  /** PostgreSQL's CPU over the Lifering round per request answered (µs), where /proc tells it. */
  pgPerRequest: number | undefined;
}

/** A fake Slack whose clock can be moved on while trigger ids are issued, so they stay valid for the round. */
async function mondayFake(
  s: Seeded,
): Promise<{ fake: FakeSlack; triggers(n: number): string[]; responseUrls(n: number): string[] }> {
  let skew = 0;
  const fake = await startFakeSlack({ now: () => Date.now() + skew });
  for (const id of [...s.supporters, ...s.mentees]) fake.addUser({ id });
  return {
    fake,
    triggers(n) {
      // Issued an hour ahead, a trigger id passes the fake's 3 s expiry for the whole round.
      skew = 3_600_000;
      const out = Array.from({ length: n }, () => fake.issueTriggerId());
      skew = 0;
      return out;
    },
    responseUrls: (n) => Array.from({ length: n }, () => fake.responseUrl()),
  };
}

/**
 * CPU time of every PostgreSQL process on this machine so far (µs), from /proc; undefined where
 * there is none (another OS, or a database elsewhere). The database shares the machine's cores
 * with the apps, so what a request costs it counts as much as what it costs Lifering.
 */
function postgresCpuMicros(): number | undefined {
  let ticks = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name.
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  // Linux counts in clock ticks of 10 ms (USER_HZ is 100 on every architecture Node runs on).
  return found ? ticks * 10_000 : undefined;
}

/** Who the mix acts on, read from the seeded database. */
async function planOf(storage: Storage, s: Seeded): Promise<MondayPlan> {
  const db = storage.db;
  const active = await db('mentorships')
    .where({ team_id: s.teamId, status: 'active' })
    .orderBy('id')
    .limit(20_000)
    .select('id', 'supporter_id', 'mentee_id');
  const pending = await db('mentorships')
    .where({ team_id: s.teamId, status: 'pending' })
    .orderBy('id')
    .select('id', 'supporter_id');
  const topics = (await db('topics').where({ team_id: s.teamId }).pluck('id')) as number[];
  return {
    teamId: s.teamId,
    admin: s.admin,
    people: [...s.supporters, ...s.mentees],
    mentees: s.mentees,
    active: active.map((r) => [Number(r.id), r.supporter_id as string, r.mentee_id as string]),
    pending: pending.map((r) => [Number(r.id), r.supporter_id as string]),
    nextPending: 0,
    topics: topics.map(Number),
    metOn: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
    triggers: [],
    responseUrls: [],
  };
}

/** Waits (bounded) until the fake Slack has had no call for 300 ms: the work after the acks is done. */
async function quiet(fake: FakeSlack): Promise<void> {
  const until = Date.now() + 10_000;
  let seen = -1;
  while (Date.now() < until && seen !== fake.calls.length) {
    seen = fake.calls.length;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The Lifering round's modal round trips (by kind) and the Web API calls the fake refused (by method and error). */
function slackSide(fake: FakeSlack, result: MixResult): Pick<Round, 'modal' | 'refused' | 'unopened'> {
  const opened = new Map<string, number>();
  for (const c of fake.callsTo('views.open')) if (c.response.ok) opened.set(String(c.args.trigger_id), c.at);
  const modal = new Map<string, number[]>();
  const unopened = new Map<string, number>();
  for (const m of result.modalSends) {
    const at = opened.get(m.trigger);
    if (at !== undefined) modal.set(m.kind, [...(modal.get(m.kind) ?? []), at - m.at]);
    else unopened.set(m.kind, (unopened.get(m.kind) ?? 0) + 1);
  }
  const refused = new Map<string, number>();
  for (const c of fake.calls)
    if (c.status >= 400 || c.response.ok === false) {
      const key = `${c.method} ${String(c.response.error ?? c.status)}`;
      refused.set(key, (refused.get(key) ?? 0) + 1);
    }
  return { modal, refused, unopened };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
};

/** Runs the Monday rounds and adds their rows; prints the per-kind table. */
export async function mondayRounds(c: MondayContext): Promise<void> {
  const { fake, triggers, responseUrls } = await mondayFake(c.s);
  const plan = await planOf(c.storage, c.s);
  const instances = [
    await c.startLifering(fake, c.options, c.s.admin),
    await c.startLifering(fake, c.options, c.s.admin),
  ];
  const startedMb = await Promise.all(instances.map((i) => i.peakMb()));
  const mix = (urls: string[], seconds: number) =>
    c.load.mix({ urls, signingSecret: c.signingSecret, plan, concurrency: c.concurrency, seconds, rate: c.rate });
  const liferingRound = async (seconds: number) => {
    fake.reset();
    // More trigger ids than the round can use: about 3,000 requests a second, a fifth of them modals.
    plan.triggers = triggers(Math.ceil(600 * seconds));
    plan.responseUrls = responseUrls(Math.ceil(1000 * seconds));
    const cpu0 = await Promise.all(instances.map((i) => i.cpuMicros()));
    const pg0 = postgresCpuMicros();
    const result = await mix(
      instances.map((i) => i.url),
      seconds,
    );
    plan.nextPending = result.nextPending;
    await quiet(fake);
    const cpu1 = await Promise.all(instances.map((i) => i.cpuMicros()));
    const pg1 = postgresCpuMicros();
    const cpuPerRequest = instances.map((_, k) => (cpu1[k]! - cpu0[k]!) / Math.max(1, result.answered[k]!));
    const answered = result.answered.reduce((a, b) => a + b, 0);
    const pgPerRequest = pg0 === undefined || pg1 === undefined ? undefined : (pg1 - pg0) / Math.max(1, answered);
    return { lifering: result, ...slackSide(fake, result), cpuPerRequest, pgPerRequest };
  };
  const bareRound = (seconds: number) => mix([c.bare.url], seconds);
  // Warm both (one unmeasured round each), then alternate, the order turning each round.
  await bareRound(Math.max(2, c.roundSeconds));
  await liferingRound(Math.max(2, c.roundSeconds));
  for (const i of [...instances, c.bare]) i.resetPeak();
  const bareCpu0 = await c.bare.cpuMicros();
  const rounds = await playRounds(c, plan, bareRound, liferingRound);
  const bareCpu = (await c.bare.cpuMicros()) - bareCpu0;
  await report(c, rounds, instances, startedMb, bareCpu);
  for (const i of instances) await i.stop();
  await fake.close();
}

type LiferingRound = Omit<Round, 'bare' | 'bareLoaded'>;

/**
 * The measured rounds, as `c.bareMode` orders them: in turn (the order turning each round),
 * together, or both (the bare app alone, Lifering alone, then the bare app under Lifering's load).
 */
async function playRounds(
  c: MondayContext,
  plan: MondayPlan,
  bareRound: (seconds: number) => Promise<MixResult>,
  liferingRound: (seconds: number) => Promise<LiferingRound>,
): Promise<Round[]> {
  const seconds = c.roundSeconds;
  // The bare app's load under Lifering's comes from a load worker of its own, at the same moments,
  // so it shares the machine with Lifering's work (PostgreSQL, the fake Slack, the work after acks).
  const beside = c.bareMode === 'turn' ? undefined : new LoadGenerator();
  const underLoad = async (load: LoadGenerator) => {
    const opts = { urls: [c.bare.url], signingSecret: c.signingSecret, plan, concurrency: c.concurrency };
    const bare = load.mix({ ...opts, seconds, rate: c.rate });
    const lifering = await liferingRound(seconds);
    return { bare: await bare, ...lifering };
  };
  const rounds: Round[] = [];
  for (let r = 0; r < c.rounds; r++) {
    if (beside && c.bareMode === 'together') rounds.push(await underLoad(beside));
    else if (beside) {
      // Lifering's own figures come from a round without the bare app's load beside it.
      const bare = await bareRound(seconds);
      const lifering = await liferingRound(seconds);
      rounds.push({ bare, bareLoaded: (await underLoad(beside)).bare, ...lifering });
    } else if (r % 2 === 0) {
      const bare = await bareRound(seconds);
      rounds.push({ bare, ...(await liferingRound(seconds)) });
    } else {
      const lifering = await liferingRound(seconds);
      rounds.push({ bare: await bareRound(seconds), ...lifering });
    }
  }
  await beside?.close();
  return rounds;
}

const of = (r: MixResult, kind: string): KindResult => r.kinds.find((k) => k.kind === kind)!;

const fig = (ks: KindResult[]) =>
  `${median(ks.map((k) => k.p50)).toFixed(1)} / ${median(ks.map((k) => k.p99)).toFixed(1)}`;
/** The median over rounds of one p99 over another, each pair taken within its round. */
const p99Ratio = (
  rounds: Round[],
  kind: string,
  over: (r: Round) => MixResult | undefined,
  under: (r: Round) => MixResult,
) => median(rounds.map((r) => of(over(r)!, kind).p99 / Math.max(0.001, of(under(r), kind).p99)));

/**
 * The p99 of every round's acks together, over the bare app's likewise: steadier than a round's
 * own p99 for a kind with few requests in a round, where that is the round's slowest.
 */
function pooledRatio(rounds: Round[], kind: string, over: (r: Round) => MixResult, under: (r: Round) => MixResult) {
  const p99Of = (pick: (r: Round) => MixResult) =>
    pct(
      rounds.flatMap((r) => of(pick(r), kind).ms),
      99,
    );
  const [a, b] = [p99Of(over), p99Of(under)];
  return `${a.toFixed(1)} vs ${b.toFixed(1)}, ${(a / Math.max(0.001, b)).toFixed(2)}x`;
}

/** One kind's figures: its table line and its row of the results. */
function kindFigures(rounds: Round[], kind: string): { line: string; figure: string } {
  const l = rounds.map((r) => of(r.lifering, kind));
  const ratio = p99Ratio(
    rounds,
    kind,
    (r) => r.lifering,
    (r) => r.bare,
  );
  const modal = rounds.flatMap((r) => r.modal.get(kind) ?? []);
  const errors = l.reduce((n, k) => n + k.errors, 0);
  const unopened = rounds.reduce((n, r) => n + (r.unopened.get(kind) ?? 0), 0);
  const modalFig = modal.length
    ? `${pct(modal, 50).toFixed(1)} / ${pct(modal, 99).toFixed(1)}${unopened ? ` (${unopened} never opened)` : ''}`
    : '';
  const n = l.reduce((sum, k) => sum + k.requests, 0);
  const bare = fig(rounds.map((r) => of(r.bare, kind)));
  const pooled = pooledRatio(
    rounds,
    kind,
    (r) => r.lifering,
    (r) => r.bare,
  );
  // `both`: the bare app under Lifering's load, and how far that load alone moves its p99.
  const loaded = rounds[0]?.bareLoaded
    ? {
        fig: fig(rounds.map((r) => of(r.bareLoaded!, kind))),
        ratio: p99Ratio(
          rounds,
          kind,
          (r) => r.bareLoaded,
          (r) => r.bare,
        ),
      }
    : undefined;
  return {
    line: `| ${kind} | ${n} | ${fig(l)} | ${bare} | ${ratio.toFixed(2)}x | ${pooled} |${loaded ? ` ${loaded.fig} | ${loaded.ratio.toFixed(2)}x |` : ''} ${modalFig} | ${errors} |`,
    figure:
      `ack p50/p99 ${fig(l)} ms, bare ${bare} ms, p99 ${ratio.toFixed(2)}x bare (pooled over rounds: ${pooled})` +
      (loaded ? `; bare under this load ${loaded.fig} ms, its p99 ${loaded.ratio.toFixed(2)}x its own alone` : '') +
      `${modalFig ? `; modal round trip p50/p99 ${modalFig} ms` : ''}; ${n} requests, ${errors} errors`,
  };
}

/** The Monday rows: per kind, then per instance. */
async function report(
  c: MondayContext,
  rounds: Round[],
  instances: MondayApp[],
  startedMb: number[],
  /** The bare app's CPU over all its measured rounds (µs). */
  bareCpu: number,
) {
  const kinds = rounds[0]!.lifering.kinds.map((k) => k.kind);
  const lines: string[] = [];
  for (const kind of kinds) {
    const { line, figure } = kindFigures(rounds, kind);
    lines.push(line);
    c.add(`Monday: ${kind}`, figure);
  }
  const refused = new Map<string, number>();
  for (const r of rounds) for (const [k, n] of r.refused) refused.set(k, (refused.get(k) ?? 0) + n);
  c.add(
    'Monday: Web API calls the fake Slack refused',
    refused.size ? [...refused].map(([k, n]) => `${k}: ${n}`).join(', ') : 'none',
  );
  for (const [k, i] of instances.entries()) {
    const peak = await i.peakMb();
    const cpu = median(rounds.map((r) => r.cpuPerRequest[k]!));
    c.add(
      `Monday: Lifering instance ${k + 1}`,
      `${cpu.toFixed(0)} µs CPU/request, peak RSS ${peak.toFixed(0)} MB (${startedMb[k]!.toFixed(0)} MB once started)`,
      peak,
    );
  }
  const pg = rounds.map((r) => r.pgPerRequest).filter((x): x is number => x !== undefined);
  if (pg.length) c.add('Monday: PostgreSQL (every process on this machine)', `${median(pg).toFixed(0)} µs CPU/request`);
  const throughput = (r: MixResult) => r.kinds.reduce((n, k) => n + k.requests, 0);
  const bareAnswered = rounds.reduce(
    (n, r) => n + throughput(r.bare) + (r.bareLoaded ? throughput(r.bareLoaded) : 0),
    0,
  );
  // What the bare app adds to a round it shares with Lifering: a small part of what Lifering takes.
  c.add('Monday: the bare app', `${(bareCpu / Math.max(1, bareAnswered)).toFixed(0)} µs CPU/request`);
  c.add(
    'Monday: requests per round, Lifering pair vs bare',
    `${median(rounds.map((r) => throughput(r.lifering))).toFixed(0)} vs ${median(rounds.map((r) => throughput(r.bare))).toFixed(0)} (${c.roundSeconds} s rounds, ${c.rate ? `${c.rate} a second, at most ${c.concurrency} in flight; held back for that cap: ${rounds.reduce((n, r) => n + r.lifering.held, 0)} vs ${rounds.reduce((n, r) => n + r.bare.held, 0)}` : `${c.concurrency} in flight`})`,
    await c.bare.peakMb(),
  );
  const when = { turn: 'in turn', together: 'at the same time', both: 'in turn and again under the load' }[c.bareMode];
  const loadedHead = c.bareMode === 'both' ? ' bare under the load p50 / p99 | its p99 vs alone |' : '';
  process.stdout.write(
    `\nMonday morning, ${c.rounds} rounds of ${c.roundSeconds} s${c.rate ? ` at ${c.rate} requests a second` : ''}, the bare app's ${when} (ms; ratio = Lifering p99 / bare p99, median over rounds)\n\n` +
      `| kind | requests | Lifering ack p50 / p99 | bare ack p50 / p99 | p99 vs bare | p99 pooled over rounds |${loadedHead} modal round trip p50 / p99 | errors |\n` +
      `|${'---|'.repeat(c.bareMode === 'both' ? 10 : 8)}\n` +
      `${lines.join('\n')}\n`,
  );
}

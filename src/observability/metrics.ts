import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Outcome, RequestSummary } from './context.ts';
import { type RequestLabels, requestLabels } from './metric-labels.ts';
import type { SlackCallRecorder } from './slack-calls.ts';

/** Seconds. Slack waits 3 s for an ack: the buckets are finest around it, and an alert fires at 2 s. */
export const ACK_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5];
const SLACK_CALL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RETRY_AFTER_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300];
const NONE_KNOWN: ReadonlyMap<string, string> = new Map();
const SWEEP_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800];

/** The database pool at this moment (knex's tarn pool). */
export interface PoolUse {
  used: number;
  free: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

/** A cache that counts its own hits and misses (src/storage/versions.ts VersionedCache). */
export interface CountedCache {
  readonly name: string;
  readonly hits: number;
  readonly misses: number;
}

/** What a sweep run tells the metrics (src/sweep/run.ts). */
export interface SweepObserver {
  /** This instance took the sweep's lease and is running it. */
  leaseTaken(): void;
  finished(result: {
    ran: boolean;
    ms: number;
    sent: number;
    retryLater: number;
    unreachable: number;
    heldBack: number;
  }): void;
  failed(ms: number): void;
}

/** What is read at scrape time rather than counted as it happens. */
interface Sources {
  /** Registered listeners by the key the log lines use, to their label (src/observability/metric-labels.ts). */
  known?: ReadonlyMap<string, string>;
  pool?: () => PoolUse | undefined;
  caches?: () => Iterable<CountedCache>;
}

/**
 * One app instance's Prometheus metrics, in a registry of its own (tests run several instances in
 * one process). Labels come only from our own tables: listener ids we registered, Web API
 * methods we call, Slack's error codes, cache names; never from what a person typed.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly sources: Sources = {};
  private readonly requests: Counter<'kind' | 'listener' | 'outcome'>;
  private readonly acks: Histogram<'kind' | 'listener'>;
  /** Each label set's series, looked up by one key instead of prom-client hashing the labels each time. */
  private readonly series = new Map<string, { counted: { inc(): void }; acked: { observe(v: number): void } }>();
  readonly slackCalls: SlackCallRecorder;
  readonly sweep: SweepObserver;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'lifering_requests_total',
      help: 'Deliveries from Slack by kind, the listener that served them (unknown: not ours) and how they ended.',
      labelNames: ['kind', 'listener', 'outcome'],
      registers,
    });
    this.acks = new Histogram({
      name: 'lifering_ack_seconds',
      help: 'Seconds from a delivery read and verified to its ack (Slack gives up at 3).',
      labelNames: ['kind', 'listener'],
      buckets: ACK_BUCKETS,
      registers,
    });
    this.slackCalls = slackCallSeries(this.registry);
    this.sweep = sweepSeries(this.registry);
    stateSeries(this.registry, this.sources);
  }

  /** The listeners the app registered (`listenerLabels`): every other id is labelled `unknown`. */
  knowListeners(known: ReadonlyMap<string, string>): void {
    this.sources.known = known;
  }

  watchPool(pool: () => PoolUse | undefined): void {
    this.sources.pool = pool;
  }

  watchCaches(caches: () => Iterable<CountedCache>): void {
    this.sources.caches = caches;
  }

  /** Counts a request once it and the work it set off are done (its summary log line). */
  countRequest = (summary: RequestSummary): void => {
    const labels = requestLabels(summary.kind, summary.listener, this.sources.known ?? NONE_KNOWN);
    const series = this.seriesOf(labels, summary.outcome);
    series.counted.inc();
    if (summary.ackMs !== undefined) series.acked.observe(summary.ackMs / 1000);
  };

  private seriesOf(labels: RequestLabels, outcome: Outcome) {
    const key = `${labels.kind}\n${labels.listener}\n${outcome}`;
    let series = this.series.get(key);
    if (!series) {
      series = { counted: this.requests.labels({ ...labels, outcome }), acked: this.acks.labels(labels) };
      this.series.set(key, series);
    }
    return series;
  }

  /** The text Prometheus scrapes. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

function slackCallSeries(registry: Registry): SlackCallRecorder {
  const registers = [registry];
  const calls = new Counter({
    name: 'lifering_slack_api_calls_total',
    help: 'HTTP requests to Slack by Web API method (response_url: a reply through one) and error (none: ok).',
    labelNames: ['method', 'error'],
    registers,
  });
  const seconds = new Histogram({
    name: 'lifering_slack_api_seconds',
    help: 'Seconds until Slack answered a request, by Web API method.',
    labelNames: ['method'],
    buckets: SLACK_CALL_BUCKETS,
    registers,
  });
  const limited = new Counter({
    name: 'lifering_slack_rate_limited_total',
    help: 'Requests Slack answered 429 (rate limited), by Web API method.',
    labelNames: ['method'],
    registers,
  });
  const retryAfter = new Histogram({
    name: 'lifering_slack_retry_after_seconds',
    help: "The Retry-After of Slack's 429 answers, by Web API method: how long that workspace's calls pause.",
    labelNames: ['method'],
    buckets: RETRY_AFTER_BUCKETS,
    registers,
  });
  return {
    call(method, error, took) {
      calls.inc({ method, error });
      seconds.observe({ method }, took);
    },
    rateLimited(method, after) {
      limited.inc({ method });
      if (after !== undefined) retryAfter.observe({ method }, after);
    },
  };
}

function sweepSeries(registry: Registry): SweepObserver {
  const registers = [registry];
  const runs = new Counter({
    name: 'lifering_sweep_runs_total',
    help: 'Reminder sweeps started here: done, skipped (another instance held the lease) or failed.',
    labelNames: ['result'],
    registers,
  });
  const duration = new Histogram({
    name: 'lifering_sweep_duration_seconds',
    help: 'Seconds a sweep that held the lease took, failed ones included.',
    buckets: SWEEP_BUCKETS,
    registers,
  });
  const sent = new Counter({ name: 'lifering_sweep_dms_sent_total', help: 'DMs the sweep sent.', registers });
  const failed = new Counter({
    name: 'lifering_sweep_dms_failed_total',
    help: 'DMs the sweep could not send: retry_later (tried again next run) or unreachable (the person cannot get DMs).',
    labelNames: ['reason'],
    registers,
  });
  const heldBack = new Counter({
    name: 'lifering_sweep_held_back_total',
    help: 'Times a person\'s reminders waited because their "fewer messages" week was used up.',
    registers,
  });
  const leaseHeld = new Gauge({
    name: 'lifering_sweep_lease_held',
    help: '1 while this instance holds the sweep lease and runs a sweep.',
    registers,
  });
  const lastDone = new Gauge({
    name: 'lifering_sweep_last_success_timestamp_seconds',
    help: 'When this instance last finished a sweep that held the lease (its start time until then).',
    registers,
  });
  lastDone.setToCurrentTime();
  const ended = (ms: number) => {
    leaseHeld.set(0);
    duration.observe(ms / 1000);
  };
  return {
    leaseTaken: () => leaseHeld.set(1),
    finished(r) {
      runs.inc({ result: r.ran ? 'done' : 'skipped' });
      if (!r.ran) return;
      ended(r.ms);
      lastDone.setToCurrentTime();
      sent.inc(r.sent);
      failed.inc({ reason: 'retry_later' }, r.retryLater);
      failed.inc({ reason: 'unreachable' }, r.unreachable);
      heldBack.inc(r.heldBack);
    },
    failed(ms) {
      runs.inc({ result: 'failed' });
      ended(ms);
    },
  };
}

/** Series read when Prometheus scrapes: the database pool and the caches' running counts. */
function stateSeries(registry: Registry, sources: Sources): void {
  const registers = [registry];
  const pool = (pick: (p: PoolUse) => number) =>
    function (this: Gauge) {
      const use = sources.pool?.();
      this.set(use ? pick(use) : 0);
    };
  new Gauge({
    name: 'lifering_db_pool_in_use',
    help: 'Database connections running a query.',
    registers,
    collect: pool((p) => p.used),
  });
  new Gauge({
    name: 'lifering_db_pool_waiting',
    help: 'Queries waiting for a database connection.',
    registers,
    collect: pool((p) => p.waiting),
  });
  new Gauge({
    name: 'lifering_db_pool_free',
    help: 'Idle database connections.',
    registers,
    collect: pool((p) => p.free),
  });
  new Gauge({ name: 'lifering_db_pool_max', help: 'The pool size.', registers, collect: pool((p) => p.max) });
  const tally = (pick: (c: CountedCache) => number) =>
    function (this: Counter<'cache'>) {
      const byName = new Map<string, number>();
      for (const cache of sources.caches?.() ?? []) byName.set(cache.name, (byName.get(cache.name) ?? 0) + pick(cache));
      this.reset();
      for (const [cache, n] of byName) this.inc({ cache }, n);
    };
  const cache = { labelNames: ['cache'] as const, registers };
  new Counter({
    name: 'lifering_cache_hits_total',
    help: 'Cache reads answered from memory.',
    ...cache,
    collect: tally((c) => c.hits),
  });
  new Counter({
    name: 'lifering_cache_misses_total',
    help: 'Cache reads that had to read or build the value again.',
    ...cache,
    collect: tally((c) => c.misses),
  });
}

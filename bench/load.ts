import { Worker } from 'node:worker_threads';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  perSecond: number;
}

export interface Command {
  teamId: string;
  userId: string;
  text: string;
}

/** Who and what the Monday mix acts on: seeded ids, and trigger ids the fake Slack has issued. */
export interface MondayPlan {
  teamId: string;
  admin: string;
  people: string[];
  mentees: string[];
  /** Active mentorships: [id, supporter, mentee]. */
  active: [number, string, string][];
  /** Pending mentorships: [id, supporter]; Accept takes them in turn from `nextPending`. */
  pending: [number, string][];
  nextPending: number;
  topics: number[];
  /** The date a meeting report says the meeting was on (YYYY-MM-DD). */
  metOn: string;
  triggers: string[];
  /** response_urls the fake Slack has issued, one for each command. */
  responseUrls: string[];
}

export interface KindResult {
  kind: string;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  /** Every ack's time (ms), sorted. */
  ms: number[];
}

export interface MixResult {
  kinds: KindResult[];
  /** Requests each URL answered, in the order given. */
  answered: number[];
  /** For kinds that open a modal: each request's trigger id and when it was sent (epoch ms). */
  modalSends: { kind: string; trigger: string; at: number }[];
  nextPending: number;
  /** Open loop: requests not sent because `concurrency` were already in flight. */
  held: number;
}

/**
 * Sends signed `/mentor` commands from `concurrency` keep-alive connections in a worker thread
 * and measures each request's time to response (the ack). Each round is bounded by time.
 */
export class LoadGenerator {
  private readonly worker = new Worker(new URL('./load-worker.mjs', import.meta.url));

  round(opts: {
    url: string;
    signingSecret: string;
    command: Command;
    concurrency: number;
    seconds: number;
  }): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.worker.once('error', onError);
      this.worker.once('message', (result: LoadResult) => {
        this.worker.off('error', onError);
        resolve(result);
      });
      this.worker.postMessage(opts);
    });
  }

  /** One round of the Monday mix (bench/monday-requests.mjs) against `urls` in turn. */
  mix(opts: {
    urls: string[];
    signingSecret: string;
    plan: MondayPlan;
    /** At most this many in flight; without `rate`, always this many. */
    concurrency: number;
    seconds: number;
    /** Requests a second, whatever the app's pace (an open loop). */
    rate?: number;
  }): Promise<MixResult> {
    return this.ask(opts);
  }

  private ask<T>(job: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.worker.once('error', onError);
      this.worker.once('message', (result: T) => {
        this.worker.off('error', onError);
        resolve(result);
      });
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage('close');
    await this.worker.terminate();
  }
}

/** Peak resident memory of this process while `work` runs, sampled every 20 ms. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakMb: number }> {
  const t0 = process.hrtime.bigint();
  const { result, peakMb } = await withPeakRss(work);
  return { result, ms: Number(process.hrtime.bigint() - t0) / 1e6, peakMb };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

import { Worker } from 'node:worker_threads';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  perSecond: number;
}

/**
 * Sends `total` signed slash commands (after `warmup` unmeasured ones) to `url` from
 * `concurrency` keep-alive connections in a worker thread, and measures each request's time to
 * response (the ack). Bounded by count and by `maxSeconds`.
 */
export function commandLoad(opts: {
  url: string;
  signingSecret: string;
  body: (i: number) => string;
  total: number;
  concurrency: number;
  warmup?: number;
  maxSeconds?: number;
}): Promise<LoadResult> {
  const warmup = opts.warmup ?? Math.min(300, opts.total);
  const bodies = Array.from({ length: warmup + opts.total }, (_, i) => opts.body(i));
  const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
    workerData: { url: opts.url, signingSecret: opts.signingSecret, bodies, concurrency: opts.concurrency, maxSeconds: opts.maxSeconds ?? 60, warmup },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

/** Peak resident memory while `work` runs, sampled every 20 ms. */
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

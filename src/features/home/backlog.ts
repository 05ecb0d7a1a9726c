/**
 * Work that follows changes (Home redrawn after someone else's write), run a few at a time per
 * instance, each key queued at most once. A burst of writes (a life ring alerts every supporter
 * of its topic; ten reports in a second) would otherwise start every redraw at once: each one a
 * handful of queries that fill the database pool and the event loop ahead of the requests still
 * waiting for their ack. One queued redraw per person serves every change made before it starts,
 * since it reads the data when it runs.
 */
export class Backlog {
  private readonly waiting = new Map<string, { done: Promise<void>; start: () => void }>();
  private running = 0;

  constructor(private readonly concurrency: number) {}

  /** Runs `run` when a turn is free; while `key` waits for one, adding it again joins that turn. */
  add(key: string, run: () => Promise<void>): Promise<void> {
    const queued = this.waiting.get(key);
    if (queued) return queued.done;
    let start!: () => void;
    const turn = new Promise<void>((resolve) => {
      start = resolve;
    });
    const done = turn.then(run).finally(() => {
      this.running--;
      this.next();
    });
    this.waiting.set(key, { done, start });
    this.next();
    return done;
  }

  /** How many wait for a turn. */
  get size(): number {
    return this.waiting.size;
  }

  private next(): void {
    while (this.running < this.concurrency) {
      const [key, first] = this.waiting.entries().next().value ?? [];
      if (key === undefined || !first) return;
      this.waiting.delete(key);
      this.running++;
      first.start();
    }
  }
}

// One app under measurement, in a process of its own so that its memory is its own: either the
// bare Bolt yardstick (a `/mentor` command, buttons, forms and app_home_opened that only ack) or Lifering, run from the production
// build (dist/, as `npm start` runs it) on the seeded database. Plain JavaScript, started by
// bench/run.ts with fork() and without the TypeScript loader; it reports its port, then answers
// requests for its peak RSS and
// the CPU time it has used.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { App, LogLevel } from '@slack/bolt';

const opts = JSON.parse(process.env.BENCH_APP ?? '{}');
const send = (m) => process.send?.(m);

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
// Garbage collection pauses, by how long: the event loop stands still through each.
const gc = { n: 0, ms: 0, over5: 0, max: 0 };
if (process.env.BENCH_STATEMENTS) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.n++;
      gc.ms += e.duration;
      if (e.duration > 5) gc.over5++;
      gc.max = Math.max(gc.max, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
}
let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage.rss());
};
setInterval(sample, 20).unref();

async function start() {
  const quiet = {
    debug() {},
    info() {},
    warn() {},
    error: (...a) => console.error(...a),
    setLevel() {},
    getLevel: () => LogLevel.ERROR,
    setName() {},
  };
  if (opts.kind === 'bare') {
    const app = new App({
      token: opts.fakeToken,
      signingSecret: opts.signingSecret,
      clientOptions: { slackApiUrl: opts.fakeUrl },
      logger: quiet,
    });
    // Acks every kind the Monday mix sends, as Lifering's first step would: commands, buttons,
    // form submissions; Bolt acks an event itself.
    const ack = async ({ ack }) => {
      await ack();
    };
    app.command('/mentor', ack);
    app.action(/.*/, ack);
    app.view(/.*/, ack);
    app.event('app_home_opened', async () => undefined);
    const server = await app.start(0);
    send({ port: server.address().port });
    return { stop: () => app.stop() };
  }
  const dist = new URL('../dist/', import.meta.url);
  const { createLifering } = await import(new URL('app.js', dist).href);
  const { loadConfig } = await import(new URL('config.js', dist).href);
  const { openStorage } = await import(new URL('storage/index.js', dist).href);
  const storage = await openStorage(opts.database);
  const statements = new Map();
  if (process.env.BENCH_STATEMENTS) {
    storage.db.on('query', (q) => {
      const key = String(q.sql).replace(/\s+/g, ' ').slice(0, 110);
      statements.set(key, (statements.get(key) ?? 0) + 1);
    });
    // The hot reads go to PostgreSQL as named prepared statements, past knex: counted by name.
    const pg = (await import('pg')).default;
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (q, ...rest) {
      if (q && typeof q === 'object' && typeof q.name === 'string') {
        const key = `(prepared) ${q.name}`;
        statements.set(key, (statements.get(key) ?? 0) + 1);
      }
      return query.call(this, q, ...rest);
    };
  }
  const config = loadConfig({
    SLACK_BOT_TOKEN: opts.fakeToken,
    SLACK_SIGNING_SECRET: opts.signingSecret,
    SLACK_API_URL: opts.fakeUrl,
    ADMIN_USER_IDS: opts.adminIds ?? '',
    REMINDER_CRON: 'off',
    LOG_LEVEL: 'error',
  });
  const app = await createLifering({ config, storage, logger: quiet, clientOptions: { retryConfig: { retries: 0 } } });
  const { port } = await app.start(0);
  send({ port });
  return {
    async stop() {
      await app.stop();
      await storage.close();
      if (statements.size) {
        const rows = [...statements].sort((a, b) => b[1] - a[1]).slice(0, 60);
        process.stderr.write(
          `statements ${process.pid}: ${[...statements.values()].reduce((a, b) => a + b, 0)} in all\n${rows.map(([k, n]) => `${String(n).padStart(6)} ${k}`).join('\n')}\n`,
        );
      }
    },
  };
}

const running = start();
process.on('message', (m) => {
  if (m === 'reset-peak') {
    peak = 0;
    loop.reset();
    Object.assign(gc, { n: 0, ms: 0, over5: 0, max: 0 });
    sample();
  } else if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ cpuMicros: user + system });
  } else if (m === 'peak') {
    sample();
    if (process.env.BENCH_STATEMENTS)
      process.stderr.write(
        `loop ${opts.kind} ${process.pid}: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} p99 ${(loop.percentile(99) / 1e6).toFixed(1)} max ${(loop.max / 1e6).toFixed(1)} ms; gc ${gc.n} pauses, ${gc.ms.toFixed(0)} ms, ${gc.over5} over 5 ms, max ${gc.max.toFixed(1)} ms\n`,
      );
    send({ peakMb: peak / 1024 / 1024 });
  } else if (m === 'stop') {
    void running.then((r) => r.stop()).finally(() => process.exit(0));
  }
});
running.catch((error) => {
  process.stderr.write(`bench app (${opts.kind}) failed to start: ${error?.message ?? error}\n`);
  process.exit(1);
});

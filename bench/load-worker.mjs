// The load generator runs in a worker thread so it does not share an event loop with the app it
// measures. Plain JavaScript: workers start without the TypeScript loader.
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, signingSecret, bodies, concurrency, maxSeconds, warmup } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

function one(body) {
  return new Promise((resolve) => {
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const t0 = process.hrtime.bigint();
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
          'X-Slack-Request-Timestamp': String(ts),
          'X-Slack-Signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, ok: res.statusCode === 200 }));
      },
    );
    req.on('error', () => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, ok: false }));
    req.end(body);
  });
}

async function run(list) {
  const latencies = [];
  let errors = 0;
  let next = 0;
  const deadline = Date.now() + maxSeconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < list.length && Date.now() < deadline) {
        const r = await one(list[next++]);
        latencies.push(r.ms);
        if (!r.ok) errors++;
      }
    }),
  );
  return { latencies, errors, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

await run(bodies.slice(0, warmup));
const { latencies, errors, seconds } = await run(bodies.slice(warmup));
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
parentPort.postMessage({ requests: latencies.length, errors, seconds, p50: pct(50), p99: pct(99), perSecond: latencies.length / seconds });

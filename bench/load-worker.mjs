// The load generator runs in a worker thread so it does not share an event loop with the app it
// measures (the app runs in a process of its own). Plain JavaScript: workers start without the
// TypeScript loader. One worker serves every round; each message is one round against one target.
import { createHmac, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { drawKind, KINDS, requestOf } from './monday-requests.mjs';

const agents = new Map();
/**
 * Fresh keep-alive connections for each round: between one target's rounds the others run for
 * longer than Node's 5 s keep-alive timeout, and a connection the server has just closed would
 * fail the round's first request with ECONNRESET, an error that is the bench's, not the app's.
 */
const agentFor = (url, concurrency) => {
  agents.get(url)?.destroy();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  agents.set(url, agent);
  return agent;
};

const bodyOf = (c, i) =>
  new URLSearchParams({
    token: 'x',
    team_id: c.teamId,
    team_domain: 'bench',
    channel_id: 'C0BENCH',
    channel_name: 'bench',
    user_id: c.userId,
    user_name: 'bench',
    command: '/mentor',
    text: c.text,
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: `${i}.${Date.now()}.${randomBytes(8).toString('hex')}`,
  }).toString();

function one(target, agent, signingSecret, body, type = 'application/x-www-form-urlencoded') {
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
          'Content-Type': type,
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

/** Keeps `concurrency` requests in flight for `seconds` (bounded), recording each one's time to response. */
async function run({ url, signingSecret, command, concurrency, seconds }) {
  const target = new URL(url);
  const agent = agentFor(url, concurrency);
  const latencies = [];
  let errors = 0;
  let next = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const r = await one(target, agent, signingSecret, bodyOf(command, next++));
        latencies.push(r.ms);
        if (!r.ok) errors++;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds: elapsed,
    p50: pct(50),
    p99: pct(99),
    perSecond: latencies.length / elapsed,
  };
}

const percentiles = (xs) => {
  xs.sort((a, b) => a - b);
  const pct = (p) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
  return { requests: xs.length, p50: pct(50), p99: pct(99) };
};

/** Keeps `concurrency` requests in flight until the deadline (a closed loop: a slower app is sent fewer). */
async function closedLoop(sendOne, concurrency, seconds) {
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) await sendOne();
    }),
  );
}

/**
 * Sends `rate` requests a second whatever the app's pace (an open loop: people do not wait for one
 * another), at most `cap` in flight; those the cap held back are counted, not sent.
 */
async function openLoop(sendOne, rate, seconds, cap) {
  const start = performance.now();
  const inFlight = new Set();
  let held = 0;
  for (let n = 0; performance.now() - start < seconds * 1000; n++) {
    const wait = start + (n * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= cap) {
      held++;
      continue;
    }
    const p = sendOne().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return held;
}

/**
 * The Monday mix for `seconds`, each request of a kind drawn by weight, sent to the targets' URLs
 * in turn (round-robin, as a load balancer would): `rate` a second (open loop, at most
 * `concurrency` in flight), or without `rate` `concurrency` at a time. Per kind: acks' p50/p99
 * and errors (non-2xx); per URL, how many it answered; for a kind that opens a modal, each
 * request's trigger id and when it was sent, to match with the views.open the fake received.
 */
async function runMix({ urls, signingSecret, plan, concurrency, seconds, rate }) {
  const targets = urls.map((url) => ({ url: new URL(url), agent: agentFor(url, concurrency), answered: 0 }));
  const latencies = new Map(KINDS.map((k) => [k.name, []]));
  const errors = new Map(KINDS.map((k) => [k.name, 0]));
  const modalSends = [];
  let sent = 0;
  const sendOne = async () => {
    const kind = drawKind();
    const req = requestOf(kind, plan);
    const target = targets[sent++ % targets.length];
    const at = performance.timeOrigin + performance.now();
    const r = await one(target.url, target.agent, signingSecret, req.body, req.type);
    target.answered++;
    latencies.get(kind).push(r.ms);
    if (!r.ok) errors.set(kind, errors.get(kind) + 1);
    if (req.trigger && KINDS.find((k) => k.name === kind).modal) modalSends.push({ kind, trigger: req.trigger, at });
  };
  const held = rate
    ? await openLoop(sendOne, rate, seconds, concurrency)
    : await closedLoop(sendOne, concurrency, seconds);
  // Each ack's time too, so that a run's rounds can be pooled: a kind with ten requests in a round
  // has its slowest one for a p99.
  const kinds = KINDS.map((k) => ({
    kind: k.name,
    ...percentiles(latencies.get(k.name)),
    errors: errors.get(k.name),
    ms: latencies.get(k.name),
  }));
  return {
    kinds,
    answered: targets.map((t) => t.answered),
    modalSends,
    nextPending: plan.nextPending,
    held: held ?? 0,
  };
}

parentPort.on('message', async (job) => {
  if (job === 'close') {
    for (const agent of agents.values()) agent.destroy();
    parentPort.close();
    return;
  }
  parentPort.postMessage(await (job.plan ? runMix(job) : run(job)));
});

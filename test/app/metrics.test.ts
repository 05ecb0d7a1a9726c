import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLifering, type Lifering } from '../../src/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { SWEEP_LEASE } from '../../src/sweep/lease.ts';
import { createDriver } from '../harness/driver.ts';
import { attachSocketMode } from '../harness/socket-mode.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { seedMentorships } from '../support/seed.ts';
import { runReminderSweep } from '../support/sweep.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const LEO = 'ULEO0001';
const MIA = 'UMIA0001';
/** What a person types in this file; no label may carry it. */
const TYPED = 'Quokka7781Zanzibar';

/** Every series the README lists, Lifering's and Node's. */
const SERIES = [
  'lifering_requests_total',
  'lifering_ack_seconds',
  'lifering_slack_api_calls_total',
  'lifering_slack_api_seconds',
  'lifering_slack_rate_limited_total',
  'lifering_slack_retry_after_seconds',
  'lifering_sweep_runs_total',
  'lifering_sweep_duration_seconds',
  'lifering_sweep_dms_sent_total',
  'lifering_sweep_dms_failed_total',
  'lifering_sweep_held_back_total',
  'lifering_sweep_lease_held',
  'lifering_sweep_last_success_timestamp_seconds',
  'lifering_db_pool_in_use',
  'lifering_db_pool_waiting',
  'lifering_db_pool_free',
  'lifering_db_pool_max',
  'lifering_cache_hits_total',
  'lifering_cache_misses_total',
  'nodejs_eventloop_lag_p99_seconds',
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
];

const scrape = (port: number, headers: Record<string, string> = {}, path = '/metrics') =>
  fetch(`http://127.0.0.1:${port}${path}`, { headers });
const bearer = { authorization: `Bearer ${TOKEN}` };

/** The value of one sample, `name{labels}` written as Prometheus does (labels in the order declared). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Every label value in the text. */
function labelValues(text: string): string[] {
  return [...text.matchAll(/\w+="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
}

describe('/metrics is off unless turned on', () => {
  let t: TestApp;
  afterAll(async () => {
    await t.stop();
  });

  it('answers 404 on the app port with neither METRICS_TOKEN nor METRICS_PORT, as any unknown path', async () => {
    t = await startTestApp();
    expect(t.config.metrics).toBeUndefined();
    expect(t.lifering.deps.metrics).toBeUndefined();
    expect((await scrape(t.port)).status).toBe(404);
    expect((await scrape(t.port, bearer)).status).toBe(404);
    expect((await scrape(t.port, {}, '/healthz')).status).toBe(200);
  });
});

describe('with METRICS_TOKEN: /metrics on the app port, for a bearer of the token', () => {
  let t: TestApp;
  let clock = new Date('2026-11-23T10:30:00.000Z');
  const london = (id: string) => ({ id, name: id.slice(1, 4).toLowerCase(), tz: 'Europe/London' });
  const sweep = () =>
    runReminderSweep({
      now: clock,
      storage: t.storage,
      clientFor: t.lifering.deps.clientFor,
      config: t.config,
      logger: t.lifering.deps.logger,
      metrics: t.lifering.deps.metrics!.sweep,
    });

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SAM, LEO, MIA].map(london),
      env: { ADMIN_USER_IDS: ADMIN, METRICS_TOKEN: TOKEN, REMINDER_REPEAT_DAYS: '1' },
      now: () => clock,
    });
    await seedMentorships(t.storage.db, t.fake.teamId, [
      { supporter_id: SAM, mentee_id: LEO, status: 'active', feedback_from: '2026-09-01T09:00:00.000Z' },
    ]);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers 401 without the token or with a wrong one, saying how to send it, and 200 with it', async () => {
    const none = await scrape(t.port);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(await none.text()).toContain('Authorization: Bearer');
    expect((await scrape(t.port, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape(t.port, { authorization: TOKEN })).status).toBe(401);
    const ok = await scrape(t.port, bearer);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
  });

  it('after commands, clicks, a 429 and sweeps, has every series, labelled only with our own ids', async () => {
    // Commands: a subcommand, words nobody registered, and one refused to a non-admin.
    expect((await t.driver.command(SAM, 'messages fewer')).status).toBe(200);
    expect((await t.driver.command(MIA, 'list')).status).toBe(200);
    expect((await t.driver.command(MIA, 'list')).status).toBe(200);
    expect((await t.driver.command(MIA, `${TYPED} please`)).status).toBe(200);
    expect((await t.driver.command(MIA, `topics add ${TYPED}`)).status).toBe(200);
    // Home, a button on it, and a button from a message sent before a release renamed it.
    await t.driver.appHomeOpened(MIA);
    await t.settle();
    const home = { container: 'view' as const, view: t.fake.homeViews.get(MIA)! };
    await t.driver.blockAction(MIA, { action_id: ACTIONS.showHelp }, home);
    await t.driver.blockAction(MIA, { action_id: `old.${TYPED}` }, { channelId: 'C0GENERAL', messageTs: '1.000001' });
    // The first modal is opened after the ack: it must be done before Slack is told to refuse the next.
    await t.settle();
    // Slack rate-limits a modal past its trigger's life: the 429 and its Retry-After are counted.
    t.fake.fail('views.open', { status: 429, retryAfter: 7 });
    await t.driver.blockAction(MIA, { action_id: ACTIONS.showHelp }, home);
    await t.settle();
    expect(t.fake.callsTo('views.open').map((c) => c.status)).toEqual([200, 429]);
    // A sweep that sends a reminder; a day later "fewer messages" holds the next back; then one
    // while another instance holds the lease.
    const first = await sweep();
    clock = new Date('2026-11-24T10:30:00.000Z');
    const second = await sweep();
    expect(first.sent).toBeGreaterThan(0);
    expect(second.heldBack).toBeGreaterThan(0);
    await t.storage.leases.acquire(SWEEP_LEASE, 'another-instance', new Date(), 60_000);
    expect((await sweep()).ran).toBe(false);
    await t.storage.leases.release(SWEEP_LEASE, 'another-instance');

    const text = await (await scrape(t.port, bearer)).text();
    for (const name of SERIES) expect(text, name).toContain(`# TYPE ${name} `);
    const requests = (labels: string) => sample(text, `lifering_requests_total{${labels}}`);
    expect(requests('kind="command",listener="/mentor list",outcome="ok"')).toBe(2);
    expect(requests('kind="command",listener="/mentor messages",outcome="ok"')).toBe(1);
    expect(requests('kind="command",listener="/mentor",outcome="ok"')).toBe(1);
    expect(requests('kind="command",listener="/mentor topics",outcome="refused"')).toBe(1);
    expect(requests('kind="event",listener="app_home_opened",outcome="ok"')).toBe(1);
    expect(requests(`kind="action",listener="${ACTIONS.showHelp}",outcome="ok"`)).toBe(1);
    // The second click's modal was refused by Slack (the 429): the person was told, and it counts as failed.
    expect(requests(`kind="action",listener="${ACTIONS.showHelp}",outcome="error"`)).toBe(1);
    expect(requests('kind="action",listener="unknown",outcome="unhandled"')).toBe(1);
    expect(sample(text, 'lifering_ack_seconds_count{kind="command",listener="/mentor list"}')).toBe(2);
    expect(sample(text, 'lifering_ack_seconds_bucket{le="3",kind="command",listener="/mentor list"}')).toBe(2);

    expect(sample(text, 'lifering_slack_api_calls_total{method="views.open",error="none"}')).toBe(1);
    expect(sample(text, 'lifering_slack_api_calls_total{method="views.open",error="ratelimited"}')).toBe(1);
    expect(sample(text, 'lifering_slack_rate_limited_total{method="views.open"}')).toBe(1);
    expect(sample(text, 'lifering_slack_retry_after_seconds_sum{method="views.open"}')).toBe(7);
    expect(sample(text, 'lifering_slack_retry_after_seconds_bucket{le="5",method="views.open"}')).toBe(0);
    expect(sample(text, 'lifering_slack_retry_after_seconds_bucket{le="10",method="views.open"}')).toBe(1);
    const posted = t.fake.callsTo('chat.postMessage').length;
    expect(sample(text, 'lifering_slack_api_calls_total{method="chat.postMessage",error="none"}')).toBe(posted);

    expect(sample(text, 'lifering_sweep_runs_total{result="done"}')).toBe(2);
    expect(sample(text, 'lifering_sweep_runs_total{result="skipped"}')).toBe(1);
    expect(sample(text, 'lifering_sweep_dms_sent_total')).toBe(first.sent + second.sent);
    expect(sample(text, 'lifering_sweep_held_back_total')).toBe(first.heldBack + second.heldBack);
    expect(sample(text, 'lifering_sweep_lease_held')).toBe(0);
    expect(sample(text, 'lifering_sweep_duration_seconds_count')).toBe(2);
    expect(sample(text, 'lifering_db_pool_max')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lifering_cache_hits_total{cache="mentor_list"}')).toBe(1);
    expect(sample(text, 'lifering_cache_misses_total{cache="mentor_list"}')).toBe(1);
    expect(sample(text, 'lifering_cache_hits_total{cache="profiles"}')).toBeGreaterThan(0);

    const values = labelValues(text);
    expect(values.length).toBeGreaterThan(50);
    expect(values.filter((v) => v.toLowerCase().includes(TYPED.toLowerCase()))).toEqual([]);
    expect(values.filter((v) => v.includes('please'))).toEqual([]);
  });
});

describe('with METRICS_PORT: a server of its own, answering /metrics only', () => {
  let t: TestApp;
  let other: Lifering | undefined;
  afterEach(async () => {
    await other?.stop();
    other = undefined;
    await t?.stop();
  });

  /** An instance on `env` beside the test app, on its database and fake Slack. */
  async function instance(env: Record<string, string>) {
    t = await startTestApp({ users: [{ id: MIA, name: 'mia' }] });
    const config = loadConfig({
      SLACK_BOT_TOKEN: t.fake.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: t.fake.url,
      REMINDER_CRON: 'off',
      ...env,
    });
    other = await createLifering({ config, storage: t.storage, logger: createLogger('error') });
    const started = await other.start(0);
    const driver = createDriver({
      appUrl: `http://127.0.0.1:${started.port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake: t.fake,
    });
    return { ...started, driver };
  }

  it('serves the metrics there without a token, and the app port has no /metrics', async () => {
    const { port, metricsPort, driver } = await instance({ METRICS_PORT: '0' });
    expect(metricsPort).toBeGreaterThan(0);
    expect(metricsPort).not.toBe(port);
    await driver.command(MIA, 'help');
    await other!.idle();
    const res = await scrape(metricsPort!);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(sample(text, 'lifering_requests_total{kind="command",listener="/mentor help",outcome="ok"}')).toBe(1);
    expect((await scrape(port!)).status).toBe(404);
    expect((await scrape(metricsPort!, {}, '/healthz')).status).toBe(404);
  });

  it('asks for the token there too when METRICS_TOKEN is also set', async () => {
    const { metricsPort } = await instance({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    expect((await scrape(metricsPort!)).status).toBe(401);
    expect((await scrape(metricsPort!, bearer)).status).toBe(200);
  });
});

describe('with METRICS_PORT in Socket Mode, where the app has no port of its own for Slack', () => {
  it('serves the metrics of deliveries that came over the socket', async () => {
    const t = await startTestApp({ users: [{ id: MIA, name: 'mia' }] });
    const socket = attachSocketMode(t.fake);
    const config = loadConfig({
      SLACK_BOT_TOKEN: t.fake.token,
      SLACK_APP_TOKEN: t.fake.appToken,
      SLACK_API_URL: t.fake.url,
      PORT: '0',
      REMINDER_CRON: 'off',
      METRICS_PORT: '0',
    });
    const app = await createLifering({ config, storage: t.storage, logger: createLogger('error') });
    try {
      const { metricsPort } = await app.start();
      await socket.connected();
      await socket.send('slash_commands', {
        team_id: t.fake.teamId,
        channel_id: 'C0GENERAL',
        user_id: MIA,
        command: '/mentor',
        text: 'help',
        response_url: `${t.fake.url}respond/x`,
        trigger_id: '1.2.abc',
      });
      await app.idle();
      const text = await (await scrape(metricsPort!)).text();
      expect(sample(text, 'lifering_requests_total{kind="command",listener="/mentor help",outcome="ok"}')).toBe(1);
      expect(sample(text, 'lifering_slack_api_calls_total{method="apps.connections.open",error="none"}')).toBe(1);
    } finally {
      await app.stop();
      socket.close();
      await t.stop();
    }
  });
});

describe('metrics settings', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
  const problem = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    return undefined;
  };

  it('takes a token, a port, or both', () => {
    expect(loadConfig({ ...base, METRICS_TOKEN: TOKEN }).metrics).toEqual({ token: TOKEN });
    expect(loadConfig({ ...base, METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464 });
    expect(loadConfig({ ...base, METRICS_PORT: '0', METRICS_TOKEN: TOKEN }).metrics).toEqual({ port: 0, token: TOKEN });
    expect(loadConfig({ ...base, METRICS_PORT: '', METRICS_TOKEN: ' ' }).metrics).toBeUndefined();
  });

  it('refuses a short token without echoing it, and a metrics port that is the app port', () => {
    const short = problem({ METRICS_TOKEN: 'hunter2' });
    expect(short).toContain('METRICS_TOKEN is not valid (value hidden)');
    expect(short).toContain('openssl rand -hex 32');
    expect(short).not.toContain('hunter2');
    expect(problem({ PORT: '8080', METRICS_PORT: '8080' })).toContain('METRICS_PORT is not valid');
    expect(problem({ METRICS_PORT: '3000' })).toContain('METRICS_PORT is not valid');
    expect(problem({ METRICS_PORT: '70000' })).toContain('METRICS_PORT is not valid');
  });
});

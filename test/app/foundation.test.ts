import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';

/** How many deliveries the app has recorded: a refused request must not add one. */
async function claimedKeys(t: TestApp): Promise<number> {
  const row = await t.storage.db('processed_events').count({ n: '*' }).first();
  return Number(row?.n);
}

describe('the app over signed HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers /mentor help with ephemeral usage within 3 seconds', async () => {
    const started = Date.now();
    const res = await t.driver.command(MIA, 'help');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const body = res.body as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('/mentor');
    expect(body.text).not.toContain('As a Lifering admin');
  });

  it('answers an empty /mentor the same way, and shows admins their tools', async () => {
    const res = await t.driver.command(ADMIN, '');
    const body = res.body as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Lifering');
    expect(body.text).toContain('As a Lifering admin');
    const all = (await t.driver.command(ADMIN, 'help all')).body as { text: string };
    expect(all.text).toContain('As a Lifering admin you can also use');
    expect(all.text).toContain('/mentor admin add @person');
    const other = (await t.driver.command(MIA, 'help all')).body as { text: string };
    expect(other.text).not.toContain('As a Lifering admin');
    expect(other.text).not.toContain('/mentor admin add');
  });

  it('suggests nothing it cannot do for an unknown subcommand, and still shows the usage', async () => {
    const res = await t.driver.command(MIA, 'frobnicate now');
    const body = res.body as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain("I don't know `/mentor frobnicate`");
    expect(body.text).toContain('Lifering');
  });

  it('refuses a wrong signature with 401 and does nothing', async () => {
    t.fake.clearCalls();
    const before = await claimedKeys(t);
    const body = 'token=x&team_id=T0LIFERING&user_id=UMIA0001&command=%2Fmentor&text=help&trigger_id=1.2.3';
    const res = await t.driver.raw(body, 'application/x-www-form-urlencoded', { signature: 'v0=deadbeef' });
    expect(res.status).toBe(401);
    await t.settle();
    expect(t.fake.calls).toEqual([]);
    expect(await claimedKeys(t)).toBe(before);
  });

  it('refuses a correctly signed request whose timestamp is over 5 minutes old', async () => {
    const before = await claimedKeys(t);
    const body = 'token=x&team_id=T0LIFERING&user_id=UMIA0001&command=%2Fmentor&text=help&trigger_id=1.2.3';
    const res = await t.driver.raw(body, 'application/x-www-form-urlencoded', {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(res.status).toBe(401);
    await t.settle();
    expect(await claimedKeys(t)).toBe(before);
  });

  it('echoes the url_verification challenge', async () => {
    const res = await t.driver.urlVerification('abc123');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: 'abc123' });
  });

  it('reports database reachability on GET /healthz', async () => {
    const res = await fetch(`http://127.0.0.1:${t.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: 'reachable' });
  });

  it('publishes a Home tab that Slack accepts when someone opens it, once per event', async () => {
    t.fake.clearCalls();
    const res = await t.driver.appHomeOpened(MIA, { eventId: 'EvHOME1' });
    expect(res.status).toBe(200);
    await t.driver.appHomeOpened(MIA, { eventId: 'EvHOME1', retryNum: 1, retryReason: 'http_timeout' });
    await t.settle();
    const publishes = t.fake.callsTo('views.publish');
    expect(publishes).toHaveLength(1);
    expect(publishes[0]!.response.ok).toBe(true);
    expect(JSON.stringify(t.fake.homeViews.get(MIA))).toContain('Welcome to Lifering');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_RETRY } from '../../src/app.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

/** The app's own retry policy (src/slack/client.ts), its waits shortened. */
async function productionLike(): Promise<TestApp> {
  t = await startTestApp({
    users: [
      { id: ADMIN, name: 'ada' },
      { id: SAM, name: 'sam' },
    ],
    env: { ADMIN_USER_IDS: ADMIN },
    clientOptions: { retryConfig: { ...SLACK_RETRY, minTimeout: 5, maxTimeout: 10 } },
  });
  return t;
}

const ephemeralTexts = () => t.fake.callsTo('response_url').map((c) => String(c.args.text ?? ''));

describe('a 429 that outlasts the retries', () => {
  it('tells the person Slack asked us to slow down and to try again in a minute, not that we broke', async () => {
    await productionLike();
    t.fake.fail('views.open', { status: 429, retryAfter: 0, times: SLACK_RETRY.retries + 1 });
    expect((await t.driver.command(ADMIN, 'assign')).status).toBe(200);
    await t.settle();
    expect(t.fake.callsTo('views.open').map((c) => c.status)).toEqual([429, 429, 429]);
    const told = ephemeralTexts().join('\n');
    expect(told).toContain('Slack is asking us to slow down');
    expect(told).toContain('try again in a minute');
    expect(told).not.toContain('something went wrong on our side');
  });

  it('with no retries at all, says the same', async () => {
    t = await startTestApp({ users: [{ id: ADMIN, name: 'ada' }], env: { ADMIN_USER_IDS: ADMIN } });
    t.fake.fail('views.open', { status: 429, retryAfter: 0 });
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    expect(ephemeralTexts().join('\n')).toContain('Slack is asking us to slow down');
  });

  it('with rejectRateLimitedCalls, says the same', async () => {
    t = await startTestApp({
      users: [{ id: ADMIN, name: 'ada' }],
      env: { ADMIN_USER_IDS: ADMIN },
      clientOptions: { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
    });
    t.fake.fail('views.open', { status: 429, retryAfter: 5 });
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    expect(ephemeralTexts().join('\n')).toContain('Slack is asking us to slow down');
  });

  it('a server error past the retries still says it went wrong on our side', async () => {
    await productionLike();
    t.fake.fail('views.open', { status: 503, times: SLACK_RETRY.retries + 1 });
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    expect(ephemeralTexts().join('\n')).toContain('something went wrong on our side');
  });
});

describe('a call with a trigger id is not tried once Slack would refuse the trigger (3 s after the click)', () => {
  it('a 429 asking to wait past it: no retry, the person told Slack asked us to slow down, at once', async () => {
    await productionLike();
    t.fake.fail('views.open', { status: 429, retryAfter: 4 });
    const started = Date.now();
    expect((await t.driver.command(ADMIN, 'assign')).status).toBe(200);
    await t.settle();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(t.fake.callsTo('views.open').map((c) => c.status)).toEqual([429]);
    expect(ephemeralTexts().join('\n')).toContain('Slack is asking us to slow down');
  });

  it('a server error answered after 3 s: its retry is not sent', async () => {
    await productionLike();
    t.fake.fail('views.open', { status: 503 });
    const release = t.fake.hold('views.open');
    const command = t.driver.command(ADMIN, 'assign');
    await new Promise((resolve) => setTimeout(resolve, 3100));
    release();
    expect((await command).status).toBe(200);
    await t.settle();
    expect(t.fake.callsTo('views.open').map((c) => c.status)).toEqual([503]);
    expect(ephemeralTexts().join('\n')).toContain('something went wrong on our side');
  });

  it('a server error answered at once is still retried within the 3 s, and the modal opens', async () => {
    await productionLike();
    t.fake.fail('views.open', { status: 503 });
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    expect(t.fake.callsTo('views.open').map((c) => [c.status, c.response.ok])).toEqual([
      [503, false],
      [200, true],
    ]);
  });
});

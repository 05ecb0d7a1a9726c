import knexFactory from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_BODY_LIMIT } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { checkboxes, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { activeMentorship, lastOpened, now } from '../support/progress.ts';
import { testDatabaseUrl, testEngine } from '../support/storage.ts';

const SAM = 'USAM0001';
const MIA = 'UMIA0001';

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

describe('request bodies', () => {
  it('refuses a body larger than Slack ever sends with 413, before its signature is checked', async () => {
    t = await startTestApp({ users: [{ id: SAM }] });
    const body = `payload=${'x'.repeat(SLACK_BODY_LIMIT + 1)}`;
    const res = await t.driver.raw(body, 'application/x-www-form-urlencoded', { signature: 'v0=deadbeef' });
    expect(res.status).toBe(413);
    expect(t.logs.map((l) => l.text).join('\n')).not.toContain('xxxxxxxx');
  });

  it('takes the largest a Lifering form can be: a submission with every field full', async () => {
    t = await startTestApp({ users: [{ id: SAM }, { id: MIA }], now: () => now });
    await activeMentorship(t, SAM, MIA);
    await t.driver.command(MIA, 'assist');
    await t.settle();
    // Far past what the form allows (1,000 characters), in characters that grow most when encoded.
    const res = await t.driver.submitView(MIA, lastOpened(t), {
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue('🛟"'.repeat(20_000)) },
    });
    expect(res.status).toBe(200);
  });
});

describe('logs', () => {
  it('at LOG_LEVEL=debug, what people wrote is never logged', async () => {
    const lines: string[] = [];
    t = await startTestApp({
      users: [{ id: SAM }, { id: MIA }],
      now: () => now,
      env: { LOG_LEVEL: 'debug' },
      logger: createLogger('debug', { write: (line) => lines.push(line) > 0 }),
    });
    await activeMentorship(t, SAM, MIA);
    await t.driver.command(MIA, 'assist');
    await t.settle();
    await t.driver.submitView(MIA, lastOpened(t), {
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue('SECRET-NOTE stuck on joins') },
    });
    await t.settle();
    await t.driver.command(SAM, `progress <@${MIA}>`);
    await t.settle();
    // The note reached Slack (in the supporter's DM and on the progress page), and debug logging was on.
    expect(JSON.stringify(t.fake.dmsTo(SAM).at(-1)?.args)).toContain('SECRET-NOTE');
    expect(lines.filter((l) => JSON.parse(l).level === 'debug').length).toBeGreaterThan(10);
    expect(lines.filter((l) => l.includes('SECRET-NOTE'))).toEqual([]);
  });
});

describe.skipIf(testEngine !== 'postgres')('the database black-holed (no answer, no error)', () => {
  it('clicks are still acked, and /healthz says it is unreachable, in time', async () => {
    t = await startTestApp({ users: [{ id: SAM }, { id: MIA }], now: () => now });
    await t.driver.appHomeOpened(SAM);
    await t.settle();
    const home = t.fake.homeViews.get(SAM)!;
    // Every query on processed_events now waits, and holds its connection while it waits.
    const schema = (t.storage.db.client.config as { searchPath: string[] }).searchPath[0];
    const blocker = knexFactory({ client: 'pg', connection: testDatabaseUrl, pool: { min: 1, max: 1 } });
    let unlock: () => void = () => {};
    const released = new Promise<void>((resolve) => (unlock = resolve));
    let holding: Promise<void> = Promise.resolve();
    await new Promise<void>((locked, failed) => {
      holding = blocker.transaction(async (trx) => {
        await trx.raw(`LOCK TABLE ${schema}.processed_events IN ACCESS EXCLUSIVE MODE`);
        locked();
        await released;
      });
      holding.catch(failed);
    });
    try {
      // As many clicks as the pool has connections: each claim hangs on the lock, so the pool runs dry.
      const pool = (t.storage.db.client.config as { pool?: { max?: number } }).pool?.max ?? 10;
      const started = Date.now();
      const clicks = await Promise.all(
        Array.from({ length: pool }, () =>
          t.driver.blockAction(SAM, { action_id: ACTIONS.showHelp }, { viewId: home.id }),
        ),
      );
      expect(clicks.map((c) => c.status)).toEqual(Array(pool).fill(200));
      expect(Date.now() - started).toBeLessThan(3000);
      const checked = Date.now();
      const health = await fetch(`http://127.0.0.1:${t.port}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ ok: false, database: 'unreachable' });
      expect(Date.now() - checked).toBeLessThan(5000);
    } finally {
      unlock();
      await holding;
      await blocker.destroy();
    }
    await t.settle();
    expect((await fetch(`http://127.0.0.1:${t.port}/healthz`)).status).toBe(200);
  });
});

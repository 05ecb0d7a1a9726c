import { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/slack/dispatch.ts';
import { createDriver, type Driver } from '../harness/driver.ts';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const SECRET = 'dispatch-secret';
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'error' as never,
  setName() {},
};

describe('one dispatcher per kind of listener', () => {
  let fake: FakeSlack;
  let bolt: App;
  let driver: Driver;
  const seen: string[] = [];
  beforeAll(async () => {
    fake = await startFakeSlack({ users: [{ id: 'UMIA0001', name: 'mia' }] });
    bolt = new App({
      token: fake.token,
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: fake.url },
      logger: quiet,
    });
    const app = new Dispatcher(bolt);
    app.command('/mentor', async ({ ack, command }) => {
      seen.push(`command ${command.text}`);
      await ack();
    });
    app.command('/other', async ({ ack }) => {
      seen.push('other');
      await ack();
    });
    app.action('first', async ({ ack }) => {
      seen.push('action first');
      await ack();
    });
    app.action('second', async ({ ack }) => {
      seen.push('action second');
      await ack();
    });
    // A RegExp keeps Bolt's own matching, and its matches.
    app.action(/^score\.([1-5])$/, async ({ ack, context }) => {
      seen.push(`score ${String(context.actionIdMatches?.[1])}`);
      await ack();
    });
    // Bolt matches this one itself; a click on 'first' is routed and must reach it too.
    app.action(/^fir/, async () => {
      seen.push('regex first');
    });
    app.view('form', async ({ ack }) => {
      seen.push('view form');
      await ack();
    });
    app.view({ callback_id: 'form', type: 'view_closed' }, async ({ ack }) => {
      seen.push('closed form');
      await ack();
    });
    app.event('app_home_opened', async () => {
      seen.push('home');
    });
    const server = (await bolt.start(0)) as import('node:http').Server;
    const port = (server.address() as { port: number }).port;
    driver = createDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET, fake });
  });
  afterAll(async () => {
    await bolt.stop();
    await fake.close();
  });

  it('leaves Bolt only the listeners it must match itself (a RegExp), and its global middleware', () => {
    // Bolt keeps its listeners in a private array; its length is the number of chains each request runs.
    expect((bolt as unknown as { listeners: unknown[] }).listeners).toHaveLength(2);
  });

  it('refuses global middleware added after the first listener, which would never run', () => {
    const app = new Dispatcher(
      new App({ token: fake.token, signingSecret: SECRET, clientOptions: { slackApiUrl: fake.url }, logger: quiet }),
    );
    app.use(async ({ next }) => next());
    app.command('/late', async ({ ack }) => ack());
    expect(() => app.use(async ({ next }) => next())).toThrow(/before registering listeners/);
  });

  it('routes each request by its id to its own listener, and nothing else', async () => {
    seen.length = 0;
    expect((await driver.command('UMIA0001', 'list')).status).toBe(200);
    expect(seen).toEqual(['command list']);
    const button = (id: string) => ({
      type: 'button' as const,
      action_id: id,
      text: { type: 'plain_text' as const, text: id },
    });
    await bolt.client.chat.postMessage({
      channel: 'UMIA0001',
      text: 'buttons',
      blocks: [{ type: 'actions', elements: ['first', 'second', 'score.4'].map(button) }],
    });
    seen.length = 0;
    await driver.blockAction('UMIA0001', { action_id: 'second' });
    await driver.blockAction('UMIA0001', { action_id: 'score.4' });
    expect(seen).toEqual(['action second', 'score 4']);
    seen.length = 0;
    await driver.blockAction('UMIA0001', { action_id: 'first' });
    expect(seen.sort()).toEqual(['action first', 'regex first']);
    seen.length = 0;
    await driver.appHomeOpened('UMIA0001');
    await expect.poll(() => seen).toEqual(['home']);
  });
});

describe('the app through the dispatcher', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: [{ id: 'UMIA0001', name: 'mia' }] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('serves its many listeners from a handful of Bolt listeners', () => {
    const r = t.lifering.registrations;
    const registered = r.commands.size + r.actions.size + r.views.size + r.events.size;
    expect(registered).toBeGreaterThan(25);
    expect((t.lifering.app as unknown as { listeners: unknown[] }).listeners.length).toBeLessThan(8);
  });
});

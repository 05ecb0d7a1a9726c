import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDriver, type Driver, signRequest, textValue } from './driver.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';

const signingSecret = 'test-signing-secret';
const plain = (text: string) => ({ type: 'plain_text' as const, text });

const findMentorModal = {
  type: 'modal' as const,
  callback_id: 'find_mentor',
  private_metadata: 'cohort-7',
  title: plain('Find a mentor'),
  submit: plain('Next'),
  blocks: [
    {
      type: 'input' as const,
      block_id: 'goal',
      label: plain('Your goal'),
      element: { type: 'plain_text_input' as const, action_id: 'goal_text' },
    },
    {
      type: 'actions' as const,
      block_id: 'tools',
      elements: [{ type: 'button' as const, action_id: 'suggest', text: plain('Suggest'), value: 'suggest' }],
    },
  ],
};

const confirmModal = {
  type: 'modal' as const,
  callback_id: 'confirm_mentor',
  title: plain('Confirm'),
  submit: plain('Done'),
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'All set?' } }],
};

/** What the listeners saw, so tests can assert the request reached them. */
const seen: { kind: string; detail: unknown }[] = [];

let fake: FakeSlack;
let app: App;
let drive: Driver;
let startupAuthTest: unknown;

beforeAll(async () => {
  fake = await startFakeSlack({ users: [{ id: 'U100', name: 'ada' }] });
  app = new App({
    token: fake.token,
    signingSecret,
    logLevel: LogLevel.ERROR,
    // Responses come back only after listeners finish, so tests need no waiting.
    processBeforeResponse: true,
    clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
  });

  app.command('/mentor', async ({ ack, command, client, respond }) => {
    await ack();
    seen.push({ kind: 'command', detail: command });
    if (command.text === 'find') await client.views.open({ trigger_id: command.trigger_id, view: findMentorModal });
    else if (command.text === 'dm') {
      await client.chat.postMessage({
        channel: command.user_id,
        text: 'Ada would like to mentor you',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Ada would like to mentor you' } },
          {
            type: 'actions',
            block_id: 'offer',
            elements: [{ type: 'button', action_id: 'accept', text: plain('Accept'), value: 'offer-1' }],
          },
        ],
      });
    } else await respond(`You said: ${command.text}`);
  });

  app.action('accept', async ({ ack, body, action, respond }) => {
    await ack();
    seen.push({ kind: 'accept', detail: { body, action } });
    await respond({ replace_original: true, text: 'Accepted' });
  });

  app.action('suggest', async ({ ack, body }) => {
    await ack();
    seen.push({ kind: 'suggest', detail: body });
  });

  app.view('find_mentor', async ({ ack, view }) => {
    seen.push({ kind: 'view', detail: view });
    const goal = view.state.values.goal?.goal_text?.value ?? '';
    if (goal.trim() === '') await ack({ response_action: 'errors', errors: { goal: 'Tell us your goal' } });
    else await ack({ response_action: 'update', view: confirmModal });
  });

  app.view('confirm_mentor', async ({ ack }) => {
    await ack();
  });

  app.event('app_home_opened', async ({ event, client, context }) => {
    seen.push({ kind: 'home', detail: { event, retryNum: context.retryNum, retryReason: context.retryReason } });
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hi' } }] },
    });
  });

  const server = await app.start(0);
  const { port } = server.address() as AddressInfo;
  drive = createDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret, fake });
  // Bolt authorizes the first request with the result of its startup auth.test.
  await drive.command('U100', 'warm up');
  startupAuthTest = fake.callsTo('auth.test')[0]?.response;
});

afterAll(async () => {
  await app.stop();
  await fake.close();
});

beforeEach(() => {
  seen.length = 0;
  fake.reset();
});

describe('driver against a Bolt app', () => {
  it('let Bolt run auth.test against the fake at startup', () => {
    expect(startupAuthTest).toMatchObject({ ok: true, user_id: fake.botUserId, bot_id: fake.botId });
  });

  it('echoes the url_verification challenge', async () => {
    const res = await drive.urlVerification('c-123');
    expect(res).toMatchObject({ status: 200, body: { challenge: 'c-123' } });
  });

  it('delivers a slash command with every field and a working response_url', async () => {
    const res = await drive.command('U100', 'hello there');
    expect(res.status).toBe(200);
    expect(seen[0]?.detail).toMatchObject({
      command: '/mentor',
      text: 'hello there',
      user_id: 'U100',
      user_name: 'ada',
      team_id: fake.teamId,
      api_app_id: fake.appId,
      is_enterprise_install: 'false',
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
    });
    expect(fake.lastCall('response_url')?.args).toEqual({ text: 'You said: hello there' });
  });

  it('walks a modal: open, action, errors, update, close', async () => {
    await drive.command('U100', 'find');
    const opened = fake.lastCall('views.open');
    expect(opened?.response.ok).toBe(true);
    const viewId = String((opened?.response.view as { id: string }).id);

    const click = await drive.blockAction('U100', { action_id: 'suggest' }, { viewId });
    expect(click.status).toBe(200);
    expect(seen.at(-1)?.detail).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: viewId },
      view: { id: viewId, callback_id: 'find_mentor' },
      actions: [{ action_id: 'suggest', block_id: 'tools', type: 'button', value: 'suggest' }],
    });

    const empty = await drive.submitView('U100', viewId, { goal: { goal_text: textValue(' ') } });
    expect(empty.body).toEqual({ response_action: 'errors', errors: { goal: 'Tell us your goal' } });
    expect(fake.view(viewId)?.callback_id).toBe('find_mentor');

    const filled = await drive.submitView('U100', viewId, { goal: { goal_text: textValue('Learn Rust') } });
    expect(seen.at(-1)?.detail).toMatchObject({
      private_metadata: 'cohort-7',
      state: { values: { goal: { goal_text: { value: 'Learn Rust' } } } },
    });
    expect(filled.viewErrors).toEqual([]);
    expect(fake.view(viewId)?.callback_id).toBe('confirm_mentor');

    const done = await drive.submitView('U100', viewId, {});
    expect(done).toMatchObject({ status: 200, body: '' });
    expect(fake.view(viewId)).toBeUndefined();
  });

  it('clicks a button in a DM and sees the message replaced through respond()', async () => {
    await drive.command('U100', 'dm');
    const [dm] = fake.dmsTo('U100');
    expect(dm?.response.ok).toBe(true);

    const res = await drive.blockAction('U100', { action_id: 'accept' });
    expect(res.status).toBe(200);
    expect(seen.at(-1)?.detail).toMatchObject({
      body: {
        container: { type: 'message', channel_id: fake.dmChannel('U100') },
        message: { text: 'Ada would like to mentor you' },
      },
      action: { action_id: 'accept', block_id: 'offer', value: 'offer-1' },
    });
    expect(fake.messagesIn('U100').map((m) => m.text)).toEqual(['Accepted']);
  });

  it('delivers events with retry headers and lets the app publish Home', async () => {
    const res = await drive.appHomeOpened('U100', { retryNum: 1, retryReason: 'http_timeout' });
    expect(res.status).toBe(200);
    expect(seen[0]?.detail).toMatchObject({
      event: { type: 'app_home_opened', user: 'U100', tab: 'home' },
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(fake.homeViews.get('U100')?.type).toBe('home');
  });

  it('gets 401 for a wrong signature or a stale timestamp', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'x' });
    expect((await drive.raw(body, 'application/json', { signature: 'v0=deadbeef' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 301;
    expect((await drive.raw(body, 'application/json', { timestamp: stale })).status).toBe(401);
    expect(
      (
        await drive.raw(body, 'application/json', {
          timestamp: stale,
          signature: signRequest(signingSecret, stale, body),
        })
      ).status,
    ).toBe(401);
    expect(seen).toEqual([]);
  });

  it('gets 400 when a form body carries a charset (Bolt compares the content type exactly)', async () => {
    const res = await drive.raw('command=%2Fmentor&text=hi', 'application/x-www-form-urlencoded; charset=utf-8');
    expect(res.status).toBe(400);
  });
});

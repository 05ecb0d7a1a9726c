// What the browser sandbox needs from the fake and the driver beyond the tests' own use:
// whose modal is open, command acks shown as ephemeral replies, ephemeral messages replaced
// through their response_url, and external_select options fetched with block_suggestion.

import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver, type Driver } from './driver.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';

const signingSecret = 'test-signing-secret';
const plain = (text: string) => ({ type: 'plain_text' as const, text });
const pickModal = {
  type: 'modal' as const,
  callback_id: 'pick',
  title: plain('Pick a topic'),
  submit: plain('Save'),
  blocks: [
    {
      type: 'input' as const,
      block_id: 'topic',
      label: plain('Topic'),
      element: { type: 'external_select' as const, action_id: 'topic_search', min_query_length: 0 },
    },
  ],
};

let fake: FakeSlack;
let app: App;
let drive: Driver;

beforeAll(async () => {
  fake = await startFakeSlack({
    users: [
      { id: 'U100', name: 'ada' },
      { id: 'U200', name: 'bo' },
    ],
  });
  app = new App({
    token: fake.token,
    signingSecret,
    logLevel: LogLevel.ERROR,
    processBeforeResponse: true,
    clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
  });
  app.command('/mentor', async ({ ack, command, client, respond }) => {
    if (command.text === 'pick') {
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: pickModal });
    } else if (command.text === 'choose') {
      await ack({
        response_type: 'ephemeral',
        text: 'Choose',
        blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'chosen', text: plain('This one') }] }],
      });
    } else {
      await ack();
      await respond('Later');
    }
  });
  app.action('chosen', async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: 'Chosen' });
  });
  app.options('topic_search', async ({ ack, payload }) => {
    await ack({ options: [{ text: plain(`Rust (${payload.value})`), value: 'rust' }] });
  });
  const server = (await app.start(0)) as { address(): AddressInfo };
  drive = createDriver({ appUrl: `http://127.0.0.1:${server.address().port}/slack/events`, signingSecret, fake });
});

afterAll(async () => {
  await app.stop();
  await fake.close();
});

describe('fake Slack for the sandbox', () => {
  it('knows whose modal a trigger opened, and forgets it when it closes', async () => {
    await drive.command('U100', 'pick');
    const [modal] = fake.openModals('U100');
    expect(modal?.callback_id).toBe('pick');
    expect(fake.openModals('U200')).toEqual([]);
    fake.closeView(modal!.id);
    expect(fake.openModals('U100')).toEqual([]);
  });

  it('shows an ack that carries a message as an ephemeral reply, and lets its response_url replace it', async () => {
    const res = await drive.command('U100', 'choose');
    const body = res.body as { text: string; blocks: unknown[] };
    const shown = fake.showAckReply('C0GENERAL', 'U100', { text: body.text, blocks: body.blocks });
    expect(shown.ephemeralTo).toBe('U100');
    await drive.blockAction('U100', { action_id: 'chosen' }, { channelId: 'C0GENERAL', messageTs: shown.ts });
    expect(
      fake
        .messagesIn('C0GENERAL')
        .filter((m) => m.ephemeralTo === 'U100')
        .map((m) => m.text),
    ).toEqual(['Chosen']);
  });

  it("does not let someone else's response_url replace an ephemeral message", async () => {
    const shown = fake.showAckReply('C0GENERAL', 'U200', { text: 'Only for Bo' });
    await drive.blockAction('U100', { action_id: 'chosen' }, { channelId: 'C0GENERAL', messageTs: shown.ts });
    expect(fake.messagesIn('C0GENERAL').find((m) => m.ts === shown.ts)?.text).toBe('Only for Bo');
  });

  it('fetches external_select options from the app with a signed block_suggestion', async () => {
    await drive.command('U100', 'pick');
    const viewId = fake.openModals('U100')[0]!.id;
    const res = await drive.blockSuggestion(
      'U100',
      { action_id: 'topic_search', block_id: 'topic', value: 'ru' },
      { viewId },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ options: [{ text: plain('Rust (ru)'), value: 'rust' }] });
  });
});

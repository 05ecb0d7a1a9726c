import { stringify as formEncode } from 'node:querystring';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const T = 'T0LIFERING';

const who = { id: MIA, username: 'mia', name: 'mia', team_id: T };
const team = { id: T, domain: 'lifering-test' };

describe('deliveries Lifering does not handle get a quick, quiet 200', () => {
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
  beforeEach(() => {
    t.logs.length = 0;
    t.fake.reset();
  });

  const quiet = () => expect(t.logs.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);

  it.each([
    [
      'a global shortcut',
      {
        type: 'shortcut',
        token: 'x',
        action_ts: '1700000000.1',
        team,
        user: who,
        is_enterprise_install: false,
        enterprise: null,
        callback_id: 'someone_elses_shortcut',
        trigger_id: '1.2.abc',
      },
    ],
    [
      'a message shortcut',
      {
        type: 'message_action',
        token: 'x',
        action_ts: '1700000000.1',
        team,
        user: who,
        channel: { id: 'C0GENERAL', name: 'general' },
        is_enterprise_install: false,
        enterprise: null,
        callback_id: 'save_message',
        trigger_id: '1.2.abc',
        response_url: 'https://hooks.slack.com/app/T0LIFERING/1/x',
        message_ts: '1700000000.000100',
        message: { type: 'message', user: ADMIN, ts: '1700000000.000100', text: 'hello' },
      },
    ],
    [
      'view_closed of a Lifering modal',
      {
        type: 'view_closed',
        team,
        user: who,
        api_app_id: 'A0LIFERING',
        token: 'x',
        is_cleared: false,
        is_enterprise_install: false,
        enterprise: null,
        view: {
          id: 'V0CLOSED',
          team_id: T,
          type: 'modal',
          callback_id: 'save_assist',
          private_metadata: '',
          state: { values: {} },
          hash: 'h',
          root_view_id: 'V0CLOSED',
          app_id: 'A0LIFERING',
          app_installed_team_id: T,
          bot_id: 'B0',
        },
      },
    ],
    [
      'a button from a message whose action id no release knows',
      {
        type: 'block_actions',
        team,
        user: who,
        api_app_id: 'A0LIFERING',
        token: 'x',
        trigger_id: '1.2.abc',
        is_enterprise_install: false,
        enterprise: null,
        container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0MIA', is_ephemeral: false },
        channel: { id: 'D0MIA', name: 'directmessage' },
        message: { type: 'message', ts: '1700000000.000100', text: 'old', bot_id: 'B0' },
        state: { values: {} },
        response_url: 'https://hooks.slack.com/actions/T0LIFERING/1/x',
        actions: [
          {
            type: 'button',
            action_id: 'retired_button_v0',
            block_id: 'b',
            text: { type: 'plain_text', text: 'Old' },
            value: '1',
            action_ts: '1700000000.2',
          },
        ],
      },
    ],
  ])('%s', async (_what, payload) => {
    // A fresh trigger id each time: a repeated one is dropped as a redelivery before any listener.
    const res = await t.driver.interaction(
      'trigger_id' in payload ? { ...payload, trigger_id: t.fake.issueTriggerId({ userId: MIA }) } : payload,
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await t.settle();
    expect(t.fake.calls.filter((c) => c.method !== 'users.info')).toEqual([]);
    quiet();
  });

  it('app_rate_limited', async () => {
    const res = await t.driver.raw(
      JSON.stringify({
        token: 'x',
        type: 'app_rate_limited',
        team_id: T,
        minute_rate_limited: 1518467820,
        api_app_id: 'A0LIFERING',
      }),
      'application/json',
    );
    expect(res.status).toBe(200);
    await t.settle();
    quiet();
  });

  it('a slash command whose content type carries a charset is read and answered', async () => {
    const body = formEncode({
      token: 'x',
      team_id: T,
      team_domain: 'lifering-test',
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      user_id: MIA,
      user_name: 'mia',
      command: '/mentor',
      text: 'help',
      api_app_id: 'A0LIFERING',
      is_enterprise_install: 'false',
      response_url: t.fake.responseUrl({ channel: 'C0GENERAL', userId: MIA }),
      trigger_id: t.fake.issueTriggerId({ userId: MIA }),
    });
    const res = await t.driver.raw(body, 'application/x-www-form-urlencoded; charset=utf-8');
    expect(res.status).toBe(200);
    expect((res.body as { text: string }).text).toContain('runs your mentoring programme');
    quiet();
  });

  it('a reply goes out whole, with its length and JSON type, not chunked', async () => {
    const res = await t.driver.command(MIA, 'help');
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/json');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(res.body)));
    const empty = await t.driver.event({
      type: 'reaction_added',
      user: MIA,
      reaction: 'tada',
      item: { type: 'message', channel: 'C0GENERAL', ts: '1700000000.000100' },
    });
    expect(empty.headers['content-length']).toBe('0');
    await t.settle();
    quiet();
  });

  it('an event Lifering does not subscribe to', async () => {
    const res = await t.driver.event({
      type: 'reaction_added',
      user: MIA,
      reaction: 'tada',
      item: { type: 'message', channel: 'C0GENERAL', ts: '1700000000.000100' },
    });
    expect(res.status).toBe(200);
    await t.settle();
    quiet();
  });
});

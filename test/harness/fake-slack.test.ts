import { ErrorCode, type Logger, LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from './block-limits.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';

const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

let clock = 1_700_000_000_000;
let fake: FakeSlack;
let client: WebClient;

/** A raw Web API call, for what WebClient would not send (no token, odd bodies). */
async function api(method: string, body: Record<string, string>, token: string | null = fake.token) {
  const res = await fetch(`${fake.url}${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: new URLSearchParams(body).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Find a mentor' },
  blocks: [section('Hello')],
  ...extra,
});
const input = {
  type: 'input',
  block_id: 'goal',
  label: { type: 'plain_text', text: 'Goal' },
  element: { type: 'plain_text_input', action_id: 'goal_text' },
};

/** Resolves to the Slack error code a WebClient call failed with. */
async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { error?: string } }).data;
    if (data?.error) return data.error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  fake = await startFakeSlack({
    now: () => clock,
    users: [
      { id: 'U100', name: 'ada', real_name: 'Ada Lovelace' },
      { id: 'U200', name: 'grace', tz: 'America/New_York', tz_offset: -18000 },
      { id: 'U300', name: 'gone', deleted: true },
    ],
  });
  client = new WebClient(fake.token, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: quiet });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('auth and routing', () => {
  it('answers unknown methods with unknown_method', async () => {
    expect((await api('chat.frobnicate', {})).body).toEqual({ ok: false, error: 'unknown_method' });
  });

  it('rejects a missing token with not_authed and a wrong one with invalid_auth', async () => {
    expect((await api('auth.test', {}, null)).body.error).toBe('not_authed');
    expect((await api('auth.test', {}, 'xoxb-wrong')).body.error).toBe('invalid_auth');
    expect((await api('auth.test', { token: fake.token }, null)).body.ok).toBe(true);
  });

  it('answers auth.test like Slack and records the call', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: 'T0LIFERING', user_id: fake.botUserId, bot_id: fake.botId });
    expect(fake.lastCall('auth.test')).toMatchObject({ token: fake.token, status: 200, response: { ok: true } });
  });

  it("says in x-oauth-scopes which scopes the token has, and dates each answer with Slack's clock", async () => {
    const res = await api('auth.test', {});
    expect(res.headers.get('x-oauth-scopes')).toBe('commands,chat:write,users:read,files:write,im:write');
    expect(res.headers.get('date')).toBe(new Date(clock).toUTCString());
    // web-api reads the header into response_metadata, which is what `npm run doctor` looks at.
    expect((await client.auth.test()).response_metadata?.scopes).toEqual([
      'commands',
      'chat:write',
      'users:read',
      'files:write',
      'im:write',
    ]);
    expect((await api('auth.test', {}, 'xoxb-wrong')).headers.get('x-oauth-scopes')).toBeNull();
  });

  it('answers missing_scope, with what was needed and provided, when the token lacks the scope', async () => {
    const token = fake.tokens.get(fake.token)!;
    const granted = token.scopes;
    token.scopes = ['commands', 'users:read'];
    try {
      const res = await api('chat.postMessage', { channel: 'U100', text: 'hi' });
      expect(res.body).toEqual({
        ok: false,
        error: 'missing_scope',
        needed: 'chat:write',
        provided: 'commands,users:read',
      });
      expect(res.headers.get('x-accepted-oauth-scopes')).toBe('chat:write');
      expect((await api('users.info', { user: 'U100' })).body.ok).toBe(true);
      expect(fake.dmsTo('U100')).toEqual([]);
    } finally {
      token.scopes = granted;
    }
  });
});

describe('messages', () => {
  it('opens a DM when posting to a user id and keeps updates', async () => {
    const posted = await client.chat.postMessage({ channel: 'U100', text: 'Welcome' });
    expect(posted.channel).toBe(fake.dmChannel('U100'));
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    const second = await client.chat.postMessage({ channel: fake.dmChannel('U100'), text: 'Again' });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    await client.chat.update({ channel: posted.channel ?? '', ts: posted.ts ?? '', text: 'Welcome back' });
    expect(fake.messagesIn('U100').map((m) => m.text)).toEqual(['Welcome back', 'Again']);
    expect(fake.messagesIn('U100')[0]?.history).toEqual([
      { text: 'Welcome', blocks: undefined, attachments: undefined },
    ]);
    expect(fake.dmsTo('U100')).toHaveLength(2);
  });

  it('rejects what Slack rejects', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'U100', text: '' }))).toBe('no_text');
    expect(await slackError(client.chat.postMessage({ channel: 'U100', text: 'x'.repeat(40_001) }))).toBe(
      'msg_too_long',
    );
    expect(await slackError(client.chat.postMessage({ channel: 'U999', text: 'hi' }))).toBe('channel_not_found');
    expect(await slackError(client.chat.update({ channel: 'C123', ts: '1.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
    const noChannel = await api('chat.postMessage', { text: 'hi' });
    expect(noChannel.body).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: channel'] },
    });
    expect(fake.dmsTo('U100')).toEqual([]);
  });

  it('rejects 51 blocks but accepts 50', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`Row ${i}`));
    const res = await api('chat.postMessage', { channel: 'C123', blocks: JSON.stringify(blocks) });
    expect(res.body).toEqual({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
    await expect(
      client.chat.postMessage({ channel: 'C123', text: 'rows', blocks: blocks.slice(1) }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('rejects a 151-character header and a 76-character button', async () => {
    const header = { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } };
    const button = {
      type: 'actions',
      elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'b'.repeat(76) } }],
    };
    const res = await api('chat.postMessage', { channel: 'C123', text: 'x', blocks: JSON.stringify([header, button]) });
    expect(res.body.error).toBe('invalid_blocks');
    expect(res.body.response_metadata).toEqual({
      messages: [
        '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]',
        '[ERROR] must be less than 76 characters [json-pointer:/blocks/1/elements/0/text/text]',
      ],
    });
  });

  it('reports unparsable blocks as invalid_blocks_format', async () => {
    expect((await api('chat.postMessage', { channel: 'C123', blocks: '[{' })).body.error).toBe('invalid_blocks_format');
  });

  it('posts ephemeral messages and deletes messages', async () => {
    const eph = await client.chat.postEphemeral({ channel: 'C123', user: 'U100', text: 'only you' });
    expect(eph.message_ts).toBeDefined();
    expect(fake.messagesIn('C123')[0]?.ephemeralTo).toBe('U100');
    const posted = await client.chat.postMessage({ channel: 'C123', text: 'bye' });
    await client.chat.delete({ channel: 'C123', ts: posted.ts ?? '' });
    expect(fake.messagesIn('C123').map((m) => m.text)).toEqual(['only you']);
  });
});

describe('users and conversations', () => {
  it('opens stable DMs and refuses unknown or deactivated users', async () => {
    const first = await client.conversations.open({ users: 'U100' });
    expect(first.channel?.id).toBe(fake.dmChannel('U100'));
    expect((await client.conversations.open({ users: 'U100' })).channel?.id).toBe(first.channel?.id);
    expect(await slackError(client.conversations.open({ users: 'U999' }))).toBe('user_not_found');
    expect(await slackError(client.conversations.open({ users: 'U300' }))).toBe('user_disabled');
  });

  it('serves users.info with defaults and users.list with cursors', async () => {
    const info = await client.users.info({ user: 'U100' });
    expect(info.user).toMatchObject({
      id: 'U100',
      name: 'ada',
      real_name: 'Ada Lovelace',
      tz: 'Europe/London',
      deleted: false,
    });
    expect(await slackError(client.users.info({ user: 'U999' }))).toBe('user_not_found');

    const ids: string[] = [];
    for await (const page of client.paginate('users.list', { limit: 2 })) {
      ids.push(...((page as { members?: { id: string }[] }).members ?? []).map((m) => m.id));
    }
    expect(ids).toEqual(['U100', 'U200', 'U300', fake.botUserId]);
    expect(fake.callsTo('users.list')).toHaveLength(2);
  });
});

describe('views and trigger ids', () => {
  it('opens a modal once per trigger id', async () => {
    const trigger = fake.issueTriggerId();
    expect(trigger).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    const opened = await client.views.open({ trigger_id: trigger, view: modal({ callback_id: 'find' }) as never });
    expect(opened.view).toMatchObject({ type: 'modal', callback_id: 'find', state: { values: {} } });
    expect(opened.view?.id).toMatch(/^V/);
    expect(opened.view?.root_view_id).toBe(opened.view?.id);
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() as never }))).toBe(
      'exchanged_trigger_id',
    );
    expect(await slackError(client.views.open({ trigger_id: '1.2.abc', view: modal() as never }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('expires trigger ids after 3 seconds', async () => {
    const trigger = fake.issueTriggerId();
    clock += 3000;
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() as never }))).toBe(
      'expired_trigger_id',
    );
  });

  it('rejects 101 blocks, a 25-character title and an input without submit', async () => {
    const call = (view: object) => api('views.open', { trigger_id: fake.issueTriggerId(), view: JSON.stringify(view) });
    const big = await call(modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }));
    expect(big.body.error).toBe('invalid_arguments');
    expect(big.body.response_metadata).toEqual({
      messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'],
    });
    expect((await call(modal({ blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) }))).body.ok).toBe(
      true,
    );

    const title = await call(modal({ title: { type: 'plain_text', text: 't'.repeat(25) } }));
    expect(title.body.response_metadata).toEqual({
      messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
    });

    const noSubmit = await call(modal({ blocks: [input] }));
    expect(noSubmit.body.response_metadata).toEqual({
      messages: ['[ERROR] must define `submit` to use `input` block [json-pointer:/view/blocks/0/input]'],
    });
  });

  it('answers view_too_large above 250 kB', async () => {
    const blocks = Array.from({ length: 90 }, () => section('x'.repeat(2900)));
    const res = await api('views.open', { trigger_id: fake.issueTriggerId(), view: JSON.stringify(modal({ blocks })) });
    expect(res.body.error).toBe('view_too_large');
  });

  it('pushes at most two views on a modal and updates by id with hash checks', async () => {
    const root = (await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal() as never })).view;
    const rootId = root?.id ?? '';
    await client.views.push({ trigger_id: fake.issueTriggerId({ viewId: rootId }), view: modal() as never });
    await client.views.push({ trigger_id: fake.issueTriggerId({ viewId: rootId }), view: modal() as never });
    expect(fake.viewStack(rootId)).toHaveLength(3);
    expect(
      await slackError(
        client.views.push({ trigger_id: fake.issueTriggerId({ viewId: rootId }), view: modal() as never }),
      ),
    ).toBe('push_limit_reached');

    expect(await slackError(client.views.update({ view_id: rootId, hash: 'stale', view: modal() as never }))).toBe(
      'hash_conflict',
    );
    const updated = await client.views.update({
      view_id: rootId,
      hash: root?.hash ?? '',
      view: modal({ callback_id: 'v2' }) as never,
    });
    expect(updated.view).toMatchObject({ id: rootId, callback_id: 'v2' });
    expect(updated.view?.hash).not.toBe(root?.hash);
    expect(await slackError(client.views.update({ view_id: 'V404', view: modal() as never }))).toBe('not_found');
  });

  it('publishes one Home tab per user', async () => {
    const home = { type: 'home', blocks: [section('Your mentors')] } as const;
    const first = await client.views.publish({ user_id: 'U100', view: home as never });
    const second = await client.views.publish({
      user_id: 'U100',
      view: { ...home, blocks: [section('Updated')] } as never,
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(fake.homeViews.get('U100')?.blocks).toEqual([section('Updated')]);
    expect(await slackError(client.views.publish({ user_id: 'U100', view: modal() as never }))).toBe(
      'invalid_arguments',
    );
  });
});

describe('fault injection', () => {
  it('answers an injected error code, then recovers', async () => {
    fake.fail('chat.postMessage', { error: 'channel_not_found', times: 2 });
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'a' }))).toBe('channel_not_found');
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'b' }))).toBe('channel_not_found');
    await expect(client.chat.postMessage({ channel: 'C1', text: 'c' })).resolves.toMatchObject({ ok: true });
    expect(fake.callsTo('chat.postMessage').map((c) => c.response.ok)).toEqual([false, false, true]);
  });

  it('answers HTTP 500', async () => {
    fake.fail('users.info', { status: 500 });
    await expect(client.users.info({ user: 'U100' })).rejects.toMatchObject({
      code: ErrorCode.HTTPError,
      statusCode: 500,
    });
    expect(fake.lastCall('users.info')?.status).toBe(500);
  });

  it('answers 429 with Retry-After', async () => {
    fake.fail('chat.postMessage', { retryAfter: 7 });
    const raw = await api('chat.postMessage', { channel: 'C1', text: 'x' });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(raw.body).toEqual({ ok: false, error: 'ratelimited' });

    const strict = new WebClient(fake.token, {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: quiet,
    });
    fake.fail('chat.postMessage', { retryAfter: 3 });
    await expect(strict.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 3,
    });
  });

  it('holds the next call to a method until released, and answers the ones after it at once', async () => {
    const release = fake.hold('auth.test');
    let held = false;
    const first = client.auth.test().then((r) => ((held = true), r));
    expect((await client.auth.test()).ok).toBe(true);
    expect(held).toBe(false);
    release();
    expect((await first).ok).toBe(true);
  });
});

describe('files', () => {
  it('runs the external upload flow by hand', async () => {
    const url = await api('files.getUploadURLExternal', { filename: 'notes.txt', length: '5' });
    expect(url.body).toMatchObject({ ok: true, upload_url: expect.stringContaining(`${fake.origin}/upload/`) });
    const fileId = String(url.body.file_id);

    const early = await api('files.completeUploadExternal', { files: JSON.stringify([{ id: fileId }]) });
    expect(early.body.error).toBe('file_not_found');

    const put = await fetch(String(url.body.upload_url), { method: 'POST', body: 'hello' });
    expect(put.status).toBe(200);
    const done = await api('files.completeUploadExternal', {
      files: JSON.stringify([{ id: fileId, title: 'Notes' }]),
      channel_id: 'U100',
      initial_comment: 'Your notes',
    });
    expect(done.body).toMatchObject({ ok: true, files: [{ id: fileId, title: 'Notes', name: 'notes.txt' }] });
    expect(fake.files.get(fileId)?.bytes?.toString()).toBe('hello');
    expect(fake.messagesIn('U100')[0]).toMatchObject({ text: 'Your notes', files: [{ id: fileId }] });
  });

  it('works with WebClient.filesUploadV2', async () => {
    const res = await client.filesUploadV2({
      channel_id: 'C123',
      content: 'a,b\n1,2\n',
      filename: 'export.csv',
      title: 'Export',
    });
    expect(res.ok).toBe(true);
    const [file] = [...fake.files.values()];
    expect(file?.bytes?.toString()).toBe('a,b\n1,2\n');
    expect(file).toMatchObject({ filename: 'export.csv', title: 'Export', completed: true });
  });
});

describe('response_url', () => {
  it('records posts and validates their blocks', async () => {
    const url = fake.responseUrl({ channel: 'C123', userId: 'U100' });
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Done' }),
    });
    expect(await ok.json()).toEqual({ ok: true });
    expect(fake.lastCall('response_url')?.args).toEqual({ text: 'Done' });
    expect(fake.messagesIn('C123')[0]).toMatchObject({ text: 'Done', ephemeralTo: 'U100' });

    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const bad = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ blocks: tooMany }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_blocks');
  });
});

describe('block-limits', () => {
  const errs = (blocks: unknown[]) => validateBlocks(blocks, 'message');

  it('accepts a typical message', () => {
    expect(
      errs([
        { type: 'header', text: { type: 'plain_text', text: 'Your match' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Ada*' }, fields: [{ type: 'mrkdwn', text: 'a' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'note' }] },
        { type: 'divider' },
        {
          type: 'actions',
          block_id: 'match',
          elements: [
            {
              type: 'button',
              action_id: 'accept',
              text: { type: 'plain_text', text: 'Accept' },
              value: 'm1',
              style: 'primary',
            },
            {
              type: 'overflow',
              action_id: 'more',
              options: [
                { text: { type: 'plain_text', text: 'Snooze' }, value: 'snooze' },
                { text: { type: 'plain_text', text: 'Decline' }, value: 'decline' },
              ],
            },
          ],
        },
      ]),
    ).toEqual([]);
  });

  it("takes a button's accessibility_label up to Slack's 75 characters, and no longer", () => {
    const withLabel = (label: unknown) => [
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'next', text: { type: 'plain_text', text: '▶' }, accessibility_label: label },
        ],
      },
    ];
    expect(errs(withLabel('Next page'))).toEqual([]);
    expect(errs(withLabel('x'.repeat(75)))).toEqual([]);
    expect(errs(withLabel('x'.repeat(76)))).toEqual([
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/accessibility_label]',
    ]);
    expect(errs(withLabel(7))).toEqual([
      '[ERROR] must be a string [json-pointer:/blocks/0/elements/0/accessibility_label]',
    ]);
  });

  it('flags types, duplicates and option limits', () => {
    const opt = (value: string) => ({ text: { type: 'plain_text', text: 'x' }, value });
    expect(
      errs([
        { type: 'carousel' },
        { type: 'header', block_id: 'a', text: { type: 'mrkdwn', text: 'x' } },
        { type: 'divider', block_id: 'a' },
        { type: 'actions', elements: [{ type: 'overflow', action_id: 'o', options: [opt('v'.repeat(151))] }] },
        { type: 'section', text: { type: 'mrkdwn', text: '' } },
      ]),
    ).toEqual([
      '[ERROR] unsupported type: carousel [json-pointer:/blocks/0/type]',
      '[ERROR] must be one of the following: plain_text [json-pointer:/blocks/1/text/type]',
      '[ERROR] duplicate block_id: a [json-pointer:/blocks/2/block_id]',
      '[ERROR] must provide at least 2 items [json-pointer:/blocks/3/elements/0/options]',
      '[ERROR] must be less than 151 characters [json-pointer:/blocks/3/elements/0/options/0/value]',
      '[ERROR] must be more than 0 characters [json-pointer:/blocks/4/text/text]',
    ]);
  });

  it('checks views', () => {
    expect(
      validateView({
        type: 'modal',
        title: { type: 'plain_text', text: 'Hi' },
        submit: { type: 'plain_text', text: 'Save' },
        blocks: [input],
      }),
    ).toEqual([]);
    expect(validateView({ type: 'home', blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) })).toEqual(
      [],
    );
    expect(
      validateView({
        type: 'modal',
        title: { type: 'plain_text', text: 'Hi' },
        blocks: [],
        private_metadata: 'm'.repeat(3001),
      }),
    ).toEqual(['[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]']);
  });
});

import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { BOT_SCOPES } from '../../src/slack/scopes.ts';
import { CLIENT_ID, CLIENT_SECRET, type OAuthTestApp, startOAuthTestApp } from '../support/oauth.ts';
import { testEngine } from '../support/storage.ts';

const A = 'TAAAA0001';
const B = 'TBBBB0002';
const A_ADMIN = 'UAADMIN01';
const A_SAM = 'UASAM0001';
const A_MIA = 'UAMIA0001';
const B_ADMIN = 'UBADMIN01';
const B_LEE = 'UBLEE0001';
const B_ZOE = 'UBZOE0001';

const okCalls = (t: OAuthTestApp, method: string) => t.fake.callsTo(method).filter((c) => c.response.ok === true);
const tokenTeam = (t: OAuthTestApp, token: string | undefined) =>
  token ? t.fake.tokens.get(token)?.teamId : undefined;

describe(`OAuth: installing in many workspaces (${testEngine})`, () => {
  let t: OAuthTestApp;

  beforeAll(async () => {
    t = await startOAuthTestApp({
      workspaces: [A, B],
      // A Tuesday morning in London, so the reminder sweep may send.
      start: new Date('2026-11-24T10:00:00Z'),
      // The sends counted here are reminders and digests; silent-partner notices have their own test.
      env: { SILENT_AFTER_WEEKS: '0' },
      users: [
        { id: A_ADMIN, team_id: A, is_admin: true },
        { id: A_SAM, team_id: A },
        { id: A_MIA, team_id: A },
        { id: B_ADMIN, team_id: B, is_admin: true },
        { id: B_LEE, team_id: B },
        { id: B_ZOE, team_id: B },
      ],
    });
  });
  afterAll(async () => {
    await t.stopAll();
  });

  it('serves an install page whose Add to Slack link asks for the manifest scopes with a state', async () => {
    const page = await fetch(`http://127.0.0.1:${t.port}/slack/install`);
    expect(page.status).toBe(200);
    expect(page.headers.getSetCookie().join()).toMatch(/slack-app-oauth-state=/);
    const href = /id="add-to-slack" href="([^"]+)"/.exec(await page.text())![1]!.replaceAll('&#38;', '&');
    const url = new URL(href);
    expect(url.origin + url.pathname).toBe(`${t.fake.origin}/oauth/v2/authorize`);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(url.searchParams.get('state')).toBeTruthy();
  });

  it('installs two workspaces through install page, Slack and the redirect, and stores each token encrypted', async () => {
    for (const team of [A, B]) {
      const done = await t.install(team);
      expect(done.status, done.body).toBe(200);
    }
    const rows = await t.storage.db('slack_installations').orderBy('id');
    expect(rows.map((r) => r.id)).toEqual([A, B]);
    for (const row of rows) {
      const [live] = t.fake.liveTokensOf(row.id);
      expect(live?.token).toMatch(/^xoxb-/);
      // At rest the token is sealed: neither it nor its workspace-specific part is readable.
      expect(JSON.stringify(row)).not.toContain(live!.token);
      expect(row.secret).toMatch(/^v1\./);
      expect(row.uninstalled_at).toBeNull();
    }
    expect(okCalls(t, 'oauth.v2.access')).toHaveLength(2);
  });

  it('refuses a callback whose state was not issued to this browser, and stores nothing', async () => {
    const before = okCalls(t, 'oauth.v2.access').length;
    const forged = await fetch(`http://127.0.0.1:${t.port}/slack/oauth_redirect?code=whatever&state=forged`);
    expect(forged.status).toBe(400);
    expect(okCalls(t, 'oauth.v2.access')).toHaveLength(before);
    expect(
      t.logs
        .filter((l) => l.level === 'error')
        .map((l) => l.text)
        .join(),
    ).toMatch(/InvalidStateError/);
    t.logs.splice(0);
  });

  it("answers each workspace's people with that workspace's token, in listeners and in work after the ack", async () => {
    t.fake.clearCalls();
    const a = await t.driver.command(A_ADMIN, `assign <@${A_SAM}> <@${A_MIA}>`, { teamId: A });
    const b = await t.driver.command(B_ADMIN, `assign <@${B_LEE}> <@${B_ZOE}>`, { teamId: B });
    expect(JSON.stringify(a.body)).toContain("I've asked");
    expect(JSON.stringify(b.body)).toContain("I've asked");
    await t.driver.appHomeOpened(A_MIA, { teamId: A });
    await t.driver.appHomeOpened(B_ZOE, { teamId: B });
    await t.settle();
    expect(t.fake.dmsTo(A_SAM)).toHaveLength(1);
    expect(t.fake.dmsTo(B_LEE)).toHaveLength(1);
    // Every call about workspace A's people went out with A's token, and B's with B's.
    const used = t.fake.calls.filter((c) => c.token?.startsWith('xox'));
    expect(used.length).toBeGreaterThan(4);
    for (const c of used) {
      const who = JSON.stringify(c.args);
      if (who.includes('UA')) expect(tokenTeam(t, c.token), `${c.method} ${who}`).toBe(A);
      if (who.includes('UB')) expect(tokenTeam(t, c.token), `${c.method} ${who}`).toBe(B);
    }
    expect(t.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it("has Slack refuse workspace B's token for workspace A's people (the fake proves the check can fail)", async () => {
    const bToken = t.fake.liveTokensOf(B)[0]!.token;
    const client = new WebClient(bToken, { slackApiUrl: t.fake.url, retryConfig: { retries: 0 } });
    await expect(client.users.info({ user: A_SAM })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    await expect(client.chat.postMessage({ channel: A_SAM, text: 'hi' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    expect((await client.auth.test()).team_id).toBe(B);
  });

  const sweep = () => t.sweep();

  it('sends reminders in every installed workspace, each with its own token', async () => {
    // Both offers accepted 40 days ago: both supporters are overdue.
    const accepted = new Date(t.clock.ms - 40 * 86_400_000);
    for (const [team, id] of (await t.storage.db('mentorships').select('team_id', 'id')).map(
      (r) => [r.team_id as string, Number(r.id)] as const,
    )) {
      await t.storage.mentorships.accept(team, id, accepted);
    }
    t.fake.clearCalls();
    const r = await sweep();
    expect(r.sent).toBe(2);
    expect(t.fake.dmsTo(A_SAM).map((c) => tokenTeam(t, c.token))).toEqual([A]);
    expect(t.fake.dmsTo(B_LEE).map((c) => tokenTeam(t, c.token))).toEqual([B]);
  });

  it('stops every send to a workspace the moment it uninstalls, and leaves the other untouched', async () => {
    t.fake.revokeTokensOf(A);
    const res = await t.driver.event({ type: 'app_uninstalled' }, { teamId: A });
    expect(res.status).toBe(200);
    await t.settle();
    const row = await t.storage.db('slack_installations').where({ id: A }).first();
    expect(row.secret).toBeNull();
    expect(row.uninstalled_at).toBe(t.clock.now().toISOString());
    expect(t.logs.map((l) => l.text).join('\n')).toMatch(/app uninstalled: workspace TAAAA0001 tokens deleted/);

    t.fake.clearCalls();
    // Work after an ack for A (a Home refresh) and a direct send both stop before reaching Slack.
    t.lifering.deps.changes.changed(A, [A_MIA]);
    await t.settle();
    await expect(
      t.lifering.deps.clientFor(A).chat.postMessage({ channel: A_SAM, text: 'still there?' }),
    ).rejects.toThrow(/not installed/);
    // A week later the sweep reminds B's supporter again and never tries A.
    t.clock.advance(7 * 86_400_000);
    const r = await sweep();
    // B's supporter is reminded (and B's admin, now 47 days on, gets the digest); nobody in A.
    expect(r.sent).toBe(2);
    expect(t.fake.dmsTo(B_LEE)).toHaveLength(1);
    expect(t.fake.dmsTo(B_ADMIN)).toHaveLength(1);
    expect(t.fake.calls.filter((c) => tokenTeam(t, c.token) === A)).toEqual([]);
    expect(t.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
    // B's people still use the app.
    const b = await t.driver.command(B_ADMIN, 'help', { teamId: B });
    expect(b.status).toBe(200);
    expect(JSON.stringify(b.body)).not.toBe('""');
    // A redelivered uninstall changes nothing.
    await t.driver.redeliver();
    await t.settle();
    expect((await t.storage.db('slack_installations').where({ id: A }).first()).uninstalled_at).toBe(
      row.uninstalled_at,
    );
  });

  it('keeps the data of an uninstalled workspace for DATA_RETENTION_DAYS, and a reinstall picks it up again', async () => {
    const before = await t.storage.db('mentorships').where({ team_id: A }).count<{ n: number }[]>({ n: '*' });
    t.clock.advance(10 * 86_400_000);
    await sweep();
    expect(await t.storage.db('mentorships').where({ team_id: A }).count<{ n: number }[]>({ n: '*' })).toEqual(before);
    const done = await t.install(A);
    expect(done.status, done.body).toBe(200);
    const row = await t.storage.db('slack_installations').where({ id: A }).first();
    expect(row.uninstalled_at).toBeNull();
    expect(row.secret).toMatch(/^v1\./);
    // The kept mentorship is A's again: its supporter is reminded with the new token.
    t.fake.clearCalls();
    t.clock.advance(7 * 86_400_000);
    await sweep();
    expect(t.fake.dmsTo(A_SAM).map((c) => tokenTeam(t, c.token))).toEqual([A]);
    expect(t.fake.liveTokensOf(A).map((x) => x.token)).toContain(t.fake.dmsTo(A_SAM)[0]!.token);
  });

  it('purges an uninstalled workspace once DATA_RETENTION_DAYS have passed, with a log line, and keeps the other', async () => {
    t.fake.revokeTokensOf(B);
    await t.driver.event(
      { type: 'tokens_revoked', tokens: { bot: [t.fake.workspaces.get(B)!.botUserId] } },
      { teamId: B },
    );
    await t.settle();
    expect((await t.storage.db('slack_installations').where({ id: B }).first()).secret).toBeNull();
    t.clock.advance(29 * 86_400_000);
    await sweep();
    expect(Number((await t.storage.db('mentorships').where({ team_id: B }).count({ n: '*' }))[0]!.n)).toBeGreaterThan(
      0,
    );
    t.clock.advance(2 * 86_400_000);
    await sweep();
    for (const table of ['mentorships', 'people', 'reminders', 'audit_events']) {
      expect(Number((await t.storage.db(table).where({ team_id: B }).count({ n: '*' }))[0]!.n), table).toBe(0);
    }
    expect(await t.storage.db('slack_installations').where({ id: B }).first()).toBeUndefined();
    expect(Number((await t.storage.db('mentorships').where({ team_id: A }).count({ n: '*' }))[0]!.n)).toBeGreaterThan(
      0,
    );
    expect(t.logs.map((l) => l.text).join('\n')).toMatch(
      /purged the data of workspace TBBBB0002: uninstalled .* kept 30 days; \d+ rows deleted/,
    );
  });
});

describe(`OAuth: people, their data and failures, each workspace on its own (${testEngine})`, () => {
  const C = 'TCCCC0003';
  const C_ADMIN = 'UCADMIN01';
  const C_SAM = 'UCSAM0001';
  const C_MIA = 'UCMIA0001';
  let t: OAuthTestApp;
  const sweep = () => t.sweep();

  beforeAll(async () => {
    t = await startOAuthTestApp({
      workspaces: [A, B, C],
      start: new Date('2026-11-24T10:00:00Z'),
      users: [
        { id: A_ADMIN, team_id: A, is_admin: true },
        { id: A_SAM, team_id: A },
        { id: A_MIA, team_id: A },
        { id: B_ADMIN, team_id: B, is_admin: true },
        { id: B_LEE, team_id: B },
        { id: B_ZOE, team_id: B },
        { id: C_ADMIN, team_id: C, is_admin: true },
        { id: C_SAM, team_id: C },
        { id: C_MIA, team_id: C },
      ],
    });
    for (const team of [A, B, C]) expect((await t.install(team)).status).toBe(200);
    await t.driver.command(A_ADMIN, `assign <@${A_SAM}> <@${A_MIA}>`, { teamId: A });
    await t.driver.command(B_ADMIN, `assign <@${B_LEE}> <@${B_ZOE}>`, { teamId: B });
    await t.driver.command(C_ADMIN, `assign <@${C_SAM}> <@${C_MIA}>`, { teamId: C });
    await t.settle();
    const accepted = new Date(t.clock.ms - 40 * 86_400_000);
    for (const r of await t.storage.db('mentorships').select('team_id', 'id'))
      await t.storage.mentorships.accept(String(r.team_id), Number(r.id), accepted);
    // The same goal title in two workspaces: forgetting A's mentee must leave B's alone.
    for (const [team, mentee] of [
      [A, A_MIA],
      [B, B_ZOE],
    ]) {
      await t.storage.db('goals').insert({
        team_id: team,
        mentee_id: mentee,
        title: 'Speak at the all-hands',
        created_at: t.clock.now().toISOString(),
        updated_at: t.clock.now().toISOString(),
      });
    }
    t.fake.clearCalls();
  });
  afterAll(async () => {
    await t.stopAll();
  });

  it("ends a deactivated supporter's mentorships in their workspace only: the mentee told once, with that workspace's token, and no more reminders", async () => {
    const lee = t.fake.users.get(B_LEE)!;
    const res = await t.driver.event(
      { type: 'user_change', user: { ...lee, deleted: true }, cache_ts: Math.floor(t.clock.ms / 1000) },
      { teamId: B },
    );
    expect(res.status).toBe(200);
    await t.settle();
    await t.driver.redeliver();
    await t.settle();
    expect(t.fake.dmsTo(B_ZOE).map((c) => tokenTeam(t, c.token))).toEqual([B]);
    expect(String(t.fake.dmsTo(B_ZOE)[0]!.args.text)).toMatch(/has ended/);
    expect((await t.storage.db('mentorships').where({ team_id: B }).first()).status).toBe('ended');
    expect(
      (await t.storage.db('mentorships').whereIn('team_id', [A, C]).select('status')).map((r) => r.status),
    ).toEqual(['active', 'active']);

    const r = await sweep();
    expect(r.ran).toBe(true);
    // No reminder to the leaver, and no close-out question: the mentee was told once.
    expect(t.fake.dmsTo(B_LEE)).toEqual([]);
    expect(t.fake.dmsTo(B_ZOE)).toHaveLength(1);
    // The others' supporters are reminded, each with their own workspace's token.
    expect(t.fake.dmsTo(A_SAM).map((c) => tokenTeam(t, c.token))).toEqual([A]);
    expect(t.fake.dmsTo(C_SAM).map((c) => tokenTeam(t, c.token))).toEqual([C]);
    // B's admins hear of the leaver in their digest, from B's token.
    expect(JSON.stringify(t.fake.dmsTo(B_ADMIN).map((c) => c.args.blocks))).toMatch(/UBLEE0001> was deactivated/);
    expect(t.fake.dmsTo(B_ADMIN).map((c) => tokenTeam(t, c.token))).toEqual([B]);
  });

  it("exports and forgets a person in one workspace with that workspace's token, and touches no other workspace's data", async () => {
    t.fake.clearCalls();
    const confirmed = async (request: string) => {
      await t.driver.command(A_ADMIN, `admin person <@${A_MIA}> ${request}`, { teamId: A });
      await t.settle();
      const opened = t.fake.lastCall('views.open')!;
      expect(opened.response.ok).toBe(true);
      await t.driver.submitView(A_ADMIN, String((opened.response.view as { id: string }).id), {}, { teamId: A });
      await t.settle();
    };
    await confirmed('export');
    const [file] = [...t.fake.files.values()];
    const data = JSON.parse(file!.bytes!.toString('utf8'));
    expect(data).toMatchObject({ workspace: A, person: A_MIA });
    expect(JSON.stringify(data)).toContain('Speak at the all-hands');
    expect(JSON.stringify(data)).not.toMatch(/TBBBB0002|TCCCC0003|UB|UC/);
    await confirmed('forget');
    expect((await t.storage.db('goals').where({ team_id: A }).first()).title).toBe('(erased on request)');
    expect((await t.storage.db('goals').where({ team_id: B }).first()).title).toBe('Speak at the all-hands');
    expect(String(t.fake.dmsTo(A_ADMIN).at(-1)?.args.text)).toMatch(/^Done: I erased/);
    const used = t.fake.calls.filter((c) => c.token?.startsWith('xox'));
    expect(used.length).toBeGreaterThan(4);
    for (const c of used) expect(tokenTeam(t, c.token), c.method).toBe(A);
    expect(t.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
  });

  it("keeps sweeping the other workspaces when one workspace's token stops working without notice", async () => {
    // Slack revoked C's token, and no tokens_revoked event reached Lifering (yet).
    t.fake.revokeTokensOf(C);
    t.fake.clearCalls();
    t.clock.advance(7 * 86_400_000);
    const r = await sweep();
    expect(r.ran).toBe(true);
    // A's supporter still hears (the reminder, and any other nudge due), all with A's token.
    expect(t.fake.dmsTo(A_SAM).length).toBeGreaterThan(0);
    expect(new Set(t.fake.dmsTo(A_SAM).map((c) => tokenTeam(t, c.token)))).toEqual(new Set([A]));
    expect(t.fake.dmsTo(A_SAM).every((c) => c.response.ok === true)).toBe(true);
    const toC = t.fake.calls.filter((c) => tokenTeam(t, c.token) === C);
    expect(toC.length).toBeGreaterThan(0);
    expect(toC.every((c) => c.response.ok === false)).toBe(true);
    // C's reminder is kept for a later run rather than marked sent.
    expect((await t.storage.db('reminders').where({ team_id: C, status: 'sent' })).map((x) => x.recipient_id)).toEqual([
      C_SAM,
    ]);
    expect(
      await t.storage
        .db('reminders')
        .where({ team_id: C })
        .whereNot({ status: 'sent' })
        .count({ n: '*' })
        .then((x) => Number(x[0]!.n)),
    ).toBeGreaterThan(0);
  });
});

describe(`OAuth: token rotation across instances (${testEngine})`, () => {
  let t: OAuthTestApp;
  beforeAll(async () => {
    t = await startOAuthTestApp({
      workspaces: [A],
      tokenRotation: true,
      users: [
        { id: A_ADMIN, team_id: A, is_admin: true },
        { id: A_SAM, team_id: A },
      ],
    });
  });
  afterAll(async () => {
    await t.stopAll();
  });

  const refreshes = () => t.fake.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');

  it('stores an expiring token with its refresh token, and refreshes it once when two instances need it at the same time', async () => {
    expect((await t.install(A)).status).toBe(200);
    const first = t.fake.liveTokensOf(A)[0]!;
    expect(first.token).toMatch(/^xoxe\.xoxb-/);
    const second = await t.startInstance();
    // Used early, the token is not refreshed.
    await t.lifering.deps.clientFor(A).auth.test();
    expect(refreshes()).toHaveLength(0);
    // Ten hours on, it expires within the refresh margin: both instances want it at once.
    t.clock.advance(10 * 3_600_000);
    const [x, y] = await Promise.all([
      t.lifering.deps.clientFor(A).auth.test(),
      second.lifering.deps.clientFor(A).auth.test(),
    ]);
    expect([x.team_id, y.team_id]).toEqual([A, A]);
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]!.response.ok).toBe(true);
    const renewed = String(refreshes()[0]!.response.access_token);
    expect(t.fake.lastCall('auth.test')?.token).toBe(renewed);
    // The refresh token was spent once; using it again is refused, so a second refresh would have failed.
    const reuse = await new WebClient(undefined, { slackApiUrl: t.fake.url, retryConfig: { retries: 0 } }).oauth.v2
      .access({
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        grant_type: 'refresh_token',
        refresh_token: String(refreshes()[0]!.args.refresh_token),
      })
      .catch((e: { data: { error: string } }) => e.data.error);
    expect(reuse).toBe('invalid_refresh_token');
  });

  it("refreshes in Bolt's own authorize path too, before a listener's client needs the token", async () => {
    t.fake.clearCalls();
    t.clock.advance(10 * 3_600_000);
    const res = await t.driver.command(A_ADMIN, `assign <@${A_SAM}> <@${A_ADMIN}>`, { teamId: A });
    expect(JSON.stringify(res.body)).toContain("I've asked");
    await t.settle();
    expect(refreshes()).toHaveLength(1);
    const renewed = String(refreshes()[0]!.response.access_token);
    expect(t.fake.dmsTo(A_SAM).map((c) => c.token)).toEqual([renewed]);
    expect(t.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
    // Twenty hours after install, the first token has expired in Slack: nothing used it.
    expect(t.fake.calls.filter((c) => c.response.error === 'token_expired')).toEqual([]);
  });
});

describe('choosing the mode from the settings', () => {
  const base = { SLACK_SIGNING_SECRET: 's' };
  it('uses OAuth with a client id and secret, and refuses to start without an encryption key', () => {
    expect(() => loadConfig({ ...base, SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET })).toThrow(
      /LIFERING_ENCRYPTION_KEY is missing/,
    );
    expect(() =>
      loadConfig({
        ...base,
        SLACK_CLIENT_ID: CLIENT_ID,
        SLACK_CLIENT_SECRET: CLIENT_SECRET,
        LIFERING_ENCRYPTION_KEY: 'short',
      }),
    ).toThrow(/LIFERING_ENCRYPTION_KEY is not valid \(value hidden\)/);
    const key = Buffer.alloc(32, 7).toString('base64');
    const c = loadConfig({
      ...base,
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      LIFERING_ENCRYPTION_KEY: key,
    });
    expect(c.slack.oauth?.encryptionKeys).toHaveLength(1);
    expect(c.slack.botToken).toBeUndefined();
  });

  it('uses the bot token alone as before, and refuses both at once or neither', () => {
    const c = loadConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(c.slack.botToken).toBe('xoxb-1');
    expect(c.slack.oauth).toBeUndefined();
    expect(() =>
      loadConfig({
        ...base,
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_CLIENT_ID: CLIENT_ID,
        SLACK_CLIENT_SECRET: CLIENT_SECRET,
        LIFERING_ENCRYPTION_KEY: 'a'.repeat(64),
      }),
    ).toThrow(/both set/);
    expect(() => loadConfig({ ...base })).toThrow(/SLACK_BOT_TOKEN is missing.*SLACK_CLIENT_ID/s);
    expect(() => loadConfig({ ...base, SLACK_CLIENT_ID: CLIENT_ID, LIFERING_ENCRYPTION_KEY: 'a'.repeat(64) })).toThrow(
      /SLACK_CLIENT_SECRET is missing/,
    );
  });
});

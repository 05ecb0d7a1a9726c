import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthTestApp, startOAuthTestApp } from '../support/oauth.ts';
import { testEngine } from '../support/storage.ts';

const A = 'TAAAA0001';
const B = 'TBBBB0002';

const accessCalls = (t: OAuthTestApp) => t.fake.callsTo('oauth.v2.access');
const installed = async (t: OAuthTestApp) =>
  (await t.storage.db('slack_installations').orderBy('id').select('id')).map((r) => r.id as string);

describe(`OAuth: the edges of an install (${testEngine})`, () => {
  let t: OAuthTestApp;

  beforeAll(async () => {
    t = await startOAuthTestApp({ workspaces: [A, B] });
  });
  afterAll(async () => {
    await t.stopAll();
  });

  it('takes a state once: the same state and cookie replayed with a new code installs nothing', async () => {
    const begun = await t.beginInstall();
    expect((await t.finishInstall(begun, A)).status).toBe(200);
    expect(accessCalls(t)).toHaveLength(1);
    // Someone holding the state and the cookie has Slack issue a new code for another workspace.
    const replayed = await t.finishInstall(begun, B);
    expect(replayed.status).toBe(400);
    expect(accessCalls(t)).toHaveLength(1);
    expect(await installed(t)).toEqual([A]);
    expect(t.logs.map((l) => l.text).join('\n')).toMatch(/InvalidStateError.*already used/);
    // A fresh install page works as before.
    expect((await t.install(B)).status).toBe(200);
    expect(await installed(t)).toEqual([A, B]);
  });

  /** The redirect Slack sends the browser to, with the state of a fresh install page and its cookie. */
  const redirect = async (query: Record<string, string>) => {
    const begun = await t.beginInstall();
    const state = begun.authorize.searchParams.get('state')!;
    const url = new URL(`http://127.0.0.1:${t.port}/slack/oauth_redirect`);
    for (const [k, v] of Object.entries({ ...query, state })) url.searchParams.set(k, v);
    const res = await fetch(url, { headers: { cookie: begun.cookie }, redirect: 'manual' });
    return { status: res.status, body: await res.text() };
  };

  it("tells a person who cancelled on Slack's page that nothing was installed and how to start again", async () => {
    const before = await installed(t);
    const page = await redirect({ error: 'access_denied' });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/You cancelled/);
    expect(page.body).toMatch(/Nothing was installed/);
    expect(page.body).toContain('href="/slack/install"');
    expect(await installed(t)).toEqual(before);
  });

  it('says Slack did not accept the install, not "something went wrong", when the code is invalid', async () => {
    const before = await installed(t);
    const page = await redirect({ code: 'not-a-code-slack-issued' });
    expect(page.status).toBe(400);
    expect(page.body).toMatch(/Slack did not accept/);
    expect(page.body).toContain('href="/slack/install"');
    expect(page.body).not.toMatch(/Oops/);
    expect(await installed(t)).toEqual(before);
  });

  it('says a used or forged install link has expired, with the way back', async () => {
    const page = await fetch(`http://127.0.0.1:${t.port}/slack/oauth_redirect?code=whatever&state=forged`);
    expect(page.status).toBe(400);
    const body = await page.text();
    expect(body).toMatch(/This install link has expired or was already used/);
    expect(body).toContain('href="/slack/install"');
  });
});

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
});

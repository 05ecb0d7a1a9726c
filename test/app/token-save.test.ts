import { afterEach, describe, expect, it } from 'vitest';
import { type OAuthTestApp, startOAuthTestApp } from '../support/oauth.ts';
import { failNextUpdates, testEngine } from '../support/storage.ts';

// Runs on PostgreSQL too (npm run test:postgres).

const A = 'TAAAA0001';
const A_ADMIN = 'UAADMIN01';
const A_SAM = 'UASAM0001';
const HOURS = 3_600_000;

let t: OAuthTestApp;
afterEach(async () => {
  await t?.stopAll();
});

async function installed(): Promise<OAuthTestApp> {
  t = await startOAuthTestApp({
    workspaces: [A],
    tokenRotation: true,
    users: [
      { id: A_ADMIN, team_id: A, is_admin: true },
      { id: A_SAM, team_id: A },
    ],
  });
  expect((await t.install(A)).status).toBe(200);
  return t;
}

const refreshes = () => t.fake.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');
const renewedToken = (n = 0) => String(refreshes()[n]!.response.access_token);
const errors = (logs: { level: string; text: string }[]) => logs.filter((l) => l.level === 'error');

/** What the admin's Home says right now. */
async function adminHome(): Promise<string> {
  await t.driver.appHomeOpened(A_ADMIN, { teamId: A });
  await t.settle();
  return JSON.stringify(t.fake.lastCall('views.publish')?.args.view);
}

/**
 * Slack retires a refresh token the moment it issues the next pair: a refreshed pair that is not
 * stored is the only way left into the workspace.
 */
describe(`a refreshed token pair the database would not store (${testEngine})`, () => {
  it('one failed write: the save is retried, the workspace keeps working, and the new pair is what is stored', async () => {
    await installed();
    t.clock.advance(10 * HOURS);
    const stop = await failNextUpdates(t.storage.db, 'slack_installations', 1);
    try {
      expect((await t.lifering.deps.clientFor(A).auth.test()).team_id).toBe(A);
    } finally {
      await stop();
    }
    expect(refreshes().map((c) => c.response.ok)).toEqual([true]);
    expect(t.fake.lastCall('auth.test')?.token).toBe(renewedToken());
    // Another instance, which knows only what is stored, uses the new pair and, ten hours on,
    // refreshes it with the refresh token that was stored.
    const other = await t.startInstance();
    await other.lifering.deps.clientFor(A).auth.test();
    expect(t.fake.lastCall('auth.test')?.token).toBe(renewedToken());
    t.clock.advance(10 * HOURS);
    await other.lifering.deps.clientFor(A).auth.test();
    expect(refreshes().map((c) => c.response.ok)).toEqual([true, true]);
    expect(t.fake.lastCall('auth.test')?.token).toBe(renewedToken(1));
    expect(t.lifering.installations?.counters).toMatchObject({
      refreshedTokenSaveFailures: 0,
      unsavedRefreshedTokens: 0,
    });
    expect([...errors(t.logs), ...errors(other.logs)]).toEqual([]);
    expect(await adminHome()).not.toContain('could not be saved');
  });

  it('every write failing: the new pair is kept and used, the failure logged and counted, and saved once the database takes it; admins are told both', async () => {
    await installed();
    t.clock.advance(10 * HOURS);
    const failedAt = t.clock.now();
    const stop = await failNextUpdates(t.storage.db, 'slack_installations', 1_000_000);
    let stopped = false;
    try {
      await t.lifering.deps.clientFor(A).auth.test();
      expect(t.fake.lastCall('auth.test')?.token).toBe(renewedToken());
      expect(errors(t.logs).map((l) => l.text)).toEqual([
        expect.stringMatching(/could not save the refreshed bot token of TAAAA0001.*\/slack\/install/s),
      ]);
      expect(t.lifering.installations?.counters).toMatchObject({
        refreshedTokenSaveFailures: 1,
        unsavedRefreshedTokens: 1,
      });
      // Later work uses the kept pair (each use tries to save it again); nothing refreshes twice.
      t.clock.advance(HOURS);
      const sent = await t.lifering.deps.clientFor(A).chat.postMessage({ channel: A_SAM, text: 'still here' });
      expect(sent.ok).toBe(true);
      expect(t.fake.dmsTo(A_SAM).map((c) => c.token)).toEqual([renewedToken()]);
      expect(refreshes()).toHaveLength(1);
      expect(t.lifering.installations?.counters.refreshedTokenSaveFailures).toBeGreaterThan(1);
      const home = await adminHome();
      expect(home).toContain('could not be saved');
      expect(home).toContain(`<!date^${Math.floor(failedAt.getTime() / 1000)}^`);
      expect(home).toContain('not saved yet');

      await stop();
      stopped = true;
      const savedAt = t.clock.now();
      await t.lifering.deps.clientFor(A).auth.test();
      expect(t.lifering.installations?.counters.unsavedRefreshedTokens).toBe(0);
      expect(t.logs.map((l) => l.text).join('\n')).toMatch(/saved the refreshed bot token of TAAAA0001/);
      const after = await adminHome();
      expect(after).toContain('could not be saved');
      expect(after).toContain(`<!date^${Math.floor(savedAt.getTime() / 1000)}^`);
      expect(after).not.toContain('not saved yet');
      // Stored: another instance uses it, and refreshes it with the stored refresh token.
      const other = await t.startInstance();
      await other.lifering.deps.clientFor(A).auth.test();
      expect(t.fake.lastCall('auth.test')?.token).toBe(renewedToken());
      t.clock.advance(10 * HOURS);
      await other.lifering.deps.clientFor(A).auth.test();
      expect(refreshes().map((c) => c.response.ok)).toEqual([true, true]);
      // A week after it was saved, the notice has done its work.
      t.clock.advance(7 * 24 * HOURS);
      expect(await adminHome()).not.toContain('could not be saved');
    } finally {
      if (!stopped) await stop();
    }
  });
});

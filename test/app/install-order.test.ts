import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type OAuthTestApp, startOAuthTestApp } from '../support/oauth.ts';
import { testEngine } from '../support/storage.ts';
import { runReminderSweep } from '../support/sweep.ts';

const A = 'TAAAA0001';
const B = 'TBBBB0002';
const A_ADMIN = 'UAADMIN01';
const HOUR = 3_600_000;

const seconds = (ms: number) => Math.floor(ms / 1000);
const okCalls = (t: OAuthTestApp, method: string) => t.fake.callsTo(method).filter((c) => c.response.ok === true);

/**
 * Slack does not promise the order of `app_uninstalled` and `tokens_revoked`, and redelivers an
 * event that failed later on: the events of an uninstall may reach Lifering after the reinstall.
 */
describe(`OAuth: an uninstall's late events after a reinstall (${testEngine})`, () => {
  let t: OAuthTestApp;

  beforeAll(async () => {
    t = await startOAuthTestApp({
      workspaces: [A, B],
      start: new Date('2026-11-24T10:00:00Z'),
      users: [{ id: A_ADMIN, team_id: A, is_admin: true }],
    });
  });
  afterAll(async () => {
    await t.stopAll();
  });

  const helpAnswers = async () => {
    const res = await t.driver.command(A_ADMIN, 'help', { teamId: A });
    expect(res.status).toBe(200);
    return JSON.stringify(res.body);
  };

  it('leaves the new install working when the old tokens_revoked and app_uninstalled arrive after it', async () => {
    expect((await t.install(A)).status).toBe(200);
    t.clock.advance(HOUR);
    // The workspace uninstalls: Slack revokes the token, but its events are held up.
    const uninstalledAt = seconds(t.clock.ms);
    t.fake.revokeTokensOf(A);
    t.clock.advance(HOUR);
    expect((await t.install(A)).status).toBe(200);
    const reinstalled = await t.storage.db('slack_installations').where({ id: A }).first();
    const [token] = t.fake.liveTokensOf(A);

    const revoked = await t.driver.event(
      { type: 'tokens_revoked', tokens: { bot: [t.fake.workspaces.get(A)!.botUserId] } },
      { teamId: A, eventTime: uninstalledAt },
    );
    const uninstalled = await t.driver.event({ type: 'app_uninstalled' }, { teamId: A, eventTime: uninstalledAt });
    expect([revoked.status, uninstalled.status]).toEqual([200, 200]);
    await t.settle();

    const row = await t.storage.db('slack_installations').where({ id: A }).first();
    expect(row).toEqual(reinstalled);
    expect(await helpAnswers()).toContain('/mentor');
    // The new token still works in Slack, and Lifering still has it.
    expect(t.fake.liveTokensOf(A).map((x) => x.token)).toEqual([token!.token]);
    expect(t.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
    const said = t.logs.map((l) => l.text).join('\n');
    expect(said).toMatch(
      /bot token revoked at 2026-11-24T11:00:00.000Z, before workspace TAAAA0001 was installed again at 2026-11-24T12:00:00.\d+Z: ignored/,
    );
    expect(said).toMatch(/app uninstalled at 2026-11-24T11:00:00.000Z, before workspace TAAAA0001 was installed again/);
    expect(said).not.toMatch(/tokens deleted/);
  });

  it('still uninstalls on an event newer than the install, and on one in the same second', async () => {
    t.clock.advance(HOUR);
    t.fake.revokeTokensOf(A);
    await t.driver.event({ type: 'app_uninstalled' }, { teamId: A });
    await t.settle();
    const row = await t.storage.db('slack_installations').where({ id: A }).first();
    expect(row.secret).toBeNull();
    expect(row.uninstalled_at).toBe(t.clock.now().toISOString());

    expect((await t.install(B)).status).toBe(200);
    t.fake.revokeTokensOf(B);
    await t.driver.event(
      { type: 'tokens_revoked', tokens: { bot: [t.fake.workspaces.get(B)!.botUserId] } },
      { teamId: B, eventTime: seconds(t.clock.ms) },
    );
    await t.settle();
    expect((await t.storage.db('slack_installations').where({ id: B }).first()).secret).toBeNull();
    expect(okCalls(t, 'oauth.v2.access')).toHaveLength(3);
  });
});

describe(`Single workspace: an uninstall's late event after the app was added back (${testEngine})`, () => {
  const ADMIN = 'UADMIN001';
  const SAM = 'USAM00001';
  const MIA = 'UMIA00001';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [{ id: ADMIN, is_admin: true }, { id: SAM }, { id: MIA }],
      env: { SILENT_AFTER_WEEKS: '0' },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('keeps serving the workspace once the sweep found its token working again', async () => {
    const team = t.fake.teamId;
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    // Accepted 40 days ago: a reminder is due, so the sweep asks whether the workspace is served.
    const [pair] = await t.storage.db('mentorships').select('id');
    await t.storage.mentorships.accept(team, Number(pair!.id), new Date(Date.now() - 40 * 86_400_000));
    const uninstalledAt = seconds(Date.now());
    await t.driver.event({ type: 'app_uninstalled' }, { eventTime: uninstalledAt });
    await t.settle();
    expect(await t.storage.installations.serves(team, false)).toBe(false);
    // A minute on, the sweep finds the bot token working: the app was added back.
    const sweepAt = new Date(Date.now() + 60_000);
    await runReminderSweep({
      now: sweepAt,
      storage: t.storage,
      clientFor: t.lifering.deps.clientFor,
      config: t.config,
      logger: t.lifering.deps.logger,
    });
    expect(t.logs.map((l) => l.text).join('\n')).toMatch(/has Lifering installed again/);
    expect(await t.storage.installations.serves(team, false)).toBe(true);
    // Slack retries the uninstall's event (a new delivery of the old event).
    await t.driver.event({ type: 'app_uninstalled' }, { eventTime: uninstalledAt, eventId: 'Ev0LATE00001' });
    await t.settle();
    expect(await t.storage.installations.serves(team, false)).toBe(true);
    expect(t.logs.map((l) => l.text).join('\n')).toMatch(/app uninstalled at .*: ignored/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { runReminderSweep } from '../support/sweep.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEE = 'ULEE0001';
const ZOE = 'UZOE0001';
const NOW = new Date('2026-11-24T10:00:00.000Z'); // a Tuesday morning in London

const userChange = (t: TestApp, id: string, changes: Record<string, unknown>) => {
  const u = t.fake.users.get(id)!;
  Object.assign(u, changes);
  return t.driver.event({ type: 'user_change', user: { ...u }, cache_ts: Math.floor(NOW.getTime() / 1000) });
};
const count = async (t: TestApp, table: string, where: Record<string, unknown>) =>
  Number(((await t.storage.db(table).where(where).count({ n: '*' })) as { n: number | string }[])[0]!.n);

describe('people who leave the workspace', () => {
  let t: TestApp;
  let clock = NOW.getTime();
  let active: number;
  let pending: number;

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
        { id: LEE, name: 'lee' },
        { id: ZOE, name: 'zoe' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => new Date(clock),
    });
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${LEE}>`);
    await t.driver.command(ADMIN, `assign <@${ZOE}> <@${MIA}>`);
    await t.settle();
    const rows = await t.storage.db('mentorships').orderBy('id');
    [active, pending] = rows.map((r) => Number(r.id)) as [number, number];
    await t.storage.mentorships.accept(t.fake.teamId, active, new Date(NOW.getTime() - 20 * 86_400_000));
    await t.storage.mentorships.accept(t.fake.teamId, Number(rows[2].id), new Date(NOW.getTime() - 20 * 86_400_000));
    await t.storage.supporterRequests.open(
      t.fake.teamId,
      { requesterId: SAM, topicId: null, note: 'someone for me too' },
      NOW,
    );
    t.fake.clearCalls();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('keeps a person made a guest when GUEST_POLICY is keep (the default)', async () => {
    await userChange(t, ZOE, { is_restricted: true });
    await t.settle();
    expect((await t.storage.db('mentorships').where({ supporter_id: ZOE }).first()).status).toBe('active');
    expect(t.fake.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });

  it('ends the mentorships of a deactivated supporter kindly: the mentee told once, the pending offer withdrawn silently', async () => {
    const res = await userChange(t, SAM, { deleted: true });
    expect(res.status).toBe(200);
    await t.settle();
    const rows = await t.storage.db('mentorships').where({ supporter_id: SAM }).orderBy('id');
    expect(rows.map((r) => r.status)).toEqual(['ended', 'ended']);
    expect(rows[0].end_reason).toMatch(/deactivated/);
    // Mia, whose supporter he was, hears the usual neutral words; Lee never heard of the offer.
    const toMia = t.fake.dmsTo(MIA);
    expect(toMia).toHaveLength(1);
    expect(String(toMia[0]!.args.text)).toMatch(/Your mentorship with <@USAM0001> .*has ended\./);
    expect(String(JSON.stringify(toMia[0]!.args))).not.toMatch(/deactivated|left/i);
    expect(t.fake.dmsTo(LEE)).toHaveLength(0);
    expect(await count(t, 'supporter_requests', { requester_id: SAM, closed_at: null })).toBe(0);
    const audit = await t.storage.audit.list(t.fake.teamId);
    expect(audit.find((a) => a.action === 'person.left')).toMatchObject({
      actorId: SAM,
      detail: { reason: 'deactivated', mentorshipsEnded: [active, pending] },
    });
    // Zoe's mentorship of Mia is untouched.
    expect((await t.storage.db('mentorships').where({ supporter_id: ZOE }).first()).status).toBe('active');
  });

  it('does nothing twice when Slack redelivers the event or sends another user_change', async () => {
    await t.driver.redeliver();
    await userChange(t, SAM, { deleted: true, real_name: 'Sam (gone)' });
    await t.settle();
    expect(t.fake.dmsTo(MIA)).toHaveLength(1);
    expect((await t.storage.audit.list(t.fake.teamId)).filter((a) => a.action === 'person.left')).toHaveLength(1);
  });

  it('tells the admins in their next daily digest, once', async () => {
    t.fake.clearCalls();
    const { storage, clientFor, config, logger } = t.lifering.deps;
    clock = NOW.getTime() + 3_600_000;
    await runReminderSweep({ now: new Date(clock), storage, clientFor, config, logger });
    const digest = t.fake.dmsTo(ADMIN);
    expect(digest).toHaveLength(1);
    expect(JSON.stringify(digest[0]!.args.blocks)).toMatch(
      /Left the workspace since your last digest.*<@USAM0001> was deactivated in Slack/,
    );
    clock = NOW.getTime() + 86_400_000;
    await runReminderSweep({ now: new Date(clock), storage, clientFor, config, logger });
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(1);
  });

  it('lists them in the mentorships report for admins', async () => {
    t.fake.clearCalls();
    await t.driver.command(ADMIN, 'admin report');
    await t.settle();
    const report = JSON.stringify(t.fake.lastCall('views.update')?.args.view);
    expect(report).toMatch(
      /Left the workspace in the last 30 days\* · 1\\n<@USAM0001>: deactivated in Slack 1 day ago; their mentorships ended/,
    );
    expect(report).not.toContain('UZOE0001>: deactivated');
  });

  it('sends no further reminders to the person who left', async () => {
    t.fake.clearCalls();
    clock = NOW.getTime() + 20 * 86_400_000;
    const { storage, clientFor, config, logger } = t.lifering.deps;
    await runReminderSweep({ now: new Date(clock), storage, clientFor, config, logger });
    expect(t.fake.dmsTo(SAM)).toEqual([]);
    // Zoe, who stays, is reminded about Mia.
    expect(t.fake.dmsTo(ZOE)).toHaveLength(1);
  });

  it('does not silently restore a reactivated person: mentorships stay ended and the admins are told once', async () => {
    t.fake.clearCalls();
    await userChange(t, SAM, { deleted: false });
    await userChange(t, SAM, { deleted: false, real_name: 'Sam again' });
    await t.settle();
    expect((await t.storage.db('mentorships').where({ supporter_id: SAM })).map((r) => r.status)).toEqual([
      'ended',
      'ended',
    ]);
    const toAdmin = t.fake.dmsTo(ADMIN);
    expect(toAdmin).toHaveLength(1);
    expect(String(toAdmin[0]!.args.text)).toMatch(/<@USAM0001> is active in this workspace again.*not restored/);
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('people made guests, with GUEST_POLICY=end', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [{ id: ADMIN }, { id: SAM }, { id: MIA }],
      env: { ADMIN_USER_IDS: ADMIN, GUEST_POLICY: 'end' },
      now: () => NOW,
    });
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    const row = await t.storage.db('mentorships').first();
    await t.storage.mentorships.accept(t.fake.teamId, Number(row.id), NOW);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('ends a new guest’s mentorships as for someone who left', async () => {
    await userChange(t, MIA, { is_restricted: true });
    await t.settle();
    expect((await t.storage.db('mentorships').first()).status).toBe('ended');
    expect(t.fake.dmsTo(SAM).at(-1)?.args.text).toMatch(/has ended/);
    expect((await t.storage.audit.list(t.fake.teamId)).find((a) => a.action === 'person.left')?.detail).toMatchObject({
      reason: 'guest',
    });
    // The reason admins read says what happened in their words, not in the name of a setting.
    await t.driver.command(ADMIN, `progress <@${MIA}>`);
    await t.settle();
    const page = JSON.stringify(t.fake.lastCall('views.open')?.args.view);
    expect(page).toContain('Became a guest in Slack');
    expect(page).not.toMatch(/GUEST_POLICY|[A-Z]+_[A-Z]+=/);
  });
});

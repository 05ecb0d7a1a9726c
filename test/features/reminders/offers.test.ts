import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import type { SweepResult } from '../../../src/sweep/phase.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { overflowChoice } from '../../support/progress.ts';
import { runReminderSweep } from '../../support/sweep.ts';

const ADMIN = 'UADMIN01';
const PRIYA = 'UPRIYA01';
const OMAR = 'UOMAR001';
const MEI = 'UMEI0001';
const LEO = 'ULEO0001';

/** Blocks and text of each DM someone got, as one string each. */
const dmTexts = (t: TestApp, to: string) =>
  t.fake.dmsTo(to).map((d) => `${String(d.args.text)} ${JSON.stringify(d.args.blocks)}`);

describe('offers that do not go quiet', () => {
  let t: TestApp;
  let clock = new Date('2026-11-23T10:00:00.000Z'); // Monday, 10:00 in London
  let second: Awaited<ReturnType<TestApp['startInstance']>>;
  const sweep = (holder = 'instance-1', client = t.lifering.deps.clientFor): Promise<SweepResult> =>
    runReminderSweep({
      now: clock,
      storage: t.storage,
      clientFor: client,
      config: t.config,
      logger: t.lifering.deps.logger,
      holder,
    });
  const reminders = () => dmTexts(t, PRIYA).filter((d) => d.includes('waiting for your answer since 23 Nov'));

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada', tz: 'Europe/London' },
        { id: PRIYA, name: 'priya', tz: 'Europe/London' },
        { id: OMAR, name: 'omar', tz: 'America/Los_Angeles' },
        { id: MEI, name: 'mei', tz: 'Europe/London' },
        { id: LEO, name: 'leo', tz: 'Europe/London' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => clock,
    });
    second = await t.startInstance();
    await t.driver.command(ADMIN, `assign <@${PRIYA}> <@${MEI}>`);
    await t.settle();
    expect(t.fake.dmsTo(PRIYA)).toHaveLength(1);
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it('reminds a supporter who has not answered once, after three working days on their clock', async () => {
    clock = new Date('2026-11-25T16:00:00.000Z'); // Wednesday: two and a bit working days
    await sweep();
    expect(reminders()).toHaveLength(0);
    clock = new Date('2026-11-26T10:00:00.000Z'); // Thursday 10:00: three working days
    await sweep();
    expect(reminders()).toHaveLength(1);
    const dm = t.fake.dmsTo(PRIYA).at(-1)!;
    expect(dm.response.ok).toBe(true);
    expect(JSON.stringify(dm.args.blocks)).toContain(`"action_id":"${ACTIONS.acceptAssignment}"`);
    // The first invitation now points at this one, with no buttons of its own.
    const first = t.fake.dmsTo(PRIYA)[0]!;
    const updates = t.fake
      .callsTo('chat.update')
      .filter((c) => c.args.ts === first.response.ts && c.args.channel === first.response.channel);
    expect(updates).toHaveLength(1);
    expect(String(updates[0]!.args.text)).toContain('sent again below');
    expect(JSON.stringify(updates[0]!.args.blocks)).not.toContain('"actions"');
  });

  it('never twice: not on the next sweep, nor from another instance, nor days later', async () => {
    await sweep();
    await Promise.all([sweep('instance-1'), sweep('instance-2', second.lifering.deps.clientFor)]);
    clock = new Date('2026-11-27T10:00:00.000Z');
    await sweep('instance-2', second.lifering.deps.clientFor);
    clock = new Date('2026-11-30T10:00:00.000Z');
    await sweep();
    expect(reminders()).toHaveLength(1);
  });

  it("names the offer still unanswered after a week in the admins' daily digest", async () => {
    const digests = () => dmTexts(t, ADMIN).filter((d) => d.includes('Lifering needs an admin'));
    // The sweeps above, up to seven days after the assignment, told the admins nothing.
    expect(digests().filter((d) => !d.includes('since 23 Nov, reminded 26 Nov'))).toEqual([]);
    clock = new Date('2026-12-01T10:00:00.000Z'); // eight days after the assignment
    await sweep();
    expect(digests().at(-1)).toContain(
      `<@${PRIYA}> hasn't answered the request to support <@${MEI}> (since 23 Nov, reminded 26 Nov)`,
    );
  });

  it('accepting from the reminder works like accepting from the first DM', async () => {
    const dm = t.fake.dmsTo(PRIYA).filter((d) => JSON.stringify(d.args.blocks).includes('waiting for your answer'))[0]!;
    await t.driver.blockAction(
      PRIYA,
      { action_id: ACTIONS.acceptAssignment },
      { channelId: String(dm.response.channel), messageTs: String(dm.response.ts) },
    );
    await t.settle();
    expect(await t.storage.db('mentorships').where({ supporter_id: PRIYA }).first()).toMatchObject({
      status: 'active',
    });
  });

  it("holds an admin's nudge until the supporter's working hours, then the programme view says when it went", async () => {
    clock = new Date('2026-12-01T10:00:00.000Z'); // 02:00 in Los Angeles
    await t.driver.command(ADMIN, `assign <@${OMAR}> <@${LEO}>`);
    await t.settle();
    const id = Number((await t.storage.db('mentorships').where({ supporter_id: OMAR }).first()).id);
    await t.driver.command(ADMIN, 'admin mentorships');
    await t.settle();
    const list = t.fake.lastCall('views.open')!.response.view as { id: string };
    const before = t.fake.dmsTo(OMAR).length;
    await t.driver.blockAction(ADMIN, overflowChoice(ACTIONS.oversightRow, `nudge:${id}`), { viewId: list.id });
    await t.settle();
    expect(t.fake.dmsTo(OMAR)).toHaveLength(before);
    expect(JSON.stringify(t.fake.lastCall('views.push')?.response.view)).toContain(
      'outside their working hours, so I will send it when their working day starts',
    );

    await t.driver.command(ADMIN, 'admin mentorships');
    await t.settle();
    const held = JSON.stringify(t.fake.lastCall('views.open')!.response.view);
    expect(held).toContain('a nudge is waiting for their working hours');
    // Asked for, not sent: the row does not say it went.
    expect(held).not.toContain('last nudged');

    clock = new Date('2026-12-01T16:00:00.000Z'); // 08:00 in Los Angeles
    await sweep();
    expect(t.fake.dmsTo(OMAR)).toHaveLength(before);
    clock = new Date('2026-12-01T17:30:00.000Z'); // 09:30 in Los Angeles
    await sweep();
    await sweep();
    const nudges = dmTexts(t, OMAR).filter((d) => d.includes('still waiting for your answer'));
    expect(nudges).toHaveLength(1);

    await t.driver.command(ADMIN, 'admin mentorships');
    await t.settle();
    const row = JSON.stringify(t.fake.lastCall('views.open')!.response.view);
    expect(row).toContain(`<@${OMAR}> → <@${LEO}>`);
    // When it went, on the reader's clock: 17:30 UTC, not when it was asked for.
    expect(row).toContain(`last nudged <!date^${Date.parse('2026-12-01T17:30:00.000Z') / 1000}^`);
    expect(row).not.toContain('a nudge is waiting');
  });
});

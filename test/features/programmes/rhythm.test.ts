import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { programmeSettings as settings } from '../../support/programmes.ts';
import { runReminderSweep } from '../../support/sweep.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEE = 'ULEE0001';
const KIM = 'UKIM0001';

describe("each programme's rhythm drives its pairs' reminders", () => {
  let t: TestApp;
  let clock = new Date('2026-11-02T10:00:00.000Z'); // Monday, 10:00 in London
  const sweep = () =>
    runReminderSweep({
      now: clock,
      storage: t.storage,
      clientFor: t.lifering.deps.clientFor,
      config: t.config,
      logger: t.lifering.deps.logger,
      holder: 'rhythm',
    });
  const remindedOf = (supporter: string) =>
    t.fake.dmsTo(supporter).filter((d) => JSON.stringify(d.args.blocks).includes('meeting report'));

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SAM, MIA, LEE, KIM].map((id) => ({ id, name: id.slice(1, 4).toLowerCase(), tz: 'Europe/London' })),
      env: { ADMIN_USER_IDS: ADMIN, FEEDBACK_INTERVAL_DAYS: '30' },
      now: () => clock,
    });
    const team = t.fake.teamId;
    await t.storage.programmes.create(
      team,
      settings({ name: 'Graduate mentoring', reportEveryDays: 30 }),
      ADMIN,
      clock,
    );
    await t.storage.programmes.create(
      team,
      settings({ name: 'Leadership coaching', reportEveryDays: 14 }),
      ADMIN,
      clock,
    );
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> in Graduate mentoring silently`);
    await t.driver.command(ADMIN, `assign <@${LEE}> <@${KIM}> in Leadership coaching silently`);
    await t.settle();
    expect(await t.storage.db('mentorships').where({ status: 'active' }).select('id')).toHaveLength(2);
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it('on day 15 reminds only the pair whose programme wants a report every 14 days', async () => {
    clock = new Date('2026-11-17T10:00:00.000Z');
    await sweep();
    await t.settle();
    expect(remindedOf(SAM)).toHaveLength(0);
    expect(remindedOf(LEE)).toHaveLength(1);
    const dm = JSON.stringify(remindedOf(LEE)[0]!.args.blocks);
    expect(dm).toContain(`<@${KIM}> — due yesterday`);
    expect(dm).toContain("it's been 14 days or more");
  });

  it("counts only that pair as overdue on the admins' surfaces", async () => {
    const team = t.fake.teamId;
    const o = { now: clock, intervalDays: 30, maxMenteesPerSupporter: 3, limit: 5 };
    const home = await t.storage.overview.home(team, o);
    expect(home.overdue.total).toBe(1);
    expect(home.overdue.items).toMatchObject([{ menteeId: KIM, reportEveryDays: 14 }]);
    expect((await t.storage.overview.report(team, o)).overdue.total).toBe(1);
    const c = { now: clock, intervalDays: 30, staleAfterDays: 7 };
    const page = await t.storage.oversight.page(team, { state: 'all', overdue: true }, c, 0, 10);
    expect(page.items.map((r) => r.menteeId)).toEqual([KIM]);
  });
});

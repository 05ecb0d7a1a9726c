import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import type { Programme } from '../../../src/storage/programmes.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { programmeSettings } from '../../support/programmes.ts';
import { commandAnswer, now, TEAM } from '../../support/progress.ts';

const ADMIN = 'UADMIN01';
/** Graduate mentoring's manager. An admin too, until managers have their own row in the policy (P2). */
const MGR = 'UMGR0001';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const NOOR = 'UNOOR001';
const users = [ADMIN, MGR, SAM, MIA, NOOR].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() }));

type Block = { accessory?: { action_id: string; value: string }; elements?: { action_id: string; value?: string }[] };
const buttonIn = (blocks: unknown, actionId: string) =>
  (blocks as Block[])
    .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
    .find((e) => e.action_id === actionId);

describe('/mentor request @person', () => {
  let t: TestApp;
  let grad: Programme;
  let data: number;
  beforeAll(async () => {
    t = await startTestApp({ users, env: { ADMIN_USER_IDS: `${ADMIN},${MGR}` }, now: () => now });
    data = (await t.storage.topics.create(TEAM, { name: 'Data analysis', createdBy: ADMIN }, now)).id;
    grad = await t.storage.programmes.create(TEAM, programmeSettings({ name: 'Graduate mentoring' }), ADMIN, now);
    await t.storage.programmes.setManagers(TEAM, grad.id, [MGR], ADMIN, now);
    await t.storage.programmeMembers.join(
      TEAM,
      { programmeId: grad.id, userId: MIA, role: 'mentee', answers: [] },
      now,
    );
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.settle();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    t.fake.clearCalls();
  });

  it("reaches the managers of the mentee's programme with a one-click Assign that assigns once", async () => {
    const res = await t.driver.command(MIA, `request <@${SAM}> Data analysis we met at the offsite`);
    expect(commandAnswer(t, res, MIA)).toContain(
      `I've asked the managers of *Graduate mentoring* for <@${SAM}> as your supporter for *Data analysis*.`,
    );
    await t.settle();
    const [r] = await t.storage.supporterRequests.listOpen(TEAM);
    expect(r).toMatchObject({
      requesterId: MIA,
      wantedSupporterId: SAM,
      programmeId: grad.id,
      topicId: data,
      note: 'we met at the offsite',
    });
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(0);
    const [dm] = t.fake.dmsTo(MGR);
    expect(dm!.args.text).toContain(
      `<@${MIA}> asked for <@${SAM}> as their supporter for *Data analysis* in *Graduate mentoring*.`,
    );
    const assign = buttonIn(dm!.args.blocks, ACTIONS.assignSuggested)!;

    // The waiting list and the mentorships report show whom the mentee asked for.
    const waiting = JSON.stringify((await t.driver.command(MGR, 'waiting')).body);
    expect(waiting).toContain(`Asked for <@${SAM}>`);

    const where = { channelId: t.fake.dmChannel(MGR), messageTs: String(dm!.response.ts) };
    await t.driver.blockAction(MGR, { action_id: ACTIONS.assignSuggested, value: assign.value }, where);
    await t.settle();
    expect(t.fake.lastCall('response_url')?.args.text).toContain("I've asked");
    const made = await t.storage.db('mentorships').where({ team_id: TEAM, mentee_id: MIA });
    expect(made).toEqual([
      expect.objectContaining({ supporter_id: SAM, topic_id: data, status: 'pending', programme_id: grad.id }),
    ]);
    expect(await t.storage.supporterRequests.listOpen(TEAM)).toEqual([]);
    expect(t.fake.dmsTo(SAM)).toHaveLength(1);

    // A second click (or a second manager) changes nothing and says why.
    await t.driver.blockAction(MGR, { action_id: ACTIONS.assignSuggested, value: assign.value }, where);
    await t.settle();
    expect(t.fake.lastCall('response_url')?.args.text).toContain('already has a pending assignment');
    expect(await t.storage.db('mentorships').where({ team_id: TEAM, mentee_id: MIA })).toHaveLength(1);
  });

  it('from someone in no programme but the default it goes to the admins, and nobody can ask for themselves', async () => {
    const self = await t.driver.command(NOOR, `request <@${NOOR}>`);
    expect(commandAnswer(t, self, NOOR)).toContain('You named yourself.');
    expect(await t.storage.supporterRequests.openFor(TEAM, NOOR)).toBeUndefined();

    await t.driver.command(NOOR, 'request someone patient');
    await t.settle();
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(1);
    // Naming someone later changes the one open request, and whoever assigns hears of it.
    const named = await t.driver.command(NOOR, `request <@${SAM}>`);
    expect(commandAnswer(t, named, NOOR)).toContain(`I've asked the Lifering admins for <@${SAM}> as your supporter.`);
    await t.settle();
    const open = await t.storage.supporterRequests.openFor(TEAM, NOOR);
    expect(open).toMatchObject({ wantedSupporterId: SAM, note: 'someone patient' });
    const dms = t.fake.dmsTo(ADMIN);
    expect(dms).toHaveLength(2);
    expect(buttonIn(dms[1]!.args.blocks, ACTIONS.assignSuggested)?.value).toContain(`"s":"${SAM}"`);
    const report = await t.storage.overview.report(TEAM, {
      now,
      intervalDays: 30,
      maxMenteesPerSupporter: 5,
      limit: 10,
    });
    expect(report.supporterRequests.items[0]).toMatchObject({ menteeId: NOOR, wantedSupporterId: SAM });
  });
});

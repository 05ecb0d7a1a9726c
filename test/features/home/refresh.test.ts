import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';

/** Everything Home shows for a user, as text, from the latest views.publish the fake accepted. */
const homeText = (t: TestApp, userId: string) => JSON.stringify(t.fake.homeViews.get(userId)?.blocks ?? []);
const publishesFor = (t: TestApp, userId: string) =>
  t.fake.callsTo('views.publish').filter((c) => c.args.user_id === userId && c.response.ok);

describe('App Home follows the changes other features make', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('republishes both sides after an assignment, its acceptance and its end', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    expect(publishesFor(t, SAM).length).toBeGreaterThan(0);
    expect(homeText(t, SAM)).toContain(MIA);

    const before = publishesFor(t, MIA).length;
    await t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment });
    await t.settle();
    expect(publishesFor(t, MIA).length).toBeGreaterThan(before);
    expect(homeText(t, MIA)).toContain(SAM);

    const [m] = await t.storage.mentorships.listForMentee(t.fake.teamId, MIA);
    const ending = await t.driver.command(MIA, `end <@${SAM}> <@${MIA}>`);
    expect(ending.status).toBe(200);
    await t.settle();
    const modal = t.fake.lastCall('views.open')!.response.view as { id: string; blocks: { block_id: string }[] };
    await t.driver.submitView(MIA, modal.id, {});
    await t.settle();
    expect((await t.storage.mentorships.get(t.fake.teamId, m!.id))?.status).toBe('ended');
    // Neither lists the other any more; each is thanked for the mentorship that ended.
    expect(homeText(t, SAM)).not.toContain('Your mentees');
    expect(homeText(t, SAM)).toContain(`Your mentorship with <@${MIA}> ended on`);
    expect(homeText(t, MIA)).toContain(`Your mentorship with <@${SAM}> ended on`);
    expect(homeText(t, MIA)).not.toContain('Who supports you');
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

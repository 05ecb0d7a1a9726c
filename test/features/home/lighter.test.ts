import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const now = new Date('2026-11-23T10:00:00.000Z');

describe('Home keeps up: pending offers answered there, a request shown at once', () => {
  let t: TestApp;
  const home = (who: string) => JSON.stringify(t.fake.homeViews.get(who)?.blocks ?? []);
  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SAM, MIA].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => now,
    });
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it("the mentee's Home says their request is with the admins as soon as they make it", async () => {
    await t.driver.appHomeOpened(MIA);
    await t.settle();
    expect(home(MIA)).not.toContain('You asked for a supporter');
    await t.driver.command(MIA, 'request someone to talk to');
    await t.settle();
    expect(home(MIA)).toContain('You asked for a supporter on 23 Nov; the admins have it');
  });

  it('a supporter accepts a pending offer from Home; the DM, both Homes and the mentee hear of it', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    const offer = t.fake.dmsTo(SAM).at(-1)!;
    await t.driver.appHomeOpened(SAM);
    await t.settle();
    const view = t.fake.homeViews.get(SAM)!;
    expect(home(SAM)).toContain(`"action_id":"${ACTIONS.acceptAssignment}"`);
    await t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment }, { viewId: String(view.id) });
    await t.settle();
    const [m] = await t.storage.mentorships.listForMentee(t.fake.teamId, MIA);
    expect(m?.status).toBe('active');
    expect(home(SAM)).not.toContain('Waiting for you to accept');
    expect(t.fake.messagesIn(t.fake.dmChannel(SAM)).find((x) => x.ts === offer.response.ts)?.text).toContain(
      'You accepted on',
    );
    expect(String(t.fake.dmsTo(MIA).at(-1)?.args.text)).toContain(`<@${SAM}> is now your supporter`);
    // A second click from the stale Home says why nothing changed, in a small modal (Home has no thread to answer in).
    await t.driver.blockAction(
      SAM,
      { action_id: ACTIONS.acceptAssignment, value: String(m!.id) },
      { viewId: String(view.id) },
    );
    await t.settle();
    expect(JSON.stringify(t.fake.lastCall('views.open')?.args.view)).toContain('You already accepted this');
  });
});

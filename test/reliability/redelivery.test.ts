import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.ts';
import { checkboxes, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';

/**
 * Slack redelivers what it thinks went unanswered: the same payload, with X-Slack-Retry-Num.
 * Each kind delivered three times must have one effect.
 */
describe('the same delivery two or three times has one effect', () => {
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
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it('an Accept click: one acceptance, one updated offer, one DM to the mentee', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    const menteeDms = t.fake.dmsTo(MIA).length;
    expect((await t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment })).status).toBe(200);
    expect((await t.driver.redeliver(1)).status).toBe(200);
    expect((await t.driver.redeliver(2)).status).toBe(200);
    await t.settle();
    expect(t.fake.callsTo('chat.update')).toHaveLength(1);
    expect(t.fake.dmsTo(MIA)).toHaveLength(menteeDms + 1);
    const audits = await t.storage.db('audit_events').where({ action: 'mentorship.accepted' });
    expect(audits).toHaveLength(1);
    expect((await t.storage.mentorships.listForMentee(t.fake.teamId, MIA))[0]?.status).toBe('active');
  });

  it('a help request submitted three times: one open request, one DM per supporter', async () => {
    await t.driver.command(MIA, 'assist');
    await t.settle();
    const modal = t.fake.lastCall('views.open')!.response.view as { id: string };
    const before = t.fake.dmsTo(SAM).length;
    const values = {
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue('Stuck on SQL') },
    };
    expect((await t.driver.submitView(MIA, modal.id, values)).status).toBe(200);
    await t.settle();
    for (const retryNum of [1, 2]) {
      expect((await t.driver.redeliver(retryNum)).status).toBe(200);
      await t.settle();
    }
    // PostgreSQL returns counts as strings.
    expect(
      Number((await t.storage.db('assistance_requests').whereNull('resolved_at').count({ n: '*' }).first())?.n),
    ).toBe(1);
    expect(t.fake.dmsTo(SAM)).toHaveLength(before + 1);
  });

  it('an app_home_opened event: one publish', async () => {
    t.fake.clearCalls();
    await t.driver.appHomeOpened(SAM);
    await t.driver.redeliver(1);
    await t.driver.redeliver(2);
    await t.settle();
    expect(t.fake.callsTo('views.publish')).toHaveLength(1);
  });
});

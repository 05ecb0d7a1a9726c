import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, REPORT_FIELDS as F } from '../../../src/slack/ids.ts';
import { numberValue, radio, selectedDate, selectedOption, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { runReminderSweep } from '../../support/sweep.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LONDON = 'Europe/London';

const report = {
  [F.metOn]: { [F.metOn]: selectedDate('2026-11-23') },
  [F.duration]: { [F.duration]: numberValue(45) },
  [F.format]: { [F.format]: selectedOption('video') },
  [F.summary]: { [F.summary]: textValue('Went through window functions.') },
  [F.progress]: { [F.progress]: radio('4') },
};

describe("the mentee's voice: check-ins after a report, close-outs at the end", () => {
  let t: TestApp;
  let clock = new Date('2026-11-23T10:00:00.000Z'); // Monday 10:00 in London
  const sweep = () =>
    runReminderSweep({
      now: clock,
      storage: t.storage,
      clientFor: t.lifering.deps.clientFor,
      config: t.config,
      logger: t.lifering.deps.logger,
    });
  const dmTexts = (who: string) =>
    t.fake.dmsTo(who).map((c) => `${c.args.text} ${JSON.stringify(c.args.blocks ?? [])}`);
  let mentorshipId: number;

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada', tz: LONDON },
        { id: SAM, name: 'sam', tz: LONDON },
        { id: MIA, name: 'mia', tz: LONDON },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => clock,
    });
    mentorshipId = (
      await t.storage.mentorships.create(
        {
          teamId: t.fake.teamId,
          supporterId: SAM,
          menteeId: MIA,
          topicId: null,
          supporterKind: 'mentor',
          assignedBy: ADMIN,
          notify: false,
        },
        clock,
      )
    ).id;
  });
  afterAll(async () => {
    await t.stop();
  });

  async function fileReport() {
    await t.driver.command(SAM, `report <@${MIA}>`);
    await t.settle();
    const viewId = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
    const res = await t.driver.submitView(SAM, viewId, report);
    expect(res.status).toBe(200);
    await t.settle();
  }

  it('after a report the mentee is asked (by the sweep, in her daytime); her answer and comment reach admins, never the supporter', async () => {
    await fileReport();
    const before = t.fake.dmsTo(MIA).length;
    // Not asked at once: she just had the "report added" DM.
    expect(dmTexts(MIA).join()).not.toContain('How was your meeting');
    await sweep();
    await t.settle();
    expect(t.fake.dmsTo(MIA).length).toBe(before + 1);
    const asked = t.fake.dmsTo(MIA).at(-1)!;
    expect(asked.args.text).toContain(`How was your meeting with <@${SAM}> on 23 Nov?`);
    expect(JSON.stringify(asked.args.blocks)).toContain('never <@USAM0001>');

    // Sam cannot answer for her.
    await t.driver.blockAction(SAM, { action_id: `${ACTIONS.checkinScore}.5` }, { channelId: t.fake.dmChannel(MIA) });
    await t.settle();
    expect(t.fake.lastCall('response_url')?.args.text).toContain('for someone else');

    await t.driver.blockAction(MIA, { action_id: `${ACTIONS.checkinScore}.2` }, { channelId: t.fake.dmChannel(MIA) });
    await t.settle();
    const row = await t.storage.db('checkins').where({ person_id: MIA }).first();
    expect(row).toMatchObject({ kind: 'meeting', score: 2, mentorship_id: mentorshipId });
    expect(t.fake.messagesIn(t.fake.dmChannel(MIA)).find((m) => m.ts === asked.response.ts)?.text).toContain(
      'you said 2 of 5',
    );
    expect(dmTexts(ADMIN).at(-1)).toContain('2 of 5');

    // A second tap (from a client still showing the buttons) changes nothing.
    await t.driver.blockAction(
      MIA,
      { action_id: `${ACTIONS.checkinScore}.5`, value: `${row.id}:5` },
      { channelId: t.fake.dmChannel(MIA), messageTs: String(asked.response.ts) },
    );
    await t.settle();
    expect(t.fake.lastCall('response_url')?.args.text).toContain('You already answered: 2 of 5');
    expect((await t.storage.db('checkins').where({ person_id: MIA }).first()).score).toBe(2);

    // The optional private comment.
    await t.driver.blockAction(MIA, { action_id: ACTIONS.checkinComment }, { channelId: t.fake.dmChannel(MIA) });
    await t.settle();
    const viewId = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
    const empty = await t.driver.submitView(MIA, viewId, { checkin_comment: { value: textValue('  ') } });
    expect((empty.body as { errors?: object }).errors).toHaveProperty('checkin_comment');
    await t.driver.submitView(MIA, viewId, {
      checkin_comment: { value: textValue('He keeps cancelling at the last minute.') },
    });
    await t.settle();
    expect(dmTexts(ADMIN).at(-1)).toContain('He keeps cancelling at the last minute.');
    expect(dmTexts(ADMIN).at(-1)).toContain('<@USAM0001> has not seen this');

    // Nothing of it ever reaches Sam.
    for (const text of dmTexts(SAM)) {
      expect(text).not.toContain('cancelling');
      expect(text).not.toContain('2 of 5');
      expect(text).not.toContain('Check-in');
    }
  });

  it('asks at most once a week, never at night, and a close-out goes to both sides when it ends', async () => {
    // A second report the same week is queued but not asked.
    clock = new Date('2026-11-25T10:00:00.000Z');
    await fileReport();
    const count = t.fake.dmsTo(MIA).length;
    await sweep();
    await t.settle();
    expect(t.fake.dmsTo(MIA).length).toBe(count);
    // A week on, but at 22:00 in London: still not.
    clock = new Date('2026-11-30T22:00:00.000Z');
    await sweep();
    await t.settle();
    expect(t.fake.dmsTo(MIA).length).toBe(count);
    clock = new Date('2026-12-01T09:00:00.000Z');
    await sweep();
    await t.settle();
    expect(t.fake.dmsTo(MIA).length).toBe(count + 1);
    expect(t.fake.dmsTo(MIA).at(-1)!.args.text).toContain('How was your meeting');

    // Ended eight days later: both sides get a close-out from the sweep, once.
    clock = new Date('2026-12-09T11:00:00.000Z');
    await t.driver.command(MIA, `end <@${SAM}> <@${MIA}>`);
    await t.settle();
    const viewId = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
    await t.driver.submitView(MIA, viewId, {});
    await t.settle();
    await sweep();
    await sweep();
    await t.settle();
    const closeouts = (who: string) =>
      t.fake.dmsTo(who).filter((c) => String(c.args.text).includes('has ended. How did it go overall?'));
    expect(closeouts(MIA)).toHaveLength(1);
    expect(closeouts(SAM)).toHaveLength(1);
    expect(closeouts(SAM)[0]!.args.text).toContain(`Your mentorship with <@${MIA}>`);
  });
});

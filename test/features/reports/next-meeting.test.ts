import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMeetingMorning } from '../../../src/features/reports/meeting-day.ts';
import { REPORT_FIELDS as F } from '../../../src/slack/ids.ts';
import type { Mentorship } from '../../../src/storage/rows.ts';
import { numberValue, radio, selectedDate, selectedOption, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { runReminderSweep } from '../../support/sweep.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const T = 'T0LIFERING';

describe('the next meeting a report names', () => {
  let t: TestApp;
  let clock = new Date('2026-11-23T10:00:00.000Z'); // Monday
  let m: Mentorship;
  const sweep = () =>
    runReminderSweep({
      now: clock,
      storage: t.storage,
      clientFor: t.lifering.deps.clientFor,
      config: t.config,
      logger: t.lifering.deps.logger,
    });
  const meetingDms = (to: string) => t.fake.dmsTo(to).filter((d) => String(d.args.text).startsWith(':calendar:'));

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada', tz: 'Europe/London' },
        { id: SAM, name: 'sam', tz: 'Europe/London' },
        { id: MIA, name: 'mia', tz: 'America/New_York' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => clock,
    });
    m = await t.storage.mentorships.create(
      {
        teamId: T,
        supporterId: SAM,
        menteeId: MIA,
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: ADMIN,
        notify: false,
      },
      new Date('2026-10-01T10:00:00.000Z'),
    );
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it('is shown on both Homes and the progress page once a report sets it', async () => {
    await t.driver.command(SAM, `report <@${MIA}>`);
    await t.settle();
    const form = t.fake.lastCall('views.open')!.response.view as { id: string };
    const res = await t.driver.submitView(SAM, form.id, {
      [F.metOn]: { [F.metOn]: selectedDate('2026-11-23') },
      [F.duration]: { [F.duration]: numberValue(30) },
      [F.format]: { [F.format]: selectedOption('video') },
      [F.summary]: { [F.summary]: textValue('Planned the review.') },
      [F.progress]: { [F.progress]: radio('3') },
      [F.nextMeeting]: { [F.nextMeeting]: selectedDate('2026-11-25') },
    });
    expect(res.body).toBe('');
    await t.settle();
    for (const who of [SAM, MIA]) {
      await t.driver.appHomeOpened(who);
      await t.settle();
      expect(JSON.stringify(t.fake.homeViews.get(who)?.blocks)).toContain('next meeting 25 Nov');
    }
    await t.driver.command(MIA, 'progress');
    await t.settle();
    expect(JSON.stringify(t.fake.lastCall('views.open')?.args.view)).toContain(
      `<@${SAM}> · mentor · since 1 Oct · next meeting 25 Nov`,
    );
  });

  it('DMs each side once on the morning of the meeting, in their own time zone', async () => {
    clock = new Date('2026-11-25T06:00:00.000Z'); // 06:00 in London, 01:00 in New York
    await sweep();
    expect(meetingDms(SAM)).toHaveLength(0);
    clock = new Date('2026-11-25T09:00:00.000Z'); // 09:00 in London
    await sweep();
    await sweep();
    expect(meetingDms(SAM)).toHaveLength(1);
    expect(meetingDms(SAM)[0]!.response.ok).toBe(true);
    expect(meetingDms(SAM)[0]!.args.text).toBe(`:calendar: You meet <@${MIA}> today.`);
    expect(JSON.stringify(meetingDms(SAM)[0]!.args.blocks)).toContain(`"action_id":"report.open","value":"${m.id}"`);
    expect(meetingDms(MIA)).toHaveLength(0);
    clock = new Date('2026-11-25T13:30:00.000Z'); // 08:30 in New York
    await sweep();
    expect(meetingDms(MIA)).toHaveLength(1);
    expect(meetingDms(MIA)[0]!.args.text).toBe(`:calendar: You meet <@${SAM}> today.`);
    expect(meetingDms(SAM)).toHaveLength(1);
    // The next day it is no longer shown as coming up.
    clock = new Date('2026-11-26T10:00:00.000Z');
    await t.driver.appHomeOpened(SAM);
    await t.settle();
    expect(JSON.stringify(t.fake.homeViews.get(SAM)?.blocks)).not.toContain('next meeting');
  });

  it.each([
    ['2026-11-25', '2026-11-25T09:00:00.000Z', 'Europe/London', true],
    ['2026-11-25', '2026-11-25T06:59:00.000Z', 'Europe/London', false],
    ['2026-11-25', '2026-11-25T12:00:00.000Z', 'Europe/London', false],
    ['2026-11-25', '2026-11-24T23:00:00.000Z', 'Asia/Tokyo', true],
    ['2026-11-25', '2026-11-25T03:00:00.000Z', 'Asia/Tokyo', false],
  ])('meeting on %s at %s in %s is its morning: %s', (on, at, tz, expected) => {
    expect(isMeetingMorning(on, new Date(at), tz)).toBe(expected);
  });
});

/**
 * "Fewer messages" means at most one nudge a week, and the "you meet today" DM is a nudge: it is
 * not sent to someone who had one in the last seven days, and when it is sent it is the week's one.
 * It goes before anything else the sweep has for that person, as it is no use a day later and the
 * rest (reminders, check-in questions) waits and is merged, never lost.
 */
describe('the meeting-day DM under "fewer messages"', () => {
  let t: TestApp;
  let clock = new Date('2026-11-23T10:00:00.000Z'); // Monday
  const sweep = () =>
    runReminderSweep({
      now: clock,
      storage: t.storage,
      clientFor: t.lifering.deps.clientFor,
      config: t.config,
      logger: t.lifering.deps.logger,
    });
  const meetingDms = (to: string) => t.fake.dmsTo(to).filter((d) => String(d.args.text).startsWith(':calendar:'));

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada', tz: 'Europe/London' },
        { id: SAM, name: 'sam', tz: 'Europe/London' },
        { id: MIA, name: 'mia', tz: 'Europe/London' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => clock,
    });
    await t.storage.mentorships.create(
      {
        teamId: T,
        supporterId: SAM,
        menteeId: MIA,
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: ADMIN,
        notify: false,
      },
      new Date('2026-10-01T10:00:00.000Z'),
    );
    for (const who of [SAM, MIA])
      expect(JSON.stringify((await t.driver.command(who, 'messages fewer')).body)).toContain('fewer messages');
    await t.driver.command(SAM, `report <@${MIA}>`);
    await t.settle();
    const form = t.fake.lastCall('views.open')!.response.view as { id: string };
    await t.driver.submitView(SAM, form.id, {
      [F.metOn]: { [F.metOn]: selectedDate('2026-11-23') },
      [F.duration]: { [F.duration]: numberValue(30) },
      [F.format]: { [F.format]: selectedOption('video') },
      [F.summary]: { [F.summary]: textValue('Planned the review.') },
      [F.progress]: { [F.progress]: radio('3') },
      [F.nextMeeting]: { [F.nextMeeting]: selectedDate('2026-11-25') },
    });
    await t.settle();
    // Sam heard from Lifering yesterday (a reminder, say); Mia has not this week.
    await t.storage.checkins.noteNudge(T, SAM, new Date('2026-11-24T10:00:00.000Z'));
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it("is held back from someone nudged in the last week, and counts as the week's nudge for the other", async () => {
    clock = new Date('2026-11-25T09:00:00.000Z');
    const earlier = t.fake.dmsTo(MIA).length;
    await sweep();
    await sweep();
    expect(meetingDms(SAM)).toHaveLength(0);
    expect(meetingDms(MIA)).toHaveLength(1);
    expect((await t.storage.checkins.settings(T, MIA)).lastNudgeAt).toBe(clock.toISOString());
    // The meeting's check-in question, due by now too, waits: one message that morning, not two.
    expect(
      t.fake
        .dmsTo(MIA)
        .slice(earlier)
        .map((d) => d.args.text),
    ).toEqual([`:calendar: You meet <@${SAM}> today.`]);
    expect((await t.storage.checkins.settings(T, SAM)).lastNudgeAt).toBe('2026-11-24T10:00:00.000Z');
    // A week on, the question that waited is asked.
    clock = new Date('2026-12-02T10:00:00.000Z');
    await sweep();
    expect(
      t.fake
        .dmsTo(MIA)
        .slice(earlier + 1)
        .map((d) => String(d.args.text)),
    ).toEqual([expect.stringMatching(/How was/)]);
  });
});

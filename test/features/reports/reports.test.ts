import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportDue } from '../../../src/calendar/report-due.ts';
import { reminderDm } from '../../../src/features/reminders/views.ts';
import { sendDm } from '../../../src/slack/dm.ts';
import { REPORT_FIELDS as F } from '../../../src/slack/ids.ts';
import type { Mentorship } from '../../../src/storage/rows.ts';
import { numberValue, radio, type StateValues, selectedDate, selectedOption, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEO = 'ULEO0001';
const T = 'T0LIFERING';
const NOW = new Date('2026-11-23T10:00:00.000Z');

function good(over: StateValues = {}): StateValues {
  return {
    [F.metOn]: { [F.metOn]: selectedDate('2026-11-20') },
    [F.duration]: { [F.duration]: numberValue(45) },
    [F.format]: { [F.format]: selectedOption('video') },
    [F.summary]: { [F.summary]: textValue('Went through window functions.') },
    [F.progress]: { [F.progress]: radio('4') },
    [F.tasks]: { [F.tasks]: textValue('Read chapter 3\n- Try one query a day\n') },
    [F.nextMeeting]: { [F.nextMeeting]: selectedDate('2026-12-04') },
    [F.privateNote]: { [F.privateNote]: textValue('Seems stressed about the review.') },
    ...over,
  };
}

describe('meeting reports', () => {
  let t: TestApp;
  let m: Mentorship;
  let goalId: number;

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
        { id: LEO, name: 'leo' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
    const accepted = new Date('2026-10-01T10:00:00.000Z');
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
      accepted,
    );
    const [g] = await t.storage
      .db('goals')
      .insert({
        team_id: T,
        mentee_id: MIA,
        title: 'Master SQL',
        status: 'open',
        created_at: accepted.toISOString(),
        updated_at: accepted.toISOString(),
      })
      .returning('id');
    goalId = Number(typeof g === 'object' ? g.id : g);
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    t.fake.reset();
  });

  async function openForm(userId = SAM, text = `report <@${MIA}|mia>`): Promise<string> {
    const res = await t.driver.command(userId, text);
    expect(res.status).toBe(200);
    await t.settle();
    const open = t.fake.lastCall('views.open');
    expect(open?.response.ok).toBe(true);
    return String((open!.response.view as { id: string }).id);
  }

  it('explains how to name the mentee, and refuses anyone who does not actively support them', async () => {
    const none = await t.driver.command(SAM, 'report');
    expect((none.body as { text: string }).text).toContain('Mention them like `/mentor report @mia`');
    const leo = await t.driver.command(LEO, `report <@${MIA}|mia>`);
    expect((leo.body as { text: string }).text).toContain("isn't one of them");
    await t.settle();
    expect(t.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('opens the form with the fields in the agreed order and the open goals', async () => {
    const viewId = await openForm();
    const view = t.fake.view(viewId)!;
    expect((view.title as { text: string }).text).toBe('Meeting report');
    expect((view.submit as { text: string }).text).toBe('Save report');
    const ids = (view.blocks as { block_id?: string; type: string }[])
      .filter((b) => b.type === 'input')
      .map((b) => b.block_id);
    expect(ids).toEqual([
      F.metOn,
      F.duration,
      F.format,
      F.summary,
      F.progress,
      F.goals,
      F.tasks,
      F.nextMeeting,
      F.privateNote,
    ]);
    expect(JSON.stringify(view.blocks)).toContain('Master SQL');
  });

  it.each([
    [
      'a meeting date in the future',
      { [F.metOn]: { [F.metOn]: selectedDate('2026-11-24') } },
      F.metOn,
      "can't be in the future",
    ],
    ['a length under 5 minutes', { [F.duration]: { [F.duration]: numberValue(4) } }, F.duration, 'from 5 to 480'],
    ['a length over 480 minutes', { [F.duration]: { [F.duration]: numberValue(481) } }, F.duration, 'from 5 to 480'],
    [
      'a length that is not a number',
      { [F.duration]: { [F.duration]: numberValue('an hour') } },
      F.duration,
      'whole number',
    ],
    [
      'a way of meeting that is none of the options',
      { [F.format]: { [F.format]: selectedOption('carrier pigeon') } },
      F.format,
      'from the list, or leave it empty',
    ],
    ['an empty summary', { [F.summary]: { [F.summary]: textValue('   ') } }, F.summary, 'short summary'],
    [
      'a summary over 3,000 characters',
      { [F.summary]: { [F.summary]: textValue('x'.repeat(3001)) } },
      F.summary,
      '3,000',
    ],
    [
      'no progress',
      { [F.progress]: { [F.progress]: { type: 'radio_buttons', selected_option: null } } },
      F.progress,
      '1 (off track) to 5',
    ],
    [
      'a goal that is not open',
      {
        [F.goals]: {
          [F.goals]: {
            type: 'multi_static_select',
            selected_options: [{ text: { type: 'plain_text', text: 'x' }, value: '99999' }],
          },
        },
      },
      F.goals,
      'no longer open',
    ],
    [
      'a task over 150 characters',
      { [F.tasks]: { [F.tasks]: textValue(`ok\n${'y'.repeat(151)}`) } },
      F.tasks,
      'task 2 has 151',
    ],
    [
      'a meeting date before the mentorship began',
      {
        [F.metOn]: { [F.metOn]: selectedDate('2023-05-02') },
        [F.nextMeeting]: { [F.nextMeeting]: selectedDate('2026-12-04') },
      },
      F.metOn,
      'before this mentorship began (1 Oct)',
    ],
    [
      'a next meeting in the past',
      {
        [F.metOn]: { [F.metOn]: selectedDate('2026-11-10') },
        [F.nextMeeting]: { [F.nextMeeting]: selectedDate('2026-11-20') },
      },
      F.nextMeeting,
      'has already passed',
    ],
    [
      'a next meeting before this one',
      { [F.nextMeeting]: { [F.nextMeeting]: selectedDate('2026-11-19') } },
      F.nextMeeting,
      'on or after',
    ],
    [
      'a private note over 3,000 characters',
      { [F.privateNote]: { [F.privateNote]: textValue('z'.repeat(3001)) } },
      F.privateNote,
      '3,000',
    ],
  ])('answers %s inline under that field and stores nothing', async (_what, bad, field, words) => {
    const viewId = await openForm();
    const res = await t.driver.submitView(SAM, viewId, good(bad as StateValues));
    const body = res.body as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([field]);
    expect(body.errors[field]).toContain(words);
    expect(res.viewErrors).toEqual([]);
    await t.settle();
    expect(Number((await t.storage.db('meeting_reports').count({ n: '*' }).first())?.n)).toBe(0);
    expect(t.fake.dmsTo(MIA)).toHaveLength(0);
  });

  it('stores a report once even when Slack delivers the submission twice, and tells the mentee without the private note', async () => {
    const viewId = await openForm();
    const view = structuredClone(t.fake.view(viewId)!);
    const first = await t.driver.submitView(
      SAM,
      view,
      good({
        [F.goals]: {
          [F.goals]: {
            type: 'multi_static_select',
            selected_options: [{ text: { type: 'plain_text', text: 'Master SQL' }, value: String(goalId) }],
          },
        },
      }),
    );
    expect(first.body).toBe('');
    const again = await t.driver.submitView(SAM, view, good(), { retryNum: 1, retryReason: 'http_timeout' });
    expect(again.status).toBe(200);
    await t.settle();

    const rows = await t.storage.db('meeting_reports').where({ team_id: T });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      mentorship_id: m.id,
      author_id: SAM,
      met_on: '2026-11-20',
      duration_minutes: 45,
      format: 'video',
      progress: 4,
    });
    const after = await t.storage.mentorships.get(T, m.id);
    expect(after?.feedbackFrom).toBe(NOW.toISOString());
    expect(after?.lastReportAt).toBe(NOW.toISOString());
    const tasks = await t.storage.db('tasks').where({ team_id: T, mentee_id: MIA }).orderBy('id');
    expect(tasks.map((x) => [x.title, x.suggested_by])).toEqual([
      ['Read chapter 3', SAM],
      ['Try one query a day', SAM],
    ]);

    const dms = t.fake.dmsTo(MIA);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toContain('added a meeting report for your meeting on 20 Nov');
    expect(JSON.stringify(dms[0]!.args)).not.toContain('stressed');
    expect(JSON.stringify(dms[0]!.args)).toContain('progress.open');

    const audit = await t.storage.audit.list(T);
    expect(audit.filter((a) => a.action === 'report.filed')).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('stressed');

    // The private note: its author and admins, nobody else.
    const forMia = await t.storage.reports.recentForMentee(T, MIA, { userId: MIA, isAdmin: false });
    expect(forMia[0]?.privateNote).toBeNull();
    expect(forMia[0]?.goalsDiscussed).toEqual([{ id: goalId, title: 'Master SQL' }]);
    expect((await t.storage.reports.recentForMentee(T, MIA, { userId: SAM, isAdmin: false }))[0]?.privateNote).toBe(
      'Seems stressed about the review.',
    );
    expect((await t.storage.reports.recentForMentee(T, MIA, { userId: ADMIN, isAdmin: true }))[0]?.privateNote).toBe(
      'Seems stressed about the review.',
    );
  });

  it('needs only the date, the summary and how it is going: the length and how they met may stay empty', async () => {
    const viewId = await openForm();
    const inputs = (t.fake.view(viewId)!.blocks as { type: string; block_id: string; optional?: boolean }[]).filter(
      (b) => b.type === 'input',
    );
    const required = inputs.filter((b) => !b.optional).map((b) => b.block_id);
    expect(required).toEqual([F.metOn, F.summary, F.progress]);
    // As Slack sends a form whose optional fields were left alone.
    const res = await t.driver.submitView(SAM, viewId, {
      [F.metOn]: { [F.metOn]: selectedDate('2026-11-21') },
      [F.duration]: { [F.duration]: { type: 'number_input', value: null } },
      [F.format]: { [F.format]: { type: 'static_select', selected_option: null } },
      [F.summary]: { [F.summary]: textValue('Only the essentials') },
      [F.progress]: { [F.progress]: radio('3') },
      [F.goals]: { [F.goals]: { type: 'multi_static_select', selected_options: [] } },
      [F.tasks]: { [F.tasks]: { type: 'plain_text_input', value: null } },
      [F.nextMeeting]: { [F.nextMeeting]: { type: 'datepicker', selected_date: null } },
      [F.privateNote]: { [F.privateNote]: { type: 'plain_text_input', value: null } },
    });
    expect(res.body).toBe('');
    await t.settle();
    const row = await t.storage.db('meeting_reports').where({ team_id: T, summary: 'Only the essentials' }).first();
    expect(row).toMatchObject({ met_on: '2026-11-21', duration_minutes: null, format: null, progress: 3 });
    expect(t.fake.dmsTo(MIA).at(-1)?.args.text).toContain('added a meeting report for your meeting on 21 Nov');

    // The progress page says what is known, and nothing for what is not.
    for (const more of [
      { met_on: '2026-11-22', duration_minutes: 30, format: 'video', summary: 'Everything known' },
      { met_on: '2026-11-19', duration_minutes: 25, format: null, summary: 'Length only' },
      { met_on: '2026-11-18', duration_minutes: null, format: 'in_person', summary: 'Way only' },
    ])
      await t.storage.db('meeting_reports').insert({ ...row, id: undefined, submission_key: null, ...more });
    for (const who of [MIA, SAM]) {
      await t.driver.command(who, who === MIA ? 'progress' : `progress <@${MIA}>`);
      await t.settle();
      const page = t.fake.lastCall('views.open')!.response.view as { blocks: { text?: { text: string } }[] };
      const line = (summary: string) =>
        page.blocks.map((b) => b.text?.text ?? '').find((text) => text.includes(summary)) ?? '';
      expect(line('Everything known')).toContain(`*22 Nov* · <@${SAM}> · 30 min · video call · going 3 of 5`);
      expect(line('Only the essentials')).toContain(`*21 Nov* · <@${SAM}> · going 3 of 5\n`);
      expect(line('Length only')).toContain(`*19 Nov* · <@${SAM}> · 25 min · going 3 of 5\n`);
      expect(line('Way only')).toContain(`*18 Nov* · <@${SAM}> · in person · going 3 of 5\n`);
      expect(page.blocks.map((b) => b.text?.text ?? '').join('\n')).not.toMatch(/\bnull\b|undefined|NaN/);
    }
  });

  it('lets a supporter with two topics for one mentee choose which one the report is for', async () => {
    const [topic] = await t.storage
      .db('topics')
      .insert({
        team_id: T,
        name: 'Leadership',
        name_key: 'leadership',
        kind: 'skillset',
        created_at: NOW.toISOString(),
      })
      .returning('id');
    const topicId = Number(typeof topic === 'object' ? topic.id : topic);
    const second = await t.storage.mentorships.create(
      { teamId: T, supporterId: SAM, menteeId: MIA, topicId, supporterKind: 'coach', assignedBy: ADMIN, notify: false },
      new Date('2026-10-01T10:00:00.000Z'),
    );
    const viewId = await openForm();
    expect(JSON.stringify(t.fake.view(viewId)!.blocks)).toContain('Leadership');
    const missing = await t.driver.submitView(SAM, viewId, good());
    expect((missing.body as { errors: Record<string, string> }).errors).toEqual({
      [F.mentorship]: 'Choose which topic this meeting was about.',
    });
    const ok = await t.driver.submitView(
      SAM,
      viewId,
      good({ [F.mentorship]: { [F.mentorship]: selectedOption(String(second.id)) } }),
    );
    expect(ok.body).toBe('');
    await t.settle();
    expect(await t.storage.db('meeting_reports').where({ mentorship_id: second.id })).toHaveLength(1);
    await t.storage.mentorships.end(T, second.id, SAM, null, NOW);
  });

  it('opens the form from a reminder button, and explains instead when the mentorship is not theirs or has ended', async () => {
    const client = t.lifering.deps.clientFor(T);
    const status = reportDue(m.feedbackFrom, NOW, { intervalDays: 30, remindBeforeDays: 3 });
    await sendDm(client, SAM, reminderDm([{ mentorshipId: m.id, menteeId: MIA, topicName: null, status }]));
    await t.driver.blockAction(SAM, { action_id: 'report.open' });
    await t.settle();
    const opened = t.fake.lastCall('views.open');
    expect(opened?.response.ok).toBe(true);
    expect(JSON.stringify(opened?.args.view)).toContain('Save report');

    await sendDm(client, LEO, reminderDm([{ mentorshipId: m.id, menteeId: MIA, topicName: null, status }]));
    await t.driver.blockAction(LEO, { action_id: 'report.open' });
    await t.settle();
    const refused = t.fake.lastCall('views.open');
    expect(refused?.response.ok).toBe(true);
    expect(JSON.stringify(refused?.args.view)).not.toContain('Save report');
    expect(JSON.stringify(refused?.args.view)).toContain("isn't one of them");
  });

  it('filed from the progress page, the form opens over it and the page shows the new report at once', async () => {
    await t.driver.command(SAM, `progress <@${MIA}>`);
    await t.settle();
    const page = t.fake.lastCall('views.open')!.response.view as { id: string };
    expect(JSON.stringify(t.fake.view(page.id))).not.toContain('Filed from the page');
    await t.driver.blockAction(SAM, { action_id: 'report.open', value: String(m.id) }, { viewId: page.id });
    await t.settle();
    const pushed = t.fake.lastCall('views.push');
    expect(pushed?.response.ok).toBe(true);
    const form = pushed!.response.view as { id: string };
    const res = await t.driver.submitView(
      SAM,
      form.id,
      good({ [F.summary]: { [F.summary]: textValue('Filed from the page') } }),
    );
    expect(res.body).toBe('');
    await t.settle();
    const redrawn = t.fake
      .callsTo('views.update')
      .filter((c) => c.args.view_id === page.id)
      .at(-1);
    expect(redrawn?.response.ok).toBe(true);
    expect(JSON.stringify(t.fake.view(page.id))).toContain('Filed from the page');
  });

  it('keeps the form open when the mentorship ended while it was being filled in', async () => {
    const other = await t.storage.mentorships.create(
      {
        teamId: T,
        supporterId: SAM,
        menteeId: LEO,
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: ADMIN,
        notify: false,
      },
      new Date('2026-10-01T10:00:00.000Z'),
    );
    const viewId = await openForm(SAM, `report <@${LEO}>`);
    await t.storage.mentorships.end(T, other.id, LEO, null, NOW);
    const res = await t.driver.submitView(
      SAM,
      viewId,
      good({ [F.goals]: { [F.goals]: { type: 'multi_static_select', selected_options: [] } } }),
    );
    expect((res.body as { errors: Record<string, string> }).errors[F.summary]).toContain('has ended');
    expect(await t.storage.db('meeting_reports').where({ mentorship_id: other.id })).toHaveLength(0);
  });
});

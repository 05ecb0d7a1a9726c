import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportSavedDm } from '../../../src/features/reports/views.ts';
import { sendDm } from '../../../src/slack/dm.ts';
import { ACTIONS, REPORT_FIELDS as F } from '../../../src/slack/ids.ts';
import type { Mentorship } from '../../../src/storage/rows.ts';
import { numberValue, radio, type StateValues, selectedDate, selectedOption, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEO = 'ULEO0001';
const T = 'T0LIFERING';
const START = new Date('2026-11-23T10:00:00.000Z');
const HOUR = 3_600_000;
/** When the mentorships began: before any meeting the tests report. */
const BEGAN = new Date('2026-10-01T10:00:00.000Z');
const NOTE = 'PRIVATE-Seems stressed';

type Block = { block_id?: string; element?: { initial_value?: string; initial_option?: { value: string } } };

function good(over: StateValues = {}): StateValues {
  return {
    [F.metOn]: { [F.metOn]: selectedDate('2026-11-20') },
    [F.duration]: { [F.duration]: numberValue(45) },
    [F.format]: { [F.format]: selectedOption('video') },
    [F.summary]: { [F.summary]: textValue('Went through window functions.') },
    [F.progress]: { [F.progress]: radio('4') },
    [F.tasks]: { [F.tasks]: textValue('Read chapter 3') },
    [F.nextMeeting]: { [F.nextMeeting]: selectedDate('2026-12-04') },
    [F.privateNote]: { [F.privateNote]: textValue(NOTE) },
    ...over,
  };
}

/** The edit form's values: the same fields without suggested tasks. */
function edited(over: StateValues = {}): StateValues {
  const { [F.tasks]: _tasks, ...rest } = good(over);
  return rest;
}

describe('editing a meeting report', () => {
  let t: TestApp;
  let clock: Date;
  let m: Mentorship;

  beforeAll(async () => {
    clock = START;
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
        { id: LEO, name: 'leo' },
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
      BEGAN,
    );
    // LEO supports MIA too: a supporter, but not this report's author.
    await t.storage.mentorships.create(
      {
        teamId: T,
        supporterId: LEO,
        menteeId: MIA,
        topicId: null,
        supporterKind: 'coach',
        assignedBy: ADMIN,
        notify: false,
      },
      BEGAN,
    );
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });
  beforeEach(() => {
    t.fake.reset();
  });

  /** Files a report as SAM at the current clock; returns its id. */
  async function file(): Promise<number> {
    await t.driver.command(SAM, `report <@${MIA}|mia>`);
    await t.settle();
    const open = t.fake.lastCall('views.open');
    expect(open?.response.ok).toBe(true);
    const res = await t.driver.submitView(SAM, String((open!.response.view as { id: string }).id), good());
    expect(res.body).toBe('');
    await t.settle();
    const row = await t.storage.db('meeting_reports').where({ team_id: T }).orderBy('id', 'desc').first();
    return Number(row.id);
  }

  /** Clicks Edit report on SAM's newest confirmation DM; returns the opened form. */
  async function clickEdit(userId = SAM) {
    const res = await t.driver.blockAction(userId, { action_id: ACTIONS.editReport });
    expect(res.status).toBe(200);
    await t.settle();
    return t.fake.lastCall('views.open');
  }

  const rows = () => t.storage.db('meeting_reports').where({ team_id: T }).orderBy('id');
  const ephemeralTo = (userId: string) =>
    t.fake
      .messagesIn(t.fake.dmChannel(userId))
      .filter((x) => x.ephemeralTo === userId)
      .map((x) => x.text);

  it('confirms the filing to its author with Edit report, and lets them change it within 24 hours, once per submission', async () => {
    const id = await file();
    const confirmation = t.fake.dmsTo(SAM).at(-1)!;
    expect(confirmation.args.text).toContain(`Your meeting report for <@${MIA}>`);
    expect(JSON.stringify(confirmation.args.blocks)).toContain(`"action_id":"${ACTIONS.editReport}","value":"${id}"`);
    const filedAt = (await t.storage.mentorships.get(T, m.id))!;
    const tasksBefore = await t.storage.db('tasks').where({ team_id: T, mentee_id: MIA });
    const filedDms = t.fake.dmsTo(MIA).length;

    clock = new Date(START.getTime() + 2 * HOUR);
    const opened = await clickEdit();
    expect(opened?.response.ok).toBe(true);
    const view = opened!.response.view as { id: string; callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(ACTIONS.submitReportEdit);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ reportId: id });
    expect(JSON.stringify(view)).toContain('Went through window functions.');
    expect(JSON.stringify(view)).toContain(NOTE);

    const frozen = structuredClone(t.fake.view(view.id)!);
    const values = edited({
      [F.summary]: { [F.summary]: textValue('Window functions and CTEs.') },
      [F.duration]: { [F.duration]: numberValue(60) },
    });
    const res = await t.driver.submitView(SAM, frozen, values);
    expect(res.body).toBe('');
    await t.settle();

    const after = await rows();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id,
      summary: 'Window functions and CTEs.',
      duration_minutes: 60,
      private_note: NOTE,
      created_at: START.toISOString(),
      updated_at: clock.toISOString(),
    });
    // The feedback clock and the suggested tasks stay as filed.
    const mAfter = (await t.storage.mentorships.get(T, m.id))!;
    expect([mAfter.feedbackFrom, mAfter.lastReportAt]).toEqual([filedAt.feedbackFrom, filedAt.lastReportAt]);
    expect(await t.storage.db('tasks').where({ team_id: T, mentee_id: MIA })).toHaveLength(tasksBefore.length);

    // An edit notifies nobody (issue 23): the mentee reads the current report on their progress page.
    expect(t.fake.dmsTo(MIA)).toHaveLength(filedDms);

    // The author's confirmation DM is updated in place to say the changes are saved, with the date now stored.
    const confirmUpdate = t.fake.callsTo('chat.update').find((c) => c.args.ts === confirmation.response.ts);
    expect(confirmUpdate?.response.ok).toBe(true);
    expect(String(confirmUpdate?.args.text)).toContain('(meeting on 20 Nov) is saved with your changes');

    // Slack delivers the same submission again, later: nothing changes a second time.
    clock = new Date(START.getTime() + 3 * HOUR);
    const again = await t.driver.submitView(SAM, frozen, values, { retryNum: 1, retryReason: 'http_timeout' });
    expect(again.body).toBe('');
    await t.settle();
    expect((await rows())[0]!.updated_at).toBe(new Date(START.getTime() + 2 * HOUR).toISOString());
    expect(t.fake.dmsTo(MIA)).toHaveLength(filedDms);
    const audits = (await t.storage.audit.list(T)).filter((a) => a.action === 'report.edited');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorId: SAM,
      subjectId: id,
      detail: { fields: ['durationMinutes', 'summary'] },
    });
    expect(JSON.stringify(audits)).not.toContain('PRIVATE');

    // A change to the private note alone tells the mentee nothing, and they never see the note.
    await clickEdit();
    const noteView = (t.fake.lastCall('views.open')!.response.view as { id: string }).id;
    const note2 = 'PRIVATE-Better now';
    expect(
      (
        await t.driver.submitView(
          SAM,
          noteView,
          edited({
            [F.summary]: { [F.summary]: textValue('Window functions and CTEs.') },
            [F.duration]: { [F.duration]: numberValue(60) },
            [F.privateNote]: { [F.privateNote]: textValue(note2) },
          }),
        )
      ).body,
    ).toBe('');
    await t.settle();
    expect((await rows())[0]!.private_note).toBe(note2);
    expect(t.fake.dmsTo(MIA)).toHaveLength(filedDms);
    await t.driver.command(MIA, 'progress');
    await t.settle();
    const miaPage = JSON.stringify(t.fake.lastCall('views.open')!.response.view);
    expect(miaPage).toContain('Window functions and CTEs.');
    expect(miaPage).not.toContain('PRIVATE');
    expect(miaPage).not.toContain(ACTIONS.editReport);
  });

  it('opens a report filed without a length or a way of meeting with both empty; an edit may fill them in or empty them', async () => {
    clock = START;
    const empty: StateValues = {
      [F.duration]: { [F.duration]: { type: 'number_input', value: null } },
      [F.format]: { [F.format]: { type: 'static_select', selected_option: null } },
    };
    await t.driver.command(SAM, `report <@${MIA}|mia>`);
    await t.settle();
    const form = (t.fake.lastCall('views.open')!.response.view as { id: string }).id;
    expect((await t.driver.submitView(SAM, form, good(empty))).body).toBe('');
    await t.settle();
    const id = Number((await t.storage.db('meeting_reports').where({ team_id: T }).orderBy('id', 'desc').first()).id);
    const stored = () => t.storage.db('meeting_reports').where({ id }).first('duration_minutes', 'format');
    expect(await stored()).toEqual({ duration_minutes: null, format: null });

    const prefilled = async () => {
      clock = new Date(clock.getTime() + 60_000);
      const view = (await clickEdit())!.response.view as { id: string; blocks: Block[] };
      const el = (block: string) => view.blocks.find((b) => b.block_id === block)?.element ?? {};
      return { id: view.id, duration: el(F.duration).initial_value, format: el(F.format).initial_option?.value };
    };
    const first = await prefilled();
    expect([first.duration, first.format]).toEqual([undefined, undefined]);
    const filled = edited({
      [F.duration]: { [F.duration]: numberValue(50) },
      [F.format]: { [F.format]: selectedOption('chat') },
    });
    expect((await t.driver.submitView(SAM, first.id, filled)).body).toBe('');
    await t.settle();
    expect(await stored()).toEqual({ duration_minutes: 50, format: 'chat' });

    const second = await prefilled();
    expect([second.duration, second.format]).toEqual(['50', 'chat']);
    expect((await t.driver.submitView(SAM, second.id, edited(empty))).body).toBe('');
    await t.settle();
    expect(await stored()).toEqual({ duration_minutes: null, format: null });
    const fields = (await t.storage.audit.list(T))
      .filter((a) => a.action === 'report.edited' && a.subjectId === id)
      .map((a) => (a.detail as { fields: string[] }).fields);
    expect(fields).toEqual(expect.arrayContaining([['durationMinutes', 'format']]));
    expect(fields).toHaveLength(2);
  });

  it('refuses the button and the form after 24 hours, keeping what was typed', async () => {
    clock = START;
    const id = await file();
    clock = new Date(START.getTime() + 23 * HOUR);
    const opened = await clickEdit();
    const viewId = (opened!.response.view as { id: string }).id;

    clock = new Date(START.getTime() + 24 * HOUR);
    const late = await t.driver.submitView(
      SAM,
      viewId,
      edited({ [F.summary]: { [F.summary]: textValue('Too late now') } }),
    );
    const body = late.body as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([F.summary]);
    expect(body.errors[F.summary]).toContain('24 hours after it was filed');
    expect(late.viewErrors).toEqual([]);
    // Still open, with the text as typed.
    expect(t.fake.openModals(SAM).map((v) => v.id)).toContain(viewId);
    const row = await t.storage.db('meeting_reports').where({ id }).first();
    expect(row).toMatchObject({ summary: 'Went through window functions.', updated_at: START.toISOString() });

    t.fake.clearCalls();
    await t.driver.blockAction(SAM, { action_id: ACTIONS.editReport });
    await t.settle();
    expect(t.fake.callsTo('views.open')).toHaveLength(0);
    expect(ephemeralTo(SAM).at(-1)).toContain('24 hours after it was filed');
    expect(
      (await t.storage.audit.list(T)).filter((a) => a.action === 'report.edited' && a.subjectId === id),
    ).toHaveLength(0);
  });

  it.each([
    ['another supporter of the mentee', LEO],
    ['the mentee', MIA],
    ['an admin', ADMIN],
  ])('refuses %s who clicks Edit report or submits the form', async (_who, userId) => {
    clock = START;
    const id = await file();
    clock = new Date(START.getTime() + HOUR);
    await sendDm(t.lifering.deps.clientFor(T), userId, reportSavedDm(MIA, '2026-11-20', id, clock));
    t.fake.clearCalls();
    await clickEdit(userId);
    expect(t.fake.callsTo('views.open')).toHaveLength(0);
    expect(ephemeralTo(userId).at(-1)).toBe('Only the supporter who filed a meeting report can change it.');

    // Even holding the author's form, a submission by someone else changes nothing.
    const opened = await clickEdit(SAM);
    const viewId = (opened!.response.view as { id: string }).id;
    const forged = await t.driver.submitView(
      userId,
      viewId,
      edited({ [F.summary]: { [F.summary]: textValue('Not mine to change') } }),
    );
    expect((forged.body as { errors: Record<string, string> }).errors[F.summary]).toContain(
      'Only the supporter who filed',
    );
    expect(await t.storage.db('meeting_reports').where({ id }).first()).toMatchObject({
      summary: 'Went through window functions.',
      updated_at: START.toISOString(),
    });
  });

  it('refuses once the mentorship has ended', async () => {
    clock = START;
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
      BEGAN,
    );
    await t.driver.command(SAM, `report <@${LEO}|leo>`);
    await t.settle();
    const filed = await t.driver.submitView(
      SAM,
      (t.fake.lastCall('views.open')!.response.view as { id: string }).id,
      good(),
    );
    expect(filed.body).toBe('');
    await t.settle();
    const opened = await clickEdit();
    const viewId = (opened!.response.view as { id: string }).id;
    await t.storage.mentorships.end(T, other.id, LEO, null, START);
    const res = await t.driver.submitView(
      SAM,
      viewId,
      edited({ [F.summary]: { [F.summary]: textValue('After the end') } }),
    );
    expect((res.body as { errors: Record<string, string> }).errors[F.summary]).toContain('has ended');
    expect(
      await t.storage.db('meeting_reports').where({ mentorship_id: other.id, summary: 'After the end' }),
    ).toHaveLength(0);
  });

  it("offers Edit report on the author's progress page while it is under 24 hours old, and redraws the page after saving", async () => {
    clock = START;
    const id = await file();
    clock = new Date(START.getTime() + HOUR);
    await t.driver.command(SAM, `progress <@${MIA}|mia>`);
    await t.settle();
    const page = t.fake.lastCall('views.open')!.response.view as { id: string };
    expect(JSON.stringify(page)).toContain(`"action_id":"${ACTIONS.editReport}","value":"${id}"`);

    await t.driver.blockAction(SAM, { action_id: ACTIONS.editReport, value: String(id) }, { viewId: page.id });
    await t.settle();
    const pushed = t.fake.lastCall('views.push');
    expect(pushed?.response.ok).toBe(true);
    const form = pushed!.response.view as { id: string };
    expect(
      (
        await t.driver.submitView(
          SAM,
          form.id,
          edited({ [F.summary]: { [F.summary]: textValue('Edited from the page') } }),
        )
      ).body,
    ).toBe('');
    await t.settle();
    const redrawn = t.fake.lastCall('views.update');
    expect(redrawn?.response.ok).toBe(true);
    expect(redrawn?.args.view_id).toBe(page.id);
    expect(JSON.stringify(redrawn?.args.view)).toContain('Edited from the page');

    // Not for others, and not after 24 hours.
    await t.driver.command(LEO, `progress <@${MIA}|mia>`);
    await t.settle();
    expect(JSON.stringify(t.fake.lastCall('views.open')!.response.view)).not.toContain(ACTIONS.editReport);
    clock = new Date(START.getTime() + 24 * HOUR);
    await t.driver.command(SAM, `progress <@${MIA}|mia>`);
    await t.settle();
    expect(JSON.stringify(t.fake.lastCall('views.open')!.response.view)).not.toContain(ACTIONS.editReport);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARING } from '../../../src/features/admin-report/export.ts';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedMentorships, seedTopic } from '../../support/seed.ts';

const ADMIN = 'UADMIN01';
const SUP = 'USUP0001';
const MIA = 'UMIA0001';
const now = new Date('2026-11-23T10:00:00.000Z');

describe('mentorships report and CSV export', () => {
  let t: TestApp;
  const team = () => t.fake.teamId;

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SUP, MIA].map((id) => ({ id })),
      env: { ADMIN_USER_IDS: ADMIN, MAX_MENTEES_PER_SUPPORTER: '2' },
      now: () => now,
    });
    const db = t.storage.db;
    const data = await seedTopic(db, team(), 'Data, "advanced"');
    const sql = await seedTopic(db, team(), 'SQL');
    await seedTopic(db, team(), 'Leadership');
    await seedMentorships(db, team(), [
      {
        supporter_id: SUP,
        mentee_id: MIA,
        topic_id: data,
        status: 'active',
        created_at: '2026-10-01T09:00:00.000Z',
        feedback_from: '2026-10-13T09:00:00.000Z',
      },
      {
        supporter_id: SUP,
        mentee_id: 'UM2',
        topic_id: sql,
        status: 'active',
        created_at: '2026-10-01T09:00:00.000Z',
        feedback_from: '2026-11-01T09:00:00.000Z',
        last_report_at: '2026-11-01T09:00:00.000Z',
      },
      {
        supporter_id: SUP,
        mentee_id: 'UM3',
        status: 'active',
        created_at: '2026-08-01T09:00:00.000Z',
        feedback_from: '2026-09-01T09:00:00.000Z',
      },
      {
        supporter_id: 'US2',
        mentee_id: 'UM4',
        topic_id: data,
        supporter_kind: 'on_demand_advisor',
        status: 'pending',
        created_at: '2026-11-10T09:00:00.000Z',
      },
      {
        supporter_id: 'US3',
        mentee_id: MIA,
        topic_id: sql,
        status: 'ended',
        created_at: '2026-09-01T09:00:00.000Z',
        accepted_at: '2026-09-02T09:00:00.000Z',
        ended_at: '2026-11-05T09:00:00.000Z',
        end_reason: 'PRIVATE: personal reasons',
      },
    ]);
    await db('assistance_requests').insert({
      team_id: team(),
      mentee_id: MIA,
      topic_id: data,
      note: 'stuck',
      opened_at: '2026-11-20T09:00:00.000Z',
    });
    await db('supporter_requests').insert({
      team_id: team(),
      requester_id: 'UM9',
      created_at: '2026-11-13T09:00:00.000Z',
    });
    await db('meeting_reports').insert({
      team_id: team(),
      mentorship_id: 2,
      author_id: SUP,
      mentee_id: 'UM2',
      met_on: '2026-11-01',
      duration_minutes: 30,
      format: 'call',
      summary: 'ok',
      progress: 3,
      private_note: 'PRIVATE: note for admins',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    const at = now; // fresh, so users.info does not replace these names during the tests
    const profile = (userId: string, name: string | null) => ({
      userId,
      name,
      tz: null,
      isWorkspaceAdmin: false,
      isBot: false,
      isDeleted: false,
    });
    await t.storage.people.saveProfile(team(), profile(SUP, 'Sam, "the mentor"'), at);
    await t.storage.people.saveProfile(team(), profile(MIA, 'Mia\nMultiline'), at);
    await t.storage.people.saveProfile(team(), profile('UM2', '=cmd|calc'), at);
  });
  afterAll(async () => {
    await t.stop();
  });

  async function reportView(): Promise<string> {
    await t.settle();
    const opened = t.fake.lastCall('views.open');
    expect(opened?.response.ok).toBe(true);
    const update = t.fake.lastCall('views.update');
    expect(update?.response.ok).toBe(true);
    const id = (opened!.response.view as { id: string }).id;
    expect(update!.args.view_id).toBe(id);
    return JSON.stringify(t.fake.view(id)?.blocks);
  }

  it('opens the report for an admin with the figures of the seeded programme', async () => {
    t.fake.clearCalls();
    const res = await t.driver.command(ADMIN, 'admin report');
    expect(res.status).toBe(200);
    const text = await reportView();
    expect(text).toContain('*3* active · *1* pending · *1* ended this month');
    expect(text).toContain(`*Supporters and their load* · 1\\n<@${SUP}>: 3 active :scales: above 2`);
    expect(text).toContain(':scales: 1 supporter is above 2 active mentees.');
    expect(text).toContain(
      `*:alarm_clock: Overdue meeting reports* · 2\\n<@${SUP}> → <@UM3>: overdue 53 days\\n<@${SUP}> → <@${MIA}> (Data, \\"advanced\\"): overdue 11 days`,
    );
    // Each line carries what resolves it.
    expect(text).toContain('*:ring_buoy: Open help requests* · 1');
    expect(text).toMatch(
      new RegExp(
        `<@${MIA}> \\(Data, \\\\"advanced\\\\"\\): open 3 days"[^}]*\\},"accessory":\\{[^}]*"text":"Open progress page"[^}]*\\},"action_id":"${ACTIONS.openProgress}","value":"${MIA}"`,
      ),
    );
    expect(text).toContain('*:bust_in_silhouette: Mentees waiting for a supporter* · 1');
    expect(text).toMatch(
      new RegExp(
        `<@UM9>: asked 10 days ago"[^}]*\\},"accessory":\\{[^}]*"text":"Assign a supporter"[^}]*\\},"action_id":"${ACTIONS.openAssignModal}"`,
      ),
    );
    expect(text).toContain('*:label: Topics with no supporter* · 1\\nLeadership');
    expect(text).toContain(`"action_id":"${ACTIONS.inviteSupporters}"`);
    expect(text).toContain(`"action_id":"${ACTIONS.exportCsv}"`);
    // Overdue reports and long-pending assignments open the programme view on just those pairs.
    expect(text).toMatch(/Overdue meeting reports\* · 2[^}]*\},"accessory":\{[^}]*"text":"See each pair"/);
    expect(text).toContain(`"value":"{\\"state\\":\\"active\\",\\"overdue\\":true}"`);
    expect(text).toMatch(/pending for over 7 days\* · 1[^"]*"[^}]*\},"accessory":\{[^}]*"text":"Nudge or reassign"/);
    expect(text).toContain('sends every mentorship to your DMs');
    expect(text).toContain(
      '*:hourglass_flowing_sand: Assignments pending for over 7 days* · 1\\n<@US2> → <@UM4> (Data, \\"advanced\\"): pending 13 days',
    );
  });

  it('counts exactly: two topics with no supporter are both named, with no phantom "more"', async () => {
    const zen = await seedTopic(t.storage.db, team(), 'Zen');
    try {
      t.fake.clearCalls();
      await t.driver.command(ADMIN, 'admin report');
      const text = await reportView();
      expect(text).toContain('*:label: Topics with no supporter* · 2\\nLeadership, Zen');
      expect(text).not.toMatch(/Topics with no supporter[^"]*more/);
    } finally {
      await t.storage.db('topics').where({ id: zen }).update({ archived_at: now.toISOString() });
    }
  });

  it('opens the same report from the Home button', async () => {
    await t.driver.appHomeOpened(ADMIN);
    await t.settle();
    t.fake.clearCalls();
    await t.driver.blockAction(
      ADMIN,
      { action_id: ACTIONS.openMentorshipsReport },
      { viewId: t.fake.homeViews.get(ADMIN)!.id },
    );
    expect(await reportView()).toContain('*3* active · *1* pending');
  });

  it('refuses the report and the export to someone who is not an admin, and opens and sends nothing', async () => {
    t.fake.clearCalls();
    for (const sub of ['admin report', 'admin export']) {
      const res = await t.driver.command(SUP, sub);
      expect((res.body as { text: string }).text).toContain('Only Lifering admins can do that');
      expect((res.body as { text: string }).text).toContain(`<@${ADMIN}>`);
    }
    await t.driver.appHomeOpened(SUP);
    await t.settle();
    const homeId = t.fake.homeViews.get(SUP)!.id;
    // Buttons a non-admin never sees, sent anyway.
    await t.driver.blockAction(SUP, { action_id: ACTIONS.openMentorshipsReport }, { viewId: homeId });
    await t.driver.blockAction(SUP, { action_id: ACTIONS.exportCsv }, { viewId: homeId });
    await t.settle();
    const refusals = t.fake.callsTo('views.open').map((c) => JSON.stringify(c.args.view));
    expect(refusals).toHaveLength(2);
    for (const r of refusals) expect(r).toContain('Only Lifering admins');
    expect(t.fake.callsTo('views.update')).toHaveLength(0);
    expect(t.fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
    expect(t.fake.files.size).toBe(0);
  });

  const expectedCsv =
    '"Mentorship id","Supporter","Supporter id","Mentee","Mentee id","Topic","Kind","Status","Assigned on","Accepted on","Ended on","Last report on","Days overdue","Help requested","Next meeting on"\r\n' +
    `1,"Sam, ""the mentor""","${SUP}","Mia\nMultiline","${MIA}","Data, ""advanced""","mentor","active","2026-10-01","2026-10-13","","",11,"yes",""\r\n` +
    `2,"Sam, ""the mentor""","${SUP}","'=cmd|calc","UM2","SQL","mentor","active","2026-10-01","2026-11-01","","2026-11-01",0,"no",""\r\n` +
    `3,"Sam, ""the mentor""","${SUP}","UM3","UM3","","mentor","active","2026-08-01","2026-09-01","","",53,"no",""\r\n` +
    `4,"US2","US2","UM4","UM4","Data, ""advanced""","on-demand advisor","pending","2026-11-10","","","","","no",""\r\n` +
    `5,"US3","US3","Mia\nMultiline","${MIA}","SQL","mentor","ended","2026-09-01","2026-09-02","2026-11-05","","","",""\r\n`;

  it('says it is preparing the export at once, then uploads the exact CSV to the admin DM', async () => {
    t.fake.clearCalls();
    const res = await t.driver.command(ADMIN, 'admin export');
    expect(res.body as { response_type: string; text: string }).toMatchObject({
      response_type: 'ephemeral',
      text: PREPARING,
    });
    await t.settle();
    for (const m of ['conversations.open', 'files.completeUploadExternal']) {
      expect(t.fake.callsTo(m).map((c) => c.status === 200 && c.response.ok !== false)).toEqual([true]);
    }
    // Two files in one message: the CSV and the trends chart (test/admin-report/trends.test.ts).
    for (const m of ['files.getUploadURLExternal', 'file_upload']) {
      expect(t.fake.callsTo(m).map((c) => c.status === 200 && c.response.ok !== false)).toEqual([true, true]);
    }
    const file = [...t.fake.files.values()].find((f) => f.filename.endsWith('.csv'));
    expect(file?.completed).toBe(true);
    expect(file?.filename).toBe('lifering-mentorships-2026-11-23.csv');
    expect(file?.bytes?.toString('utf8')).toBe(expectedCsv);
    expect(file?.bytes?.toString('utf8')).not.toContain('PRIVATE');
    const dm = t.fake.messagesIn(ADMIN).at(-1);
    expect(dm?.files?.[0]?.id).toBe(file?.id);
    expect(dm?.text).toContain('Here are all 5 mentorships as of 23 Nov');
    const followUp = t.fake.callsTo('response_url').at(-1);
    expect(followUp?.args.text).toContain('the CSV with 5 mentorships is in your DM');
    expect((await t.storage.audit.list(team(), 1))[0]).toMatchObject({
      actorId: ADMIN,
      action: 'mentorships.exported',
      detail: { rows: 5 },
    });
  });

  it('sends one file for a double click on the Home button', async () => {
    t.fake.reset();
    await t.driver.appHomeOpened(ADMIN);
    await t.settle();
    const viewId = t.fake.homeViews.get(ADMIN)!.id;
    await Promise.all([
      t.driver.blockAction(ADMIN, { action_id: ACTIONS.exportCsv }, { viewId }),
      t.driver.blockAction(ADMIN, { action_id: ACTIONS.exportCsv }, { viewId }),
    ]);
    await t.settle();
    expect(t.fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const csvs = [...t.fake.files.values()].filter((f) => f.filename.endsWith('.csv'));
    expect(csvs.map((f) => f.bytes?.toString('utf8'))).toEqual([expectedCsv]);
  });

  it('tells the admin what went wrong when the upload fails, without a stack trace', async () => {
    t.fake.reset();
    t.fake.fail('files.completeUploadExternal', { error: 'internal_error' });
    await t.driver.command(ADMIN, 'admin export');
    await t.settle();
    const answer = t.fake.callsTo('response_url').at(-1)?.args.text as string;
    expect(answer).toContain("Sorry, that didn't work");
    expect(answer).not.toMatch(/\n\s+at /);
  });

  it('resolves from the report: Assign opens the form on top, Export says it is on its way and then that it arrived', async () => {
    t.fake.clearCalls();
    await t.driver.command(ADMIN, 'admin report');
    await reportView();
    const reportId = (t.fake.lastCall('views.open')!.response.view as { id: string }).id;
    await t.driver.blockAction(ADMIN, { action_id: ACTIONS.openAssignModal }, { viewId: reportId });
    await t.settle();
    const pushed = t.fake.lastCall('views.push')!;
    expect(pushed.response.ok).toBe(true);
    expect(JSON.stringify(pushed.args.view)).toContain('UM9');
    await t.driver.blockAction(ADMIN, { action_id: ACTIONS.inviteSupporters }, { viewId: reportId });
    await t.settle();
    expect(JSON.stringify(t.fake.lastCall('views.push')!.args.view)).toContain('People to ask');

    // A fresh report (Slack stacks at most three modals).
    t.fake.clearCalls();
    await t.driver.command(ADMIN, 'admin report');
    await reportView();
    const again = (t.fake.lastCall('views.open')!.response.view as { id: string }).id;
    t.fake.clearCalls();
    await t.driver.blockAction(ADMIN, { action_id: ACTIONS.exportCsv }, { viewId: again });
    await t.settle();
    const preparing = t.fake.lastCall('views.push')!;
    expect(JSON.stringify(preparing.args.view)).toContain('Preparing your export');
    const done = t.fake.lastCall('views.update')!;
    expect(done.args.view_id).toBe((preparing.response.view as { id: string }).id);
    expect(JSON.stringify(done.args.view)).toMatch(/Done: the CSV with \d+ mentorships is in your DM/);
    expect(t.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
  });
});

describe('CSV export of 10,000 mentorships', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: [{ id: ADMIN }], env: { ADMIN_USER_IDS: ADMIN }, now: () => now });
    await seedMentorships(
      t.storage.db,
      t.fake.teamId,
      Array.from({ length: 10_000 }, (_, i) => ({
        supporter_id: `US${i % 700}`,
        mentee_id: `UM${i}`,
        status: 'active' as const,
        feedback_from: '2026-11-10T09:00:00.000Z',
      })),
    );
  });
  afterAll(async () => {
    await t.stop();
  });

  it('uploads every row, and the report and Home stay valid', async () => {
    const started = performance.now();
    await t.driver.command(ADMIN, 'admin export');
    await t.settle();
    const ms = performance.now() - started;
    const csv = [...t.fake.files.values()][0]?.bytes?.toString('utf8') ?? '';
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(10_002); // header, 10,000 rows, and the empty string after the last CRLF
    expect(lines[10_000]).toBe(
      '10000,"US199","US199","UM9999","UM9999","","mentor","active","2026-09-01","2026-11-10","","",0,"no",""',
    );
    console.info(`CSV export of 10,000 mentorships (${csv.length} bytes) took ${ms.toFixed(0)} ms`);
    t.fake.clearCalls();
    await t.driver.command(ADMIN, 'admin report');
    await t.settle();
    expect(t.fake.lastCall('views.update')?.response.ok).toBe(true);
    expect(JSON.stringify(t.fake.lastCall('views.update')?.args.view)).toContain('…and 685 more');
  });
});

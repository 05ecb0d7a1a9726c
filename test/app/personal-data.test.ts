import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.ts';
import { TEAM_TABLES } from '../../src/storage/installations.ts';
import { ERASED, eraseDetail, PERSONAL_DATA, WITHHELD } from '../../src/storage/personal-data.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/storage.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEE = 'ULEE0001';
const NOW = new Date('2026-11-24T10:00:00.000Z');
const at = NOW.toISOString();

/** Everything Mia typed or had written about her: none of it may survive a forget. */
const MIA_TEXT = [
  'Talked through the Rust borrow checker',
  'Mia is anxious about the review',
  'Ownership, lifetimes',
  'Learn Rust properly',
  'Ship the CLI by March',
  'Read chapter 4',
  'Stuck on lifetimes',
  'Someone for Go too',
  'Knows a bit from C++',
  'Sam is great, more time please',
  'Moving teams',
];
/** Lee's report by Sam: not about Mia, so it stays. */
const LEE_TEXT = 'Lee planned a conference talk';

const count = async (t: TestApp, table: string) =>
  Number(
    ((await t.storage.db(table).where({ team_id: t.fake.teamId }).count({ n: '*' })) as { n: number | string }[])[0]!.n,
  );

describe(`a person's data on request: export and forget (${testEngine})`, () => {
  let t: TestApp;
  let withMia: number;
  const team = () => t.fake.teamId;

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia', real_name: 'Mia Example' },
        { id: LEE, name: 'lee' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${LEE}>`);
    await t.settle();
    const [a, b] = (await t.storage.db('mentorships').orderBy('id')).map((r) => Number(r.id)) as [number, number];
    withMia = a;
    for (const id of [a, b]) await t.storage.mentorships.accept(team(), id, NOW);
    const db = t.storage.db;
    const report = (mentorshipId: number, menteeId: string, summary: string, extra: Record<string, string> = {}) =>
      db('meeting_reports').insert({
        team_id: team(),
        mentorship_id: mentorshipId,
        author_id: SAM,
        mentee_id: menteeId,
        met_on: '2026-11-20',
        duration_minutes: 30,
        format: 'call',
        summary,
        progress: 4,
        created_at: at,
        updated_at: at,
        ...extra,
      });
    await report(a, MIA, MIA_TEXT[0]!, { private_note: MIA_TEXT[1]!, goals_discussed: MIA_TEXT[2]! });
    await report(b, LEE, LEE_TEXT);
    const [goal] = await db('goals')
      .insert({
        team_id: team(),
        mentee_id: MIA,
        title: MIA_TEXT[3],
        detail: MIA_TEXT[4],
        created_at: at,
        updated_at: at,
      })
      .returning('id');
    const goalId = Number((goal as { id: number }).id ?? goal);
    await db('tasks').insert({
      team_id: team(),
      mentee_id: MIA,
      goal_id: goalId,
      title: MIA_TEXT[5],
      suggested_by: SAM,
      created_at: at,
      updated_at: at,
    });
    await db('assistance_requests').insert({ team_id: team(), mentee_id: MIA, note: MIA_TEXT[6], opened_at: at });
    await t.storage.supporterRequests.open(team(), { requesterId: MIA, topicId: null, note: MIA_TEXT[7]! }, NOW);
    const [topic] = await db('topics')
      .insert({ team_id: team(), name: 'Rust', name_key: 'rust', created_by: ADMIN, created_at: at })
      .returning('id');
    await db('familiarity').insert({
      team_id: team(),
      person_id: MIA,
      topic_id: Number((topic as { id: number }).id ?? topic),
      level: 2,
      note: MIA_TEXT[8],
      updated_at: at,
    });
    await db('checkins').insert({
      team_id: team(),
      kind: 'meeting',
      mentorship_id: a,
      person_id: MIA,
      other_id: SAM,
      queued_at: at,
      score: 5,
      comment: MIA_TEXT[9],
      answered_at: at,
    });
    await t.storage.mentorships.end(team(), a, MIA, MIA_TEXT[10]!, NOW);
    await t.storage.audit.record({
      teamId: team(),
      actorId: MIA,
      action: 'goal.create',
      subjectType: 'goal',
      subjectId: goalId,
      detail: { title: MIA_TEXT[3] },
      at: NOW,
    });
    await t.settle();
    t.fake.clearCalls();
  });
  afterAll(async () => {
    await t.stop();
  });

  const openModal = async (who: string, text: string) => {
    const res = await t.driver.command(who, text);
    await t.settle();
    return res;
  };
  const submitLast = async (who: string) => {
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    const res = await t.driver.submitView(who, String((opened.response.view as { id: string }).id), {});
    await t.settle();
    return res;
  };

  it('refuses people who are not admins, and explains the usage', async () => {
    const res = await openModal(SAM, `admin person <@${MIA}> export`);
    expect(JSON.stringify(res.body)).toMatch(/admin/i);
    expect(t.fake.callsTo('views.open')).toEqual([]);
    for (const [text, answer] of [
      [`admin person <@${MIA}> delete`, /I can't `delete` a person/],
      ['admin person mia export', /Mention them like/],
    ] as const) {
      expect(JSON.stringify((await openModal(ADMIN, text)).body)).toMatch(answer);
    }
    expect(t.fake.callsTo('views.open')).toEqual([]);
    // With no request after the person, an admin gets their page in the programme (issue 13).
    await openModal(ADMIN, `admin person <@${MIA}>`);
    expect(JSON.stringify(t.fake.lastCall('views.open')?.args.view)).toContain('"callback_id":"admin.person"');
  });

  it('exports everything stored about Mia as JSON to the admin’s DM, after a confirmation modal, in the audit log', async () => {
    await openModal(ADMIN, `admin person <@${MIA}> export`);
    const view = t.fake.lastCall('views.open')!.args.view as { callback_id: string };
    expect(view.callback_id).toBe(ACTIONS.personExportSubmit);
    expect(t.fake.files.size).toBe(0);
    const res = await submitLast(ADMIN);
    expect(res.status).toBe(200);
    const [file] = [...t.fake.files.values()];
    expect(file?.completed).toBe(true);
    expect(file?.filename).toBe(`lifering-personal-data-${MIA}-2026-11-24.json`);
    expect(t.fake.messagesIn(ADMIN).at(-1)?.files?.[0]?.id).toBe(file?.id);
    const data = JSON.parse(file!.bytes!.toString('utf8'));
    expect(data).toMatchObject({
      format: 'lifering-personal-data/1',
      workspace: team(),
      person: MIA,
      exportedBy: ADMIN,
    });
    expect(Object.keys(data.tables).sort()).toEqual([...TEAM_TABLES].sort());
    const text = JSON.stringify(data);
    // Sam's private note for the admins was never to reach her: withheld, and counted.
    for (const s of MIA_TEXT.filter((s) => s !== MIA_TEXT[1]))
      expect(text, s).toContain(JSON.stringify(s).slice(1, -1));
    expect(text).not.toContain(MIA_TEXT[1]);
    expect(data.tables.meeting_reports[0].private_note).toBe(WITHHELD);
    expect(data.withheld.count).toBe(1);
    expect(text).not.toContain(LEE_TEXT);
    expect(data.tables.mentorships.map((m: { id: number }) => Number(m.id))).toEqual([withMia]);
    expect(data.tables.people.map((p: { user_id: string }) => p.user_id)).toEqual([MIA]);
    expect((await t.storage.audit.list(team(), 1))[0]).toMatchObject({
      actorId: ADMIN,
      action: 'person.exported',
      detail: { userId: MIA, rows: expect.any(Number) },
    });
  });

  it('forgets Mia after a confirmation modal: her text and what was written about her are erased, every count stays', async () => {
    const tables = [
      'mentorships',
      'meeting_reports',
      'goals',
      'tasks',
      'assistance_requests',
      'supporter_requests',
      'familiarity',
      'checkins',
      'people',
    ];
    const before = await Promise.all(tables.map((x) => count(t, x)));
    t.fake.clearCalls();
    await openModal(ADMIN, `admin person <@${MIA}> forget`);
    expect((t.fake.lastCall('views.open')!.args.view as { callback_id: string }).callback_id).toBe(
      ACTIONS.personForgetSubmit,
    );
    // Nothing is erased until the modal is submitted.
    expect((await t.storage.db('goals').first()).title).toBe(MIA_TEXT[3]);
    await submitLast(ADMIN);
    expect(await Promise.all(tables.map((x) => count(t, x)))).toEqual(before);
    const everything = JSON.stringify(
      await Promise.all([...TEAM_TABLES].map((x) => t.storage.db(x).where({ team_id: team() }))),
    );
    for (const s of MIA_TEXT) expect(everything, s).not.toContain(s);
    expect(everything).toContain(LEE_TEXT);
    expect(everything).not.toContain('Mia Example');
    expect((await t.storage.db('goals').first()).title).toBe(ERASED);
    expect(await t.storage.db('meeting_reports').where({ mentee_id: MIA }).first()).toMatchObject({
      summary: ERASED,
      progress: 4,
      duration_minutes: 30,
    });
    const audit = (await t.storage.audit.list(team(), 1))[0];
    expect(audit).toMatchObject({
      actorId: ADMIN,
      action: 'person.forgotten',
      detail: { userId: MIA, changed: expect.objectContaining({ meeting_reports: 1, goals: 1 }) },
    });
    expect(String(t.fake.dmsTo(ADMIN).at(-1)?.args.text)).toMatch(
      /^Done: I erased what <@UMIA0001> wrote.*1 meeting reports.*counts are unchanged/,
    );
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('refuses a forget submitted by someone who is not an admin', async () => {
    await openModal(ADMIN, `admin person <@${SAM}> forget`);
    const opened = t.fake.lastCall('views.open')!;
    await t.driver.submitView(SAM, String((opened.response.view as { id: string }).id), {});
    await t.settle();
    expect(await t.storage.db('meeting_reports').where({ mentee_id: LEE }).first()).toMatchObject({
      summary: LEE_TEXT,
    });
    expect((await t.storage.audit.list(team(), 1))[0]?.action).toBe('person.forgotten');
    expect(String(t.fake.dmsTo(SAM).at(-1)?.args.text)).toMatch(/admin/i);
  });
});

describe('the map of personal data', () => {
  it('covers every table that holds a workspace’s data', () => {
    expect(Object.keys(PERSONAL_DATA).sort()).toEqual([...TEAM_TABLES].sort());
  });
  it('erases the strings of an audit entry except Slack ids, and keeps numbers', () => {
    expect(
      eraseDetail({ userId: 'UMIA0001', title: 'Learn Rust', ids: [1, 2], n: 3, nested: { note: 'x', ok: true } }),
    ).toEqual({
      userId: 'UMIA0001',
      title: ERASED,
      ids: [1, 2],
      n: 3,
      nested: { note: ERASED, ok: true },
    });
  });
});

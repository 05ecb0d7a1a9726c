import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import type { Mentorship } from '../../../src/storage/rows.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedMentorships } from '../../support/seed.ts';

const ADMIN = 'UADMIN01';
const SUP = 'USUP0001';
const MIA = 'UMIA0001';
const LEO = 'ULEO0001';
const NOBODY = 'UNOBODY1';
const now = new Date('2026-11-23T10:00:00.000Z');

const homeText = (t: TestApp, userId: string): string => JSON.stringify(t.fake.homeViews.get(userId)?.blocks ?? []);

async function openHome(t: TestApp, userId: string): Promise<string> {
  const before = t.fake.callsTo('views.publish').length;
  await t.driver.appHomeOpened(userId);
  await t.settle();
  const publishes = t.fake.callsTo('views.publish');
  expect(publishes.length).toBe(before + 1);
  expect(publishes.at(-1)!.response.ok).toBe(true);
  return homeText(t, userId);
}

/** Clicks a button on someone's Home tab, as Slack sends it. */
async function clickHome(t: TestApp, userId: string, actionId: string): Promise<void> {
  const view = t.fake.homeViews.get(userId);
  if (!view) throw new Error(`no Home for ${userId}`);
  const res = await t.driver.blockAction(userId, { action_id: actionId }, { viewId: view.id });
  expect(res.status).toBe(200);
  await t.settle();
}

describe('App Home for each role', () => {
  let t: TestApp;
  let active: Mentorship;
  let pending: Mentorship;
  let flagId: number;

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SUP, MIA, LEO, NOBODY].map((id) => ({ id, name: id.toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => now,
    });
    const topic = await t.storage.topics.create(
      t.fake.teamId,
      { name: 'Data analysis', createdBy: ADMIN },
      new Date('2026-01-01T00:00:00Z'),
    );
    const m = t.storage.mentorships;
    active = await m.create(
      {
        teamId: t.fake.teamId,
        supporterId: SUP,
        menteeId: MIA,
        topicId: topic.id,
        supporterKind: 'mentor',
        assignedBy: ADMIN,
        notify: false,
      },
      new Date('2026-10-13T09:00:00.000Z'),
    );
    pending = await m.create(
      {
        teamId: t.fake.teamId,
        supporterId: SUP,
        menteeId: LEO,
        topicId: null,
        supporterKind: 'coach',
        assignedBy: ADMIN,
        notify: true,
      },
      new Date('2026-11-20T09:00:00.000Z'),
    );
    const [row] = await t.storage
      .db('assistance_requests')
      .insert({
        team_id: t.fake.teamId,
        mentee_id: MIA,
        topic_id: topic.id,
        note: 'stuck',
        opened_at: '2026-11-22T09:00:00.000Z',
      })
      .returning('id');
    flagId = Number(typeof row === 'object' ? row.id : row);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('shows a supporter their mentees with 🛟, last report, the overdue badge and the buttons; pending ones as waiting', async () => {
    const home = await openHome(t, SUP);
    expect(home).toContain(`:ring_buoy: <@${MIA}> · Data analysis · mentor`);
    expect(home).toContain('no meeting report yet · *overdue 11 days*');
    expect(home).toContain(`"action_id":"${ACTIONS.openReport}","value":"${active.id}"`);
    expect(home).toContain(`"action_id":"${ACTIONS.openProgress}","value":"${MIA}"`);
    expect(home).toContain(`"action_id":"${ACTIONS.resolveHelp}","value":"${flagId}"`);
    expect(home).toContain(`<@${LEO}> · coach`);
    expect(home).toContain('Waiting for you to accept (assigned 20 Nov)');
    // The pending one carries Accept and Not now only (issue 13: answered from Home too), named as
    // on the invitation (issue 23: one name per thing).
    expect(home).toContain(`"action_id":"${ACTIONS.acceptAssignment}","value":"${pending.id}"`);
    expect(home).toContain(
      `"text":"Not now","emoji":true},"action_id":"${ACTIONS.declineAssignment}","value":"${pending.id}"`,
    );
    expect(home).not.toContain(`"action_id":"${ACTIONS.openReport}","value":"${pending.id}"`);
    expect(home).not.toContain('Programme');
    expect(home).not.toContain(ACTIONS.openMentorshipsReport);
  });

  it('shows a mentee their supporters, goals and tasks, and the buttons to ask for help and add goals and tasks', async () => {
    const home = await openHome(t, MIA);
    expect(home).toContain(`<@${SUP}> (mentor, Data analysis) since 13 Oct`);
    expect(home).toContain('*Your goals* (0 open)');
    for (const id of [ACTIONS.askForHelp, ACTIONS.addGoal, ACTIONS.addTask])
      expect(home).toContain(`"action_id":"${id}"`);
    expect(home).not.toContain('Your mentees');
    expect(home).not.toContain('Programme');
  });

  it('does not show a pending assignment to the mentee before the supporter accepts', async () => {
    const home = await openHome(t, LEO);
    expect(home).toContain('Welcome to Lifering');
    expect(home).not.toContain(SUP);
  });

  it('shows an admin the programme summary, the most urgent items and the admin buttons', async () => {
    const home = await openHome(t, ADMIN);
    expect(home).toContain('*1* active · *1* pending · *0* ended this month');
    expect(home).toContain(':ring_buoy: 1 open help request (oldest 1 day)');
    expect(home).toContain(':alarm_clock: 1 overdue report (worst 11 days)');
    expect(home).toContain(`:ring_buoy: <@${MIA}> asked for help (Data analysis) 1 day ago`);
    expect(home).toContain(`"action_id":"${ACTIONS.openAssignModal}"`);
    expect(home).toContain(`"action_id":"${ACTIONS.openMentorshipsReport}"`);
    expect(home).toContain(`"action_id":"${ACTIONS.exportCsv}"`);
    expect(home).toContain('You have no mentorships of your own');
    expect(home).toContain(ACTIONS.showHelp);
  });

  it('explains Lifering to someone with no mentorships, with the help button that opens how it works', async () => {
    const home = await openHome(t, NOBODY);
    expect(home).toContain('You have no mentorships yet');
    await clickHome(t, NOBODY, ACTIONS.showHelp);
    const opened = t.fake.lastCall('views.open');
    expect(opened?.response.ok).toBe(true);
    expect(JSON.stringify(opened?.args.view)).toContain('Ask for a supporter');
  });

  it('publishes nothing for the Messages tab', async () => {
    const before = t.fake.callsTo('views.publish').length;
    await t.driver.appHomeOpened(SUP, { tab: 'messages' });
    await t.settle();
    expect(t.fake.callsTo('views.publish').length).toBe(before);
  });
});

describe('Home refreshes after every kind of change', () => {
  let t: TestApp;
  let mentorship: Mentorship;
  const team = () => t.fake.teamId;

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SUP, MIA, LEO].map((id) => ({ id })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => now,
    });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => t.fake.clearCalls());

  async function change(userIds: string[], mutate: () => Promise<unknown>): Promise<void> {
    const before = t.fake.callsTo('views.publish').length;
    await mutate();
    t.lifering.deps.changes.changed(team(), userIds);
    await t.settle();
    const publishes = t.fake.callsTo('views.publish').slice(before);
    expect(publishes.map((c) => c.args.user_id).sort()).toEqual([...new Set(userIds)].sort());
    for (const c of publishes) expect(c.response.ok).toBe(true);
  }

  it('assignment: the supporter sees the pending mentee, the admin the new count', async () => {
    await change([SUP, ADMIN], async () => {
      mentorship = await t.storage.mentorships.create(
        {
          teamId: team(),
          supporterId: SUP,
          menteeId: MIA,
          topicId: null,
          supporterKind: 'mentor',
          assignedBy: ADMIN,
          notify: true,
        },
        new Date('2026-11-01T09:00:00.000Z'),
      );
    });
    expect(homeText(t, SUP)).toContain('Waiting for you to accept');
    expect(homeText(t, ADMIN)).toContain('*0* active · *1* pending');
  });

  it('acceptance: the supporter gets the buttons, the mentee sees their supporter', async () => {
    await change([SUP, MIA], () =>
      t.storage.mentorships.accept(team(), mentorship.id, new Date('2026-11-02T09:00:00.000Z')),
    );
    expect(homeText(t, SUP)).toContain('due in 9 days');
    expect(homeText(t, SUP)).toContain(ACTIONS.openReport);
    expect(homeText(t, MIA)).toContain(`<@${SUP}> (mentor) since 2 Nov`);
  });

  it('meeting report filed: last report and the new due date', async () => {
    await change([SUP], () =>
      t.storage
        .db('mentorships')
        .where({ id: mentorship.id })
        .update({ last_report_at: '2026-11-20T09:00:00.000Z', feedback_from: '2026-11-20T09:00:00.000Z' }),
    );
    expect(homeText(t, SUP)).toContain('last report 20 Nov · due in 27 days');
  });

  let flag = 0;
  it('help asked: 🛟 and Resolve appear', async () => {
    await change([SUP], async () => {
      const [row] = await t.storage
        .db('assistance_requests')
        .insert({ team_id: team(), mentee_id: MIA, topic_id: null, opened_at: now.toISOString() })
        .returning('id');
      flag = Number(typeof row === 'object' ? row.id : row);
    });
    expect(homeText(t, SUP)).toContain(`:ring_buoy: <@${MIA}>`);
    expect(homeText(t, SUP)).toContain(`"action_id":"${ACTIONS.resolveHelp}","value":"${flag}"`);
  });

  it('help request resolved: they go again', async () => {
    await change([SUP], () =>
      t.storage
        .db('assistance_requests')
        .where({ id: flag })
        .update({ resolved_at: now.toISOString(), resolved_by: SUP }),
    );
    expect(homeText(t, SUP)).not.toContain(':ring_buoy:');
    expect(homeText(t, SUP)).not.toContain(ACTIONS.resolveHelp);
  });

  it('goal and task added, then the task done', async () => {
    const at = now.toISOString();
    await change([MIA], () =>
      t.storage.db('goals').insert({
        team_id: team(),
        mentee_id: MIA,
        title: 'Learn SQL windows',
        status: 'open',
        created_at: at,
        updated_at: at,
      }),
    );
    expect(homeText(t, MIA)).toContain('*Your goals* (1 open)\\n• Learn SQL windows');
    await change([MIA], () =>
      t.storage.db('tasks').insert({
        team_id: team(),
        mentee_id: MIA,
        title: 'Read chapter 3',
        due_date: '2026-11-30',
        created_at: at,
        updated_at: at,
      }),
    );
    expect(homeText(t, MIA)).toContain(
      '"text":"Read chapter 3","emoji":true},"value":"1","description":{"type":"plain_text","text":"Due 30 Nov"',
    );
    await change([MIA], () => t.storage.db('tasks').where({ mentee_id: MIA }).update({ done_at: at }));
    expect(homeText(t, MIA)).toContain('*Your tasks* (0 open)');
  });

  it('end: both are thanked for the mentorship that ended, and a user Slack refuses does not stop the others', async () => {
    await change([SUP, MIA], () => t.storage.mentorships.end(team(), mentorship.id, ADMIN, null, now));
    expect(homeText(t, SUP)).toContain(`Your mentorship with <@${MIA}> ended on`);
    expect(homeText(t, SUP)).not.toContain('Your mentees');
    expect(homeText(t, MIA)).not.toContain(`<@${SUP}> (mentor`);
    t.fake.clearCalls();
    t.lifering.deps.changes.changed(team(), ['UGONE0001', SUP]);
    await t.settle();
    expect(t.fake.callsTo('views.publish').find((c) => c.args.user_id === SUP)?.response.ok).toBe(true);
    expect(t.logs.some((l) => l.level === 'warn' && l.text.includes('UGONE0001'))).toBe(true);
  });
});

describe("The admin's Home counts follow every kind of write", () => {
  let t: TestApp;
  const team = () => t.fake.teamId;
  const adminHome = () => homeText(t, ADMIN);

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SUP, MIA, LEO].map((id) => ({ id })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => now,
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** A write, then the admin's Home redrawn as the app does after one (from counters, not by reading every row). */
  async function write(mutate: () => Promise<unknown>): Promise<string> {
    await mutate();
    t.lifering.deps.changes.changed(team(), [ADMIN]);
    await t.settle();
    return adminHome();
  }

  it('request, assign, accept, decline, overdue, report, help raised and resolved, end', async () => {
    const m = t.storage.mentorships;
    const assign = (menteeId: string, notify: boolean, at: string, supporterId = SUP) =>
      m.create(
        { teamId: team(), supporterId, menteeId, topicId: null, supporterKind: 'mentor', assignedBy: ADMIN, notify },
        new Date(at),
      );
    expect(await openHome(t, ADMIN)).toContain('*0* active · *0* pending · *0* ended this month');

    expect(
      await write(() =>
        t.storage.supporterRequests.open(
          team(),
          { requesterId: MIA, topicId: null, note: null },
          new Date('2026-11-21T09:00:00.000Z'),
        ),
      ),
    ).toContain(':bust_in_silhouette: 1 mentee waiting for a supporter');
    let mia!: Mentorship;
    let home = await write(async () => {
      mia = await assign(MIA, true, '2026-11-22T09:00:00.000Z');
      await t.storage.supporterRequests.closeAnsweredBy(
        team(),
        { menteeId: MIA, topicId: null, mentorshipId: mia.id },
        now,
      );
    });
    expect(home).toContain('*0* active · *1* pending · *0* ended this month');
    // A count of zero is not shown.
    expect(home).not.toContain(':bust_in_silhouette:');

    expect(await write(() => m.accept(team(), mia.id, new Date('2026-11-22T10:00:00.000Z')))).toContain(
      '*1* active · *0* pending',
    );

    home = await write(async () => m.decline(team(), (await assign(LEO, true, '2026-11-10T09:00:00.000Z')).id, now));
    expect(home).toContain('*1 pair needs you*');

    // Someone else assigned since: the decline no longer needs an admin.
    home = await write(() => assign(LEO, true, '2026-11-23T09:00:00.000Z', ADMIN));
    expect(home).toContain('*1* active · *1* pending');
    expect(home).toContain('Every mentorship, filterable');

    // Active since long ago and never reported on: overdue.
    let old!: Mentorship;
    home = await write(async () => (old = await assign(LEO, false, '2026-10-01T09:00:00.000Z')));
    expect(home).toContain(':alarm_clock: 1 overdue report (worst 23 days)');
    expect(home).toContain('*2* active · *1* pending');

    home = await write(() =>
      t.storage.reports.file(
        {
          teamId: team(),
          mentorshipId: old.id,
          authorId: SUP,
          menteeId: LEO,
          metOn: '2026-11-22',
          durationMinutes: 30,
          format: 'video',
          summary: 'Caught up',
          progress: 3,
          goalsDiscussed: [],
          nextMeetingOn: null,
          privateNote: null,
          suggestedTasks: [],
          submissionKey: 'report-1',
        },
        now,
      ),
    );
    expect(home).not.toContain(':alarm_clock:');

    home = await write(() =>
      t.storage.helpRequests.open(
        team(),
        { menteeId: MIA, topicId: null, note: 'stuck' },
        new Date('2026-11-21T10:00:00.000Z'),
      ),
    );
    expect(home).toContain(':ring_buoy: 1 open help request (oldest 2 days)');
    const [flag] = await t.storage.helpRequests.listOpenForMentee(team(), MIA);
    expect(await write(() => t.storage.helpRequests.resolve(team(), flag!.id, SUP, now))).not.toContain(
      'open help request',
    );

    home = await write(() => m.end(team(), mia.id, ADMIN, null, now));
    expect(home).toContain('*1* active · *1* pending · *1* ended this month');
  });
});

describe('Home paging', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SUP].map((id) => ({ id })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => now,
    });
    // A supporter with 60 mentees, and an admin in a workspace of 10,000 mentorships who supports 45 of them.
    await seedMentorships(
      t.storage.db,
      t.fake.teamId,
      Array.from({ length: 60 }, (_, i) => ({
        supporter_id: SUP,
        mentee_id: `UM${String(i).padStart(5, '0')}`,
        status: 'active' as const,
        feedback_from: '2026-11-01T09:00:00.000Z',
      })),
    );
    await seedMentorships(
      t.storage.db,
      t.fake.teamId,
      Array.from({ length: 9_940 }, (_, i) => ({
        supporter_id: i < 45 ? ADMIN : `US${String(i % 2000).padStart(5, '0')}`,
        mentee_id: `UX${String(i).padStart(5, '0')}`,
        status: i % 10 === 0 ? ('pending' as const) : ('active' as const),
        created_at: '2026-09-01T09:00:00.000Z',
        feedback_from: i % 10 === 0 ? null : i % 3 === 0 ? '2026-09-15T09:00:00.000Z' : '2026-11-10T09:00:00.000Z',
      })),
    );
  });
  afterAll(async () => {
    await t.stop();
  });

  const menteesOnHome = (userId: string): string[] =>
    [...homeText(t, userId).matchAll(/"value":"(U[MX]\d{5})"/g)].map((m) => m[1]!);

  it('pages a supporter with 60 mentees 20 at a time, every mentee exactly once, within 100 blocks', async () => {
    await openHome(t, SUP);
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const view = t.fake.homeViews.get(SUP)!;
      expect((view.blocks as unknown[]).length).toBeLessThanOrEqual(100);
      expect(homeText(t, SUP)).toContain(`Mentees ${(page - 1) * 20 + 1}–${page * 20} of 60 · page ${page} of 3`);
      seen.push(...menteesOnHome(SUP));
      if (page < 3) await clickHome(t, SUP, ACTIONS.homePage);
    }
    expect(homeText(t, SUP)).not.toContain(`"action_id":"${ACTIONS.homePage}"`);
    expect(new Set(seen).size).toBe(60);
    expect(seen).toHaveLength(60);
    await clickHome(t, SUP, ACTIONS.homePagePrevious);
    expect(homeText(t, SUP)).toContain('page 2 of 3');
  });

  it('keeps the page after a change, and falls back to the last page when mentorships end', async () => {
    t.lifering.deps.changes.changed(t.fake.teamId, [SUP]);
    await t.settle();
    expect(homeText(t, SUP)).toContain('page 2 of 3');
    await t.storage
      .db('mentorships')
      .where({ supporter_id: SUP })
      .whereIn(
        'mentee_id',
        Array.from({ length: 35 }, (_, i) => `UM${String(i).padStart(5, '0')}`),
      )
      .update({ status: 'ended', ended_at: now.toISOString() });
    t.lifering.deps.changes.changed(t.fake.teamId, [SUP]);
    await t.settle();
    expect(homeText(t, SUP)).toContain('Mentees 21–25 of 25 · page 2 of 2');
  });

  it('gives an admin of 10,000 mentorships a correct summary and their own mentees paged', async () => {
    const started = performance.now();
    const home = await openHome(t, ADMIN);
    const ms = performance.now() - started;
    expect((t.fake.homeViews.get(ADMIN)!.blocks as unknown[]).length).toBeLessThanOrEqual(100);
    // 9,940 seeded: 994 pending; of the 8,946 active, 2,982 are overdue. Plus the supporter's 25 still active.
    expect(home).toContain('*8971* active · *994* pending · *35* ended this month');
    expect(home).toContain(':alarm_clock: 2982 overdue reports (worst 39 days)');
    expect(home).toContain('Mentees 1–20 of 45 · page 1 of 3');
    expect(menteesOnHome(ADMIN)).toHaveLength(20);
    await clickHome(t, ADMIN, ACTIONS.homePage);
    await clickHome(t, ADMIN, ACTIONS.homePage);
    expect(homeText(t, ADMIN)).toContain('Mentees 41–45 of 45 · page 3 of 3');
    expect(t.fake.callsTo('views.publish').every((c) => c.response.ok === true)).toBe(true);
    console.info(`admin Home over 10,000 mentorships published in ${ms.toFixed(0)} ms`);
  });
});

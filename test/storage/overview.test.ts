import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportData } from '../../src/storage/overview.ts';
import { seedMentorships, seedTopic } from '../support/seed.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const OTHER = 'T0002';
const now = new Date('2026-11-23T10:00:00.000Z');

describe(`overview queries on ${testEngine}`, () => {
  let t: TestStorage;
  let data: number;
  let sql: number;
  let flagData: number;
  let flagSql: number;
  let report: ReportData;

  beforeAll(async () => {
    t = await openTestStorage();
    const db = t.storage.db;
    data = await seedTopic(db, T, 'Data');
    sql = await seedTopic(db, T, 'SQL');
    await seedTopic(db, T, 'Leadership');
    await seedTopic(db, T, 'Archived', true);
    const ethics = await seedTopic(db, T, 'Ethics');
    await seedTopic(db, OTHER, 'Lonely');
    await seedMentorships(db, T, [
      {
        supporter_id: 'US1',
        mentee_id: 'UM1',
        topic_id: data,
        status: 'active',
        feedback_from: '2026-10-13T09:00:00.000Z',
      }, // 1: overdue 11
      {
        supporter_id: 'US1',
        mentee_id: 'UM2',
        topic_id: sql,
        status: 'active',
        feedback_from: '2026-11-01T09:00:00.000Z',
        last_report_at: '2026-11-01T09:00:00.000Z',
      }, // 2
      { supporter_id: 'US1', mentee_id: 'UM3', status: 'active', feedback_from: '2026-09-01T09:00:00.000Z' }, // 3: overdue 53
      {
        supporter_id: 'US2',
        mentee_id: 'UM4',
        topic_id: data,
        status: 'pending',
        created_at: '2026-11-10T09:00:00.000Z',
      }, // 4: stale
      {
        supporter_id: 'US2',
        mentee_id: 'UM5',
        topic_id: sql,
        status: 'pending',
        created_at: '2026-11-20T09:00:00.000Z',
      }, // 5
      {
        supporter_id: 'US3',
        mentee_id: 'UM1',
        topic_id: ethics,
        status: 'ended',
        ended_at: '2026-11-05T09:00:00.000Z',
        end_reason: 'secret reason',
      }, // 6
      { supporter_id: 'US3', mentee_id: 'UM6', status: 'ended', ended_at: '2026-10-30T09:00:00.000Z' }, // 7
      { supporter_id: 'US2', mentee_id: 'UM6', status: 'declined' }, // 8
      {
        supporter_id: 'US3',
        mentee_id: 'UM7',
        topic_id: data,
        status: 'active',
        feedback_from: '2026-10-24T10:00:00.000Z',
      }, // 9: due today
      { supporter_id: 'US3', mentee_id: 'UM8', status: 'active', feedback_from: '2026-10-23T23:59:00.000Z' }, // 10: overdue 1
    ]);
    await seedMentorships(db, OTHER, [
      { supporter_id: 'US1', mentee_id: 'UM1', status: 'active', feedback_from: '2026-01-01T00:00:00.000Z' },
    ]);
    const [a, b] = await db('assistance_requests')
      .insert([
        { team_id: T, mentee_id: 'UM1', topic_id: data, opened_at: '2026-11-20T09:00:00.000Z' },
        { team_id: T, mentee_id: 'UM2', topic_id: sql, opened_at: '2026-11-22T09:00:00.000Z' },
        {
          team_id: T,
          mentee_id: 'UM3',
          topic_id: null,
          opened_at: '2026-11-01T09:00:00.000Z',
          resolved_at: '2026-11-02T09:00:00.000Z',
        },
        { team_id: OTHER, mentee_id: 'UM1', topic_id: null, opened_at: '2026-11-01T09:00:00.000Z' },
      ])
      .returning('id');
    flagData = Number(typeof a === 'object' ? a.id : a);
    flagSql = Number(typeof b === 'object' ? b.id : b);
    await db('supporter_requests').insert([
      { team_id: T, requester_id: 'UM9', topic_id: null, created_at: '2026-11-13T09:00:00.000Z' },
      // One open request a person (migrations/20261208120001): another person asks about SQL.
      { team_id: T, requester_id: 'UM12', topic_id: sql, created_at: '2026-11-15T09:00:00.000Z' },
      {
        team_id: T,
        requester_id: 'UM10',
        topic_id: null,
        created_at: '2026-11-01T09:00:00.000Z',
        closed_at: '2026-11-02T09:00:00.000Z',
      },
      { team_id: OTHER, requester_id: 'UM11', topic_id: null, created_at: '2026-11-01T09:00:00.000Z' },
    ]);
    await db('people').insert([
      { team_id: T, user_id: 'US1', name: 'Sam, "the mentor"', updated_at: now.toISOString() },
      { team_id: OTHER, user_id: 'UM1', name: 'Not this one', updated_at: now.toISOString() },
    ]);
    await db('goals').insert([
      {
        team_id: T,
        mentee_id: 'UM1',
        title: 'Later goal',
        target_date: '2027-03-01',
        status: 'open',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      },
      {
        team_id: T,
        mentee_id: 'UM1',
        title: 'Sooner goal',
        target_date: '2027-01-01',
        status: 'open',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      },
      {
        team_id: T,
        mentee_id: 'UM1',
        title: 'Done goal',
        status: 'done',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      },
    ]);
    await db('tasks').insert([
      {
        team_id: T,
        mentee_id: 'UM1',
        title: 'Open task',
        due_date: '2026-12-01',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      },
      {
        team_id: T,
        mentee_id: 'UM1',
        title: 'Done task',
        done_at: now.toISOString(),
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      },
      {
        team_id: OTHER,
        mentee_id: 'UM1',
        title: 'Other team',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      },
    ]);
    report = await t.storage.overview.report(T, { now, intervalDays: 30, maxMenteesPerSupporter: 2, limit: 10 });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('counts active, pending and ended this month', () => {
    expect(report.totals).toEqual({ active: 5, pending: 2, endedThisMonth: 1 });
  });

  it('lists supporters by load and counts those above the limit', () => {
    expect(report.supporters).toEqual({
      total: 2,
      overCapacity: 1,
      top: [
        { supporterId: 'US1', active: 3 },
        { supporterId: 'US3', active: 2 },
      ],
    });
  });

  it('finds overdue meeting reports, most overdue first, counting a report due today as on time', () => {
    expect(report.overdue.total).toBe(3);
    expect(report.overdue.items.map((o) => o.menteeId)).toEqual(['UM3', 'UM1', 'UM8']);
  });

  it('lists open help requests oldest first, and people waiting for a supporter', () => {
    expect(report.helpRequests.total).toBe(2);
    expect(report.helpRequests.items.map((f) => [f.requestId, f.menteeId, f.topicName])).toEqual([
      [flagData, 'UM1', 'Data'],
      [flagSql, 'UM2', 'SQL'],
    ]);
    expect(report.supporterRequests.total).toBe(2);
    expect(report.supporterRequests.items.map((w) => [w.menteeId, w.topicName])).toEqual([
      ['UM9', null],
      ['UM12', 'SQL'],
    ]);
  });

  it('finds live topics nobody supports and assignments pending over 7 days', () => {
    expect(report.topicsWithoutSupporter).toEqual({ total: 2, items: ['Ethics', 'Leadership'] });
    expect(report.stalePending.total).toBe(1);
    expect(report.stalePending.items[0]).toMatchObject({ supporterId: 'US2', menteeId: 'UM4', topicName: 'Data' });
  });

  it('caps every list at the limit but still counts everything', async () => {
    const small = await t.storage.overview.report(T, { now, intervalDays: 30, maxMenteesPerSupporter: 2, limit: 1 });
    expect(small.overdue).toMatchObject({ total: 3, items: [{ menteeId: 'UM3' }] });
    expect(small.supporters.top).toHaveLength(1);
    expect(small.topicsWithoutSupporter).toEqual({ total: 2, items: ['Ethics'] });
  });

  it("pages a supporter's mentees, flagged first, with the request to resolve", async () => {
    const page1 = await t.storage.overview.supporterPage(T, 'US1', 0, 2);
    expect(page1.total).toBe(3);
    expect(page1.items.map((r) => [r.menteeId, r.helpRequestId])).toEqual([
      ['UM1', flagData],
      ['UM2', flagSql],
    ]);
    const page2 = await t.storage.overview.supporterPage(T, 'US1', 2, 2);
    expect(page2.items.map((r) => [r.menteeId, r.helpRequestId, r.topicName])).toEqual([['UM3', null, null]]);
    // Past the last page: no rows, and still the total, to go back by.
    expect(await t.storage.overview.supporterPage(T, 'US1', 10, 2)).toEqual({ total: 3, items: [] });
    const pending = await t.storage.overview.supporterPage(T, 'US2', 0, 10);
    expect(pending.items.map((r) => r.status)).toEqual(['pending', 'pending']);
    expect((await t.storage.overview.supporterPage(OTHER, 'US2', 0, 10)).total).toBe(0);
  });

  it('gives a mentee their active supporters, open goals soonest first, and open tasks', async () => {
    const home = await t.storage.overview.menteeHome(T, 'UM1', 5);
    expect(home.supporters.items.map((s) => [s.supporterId, s.topicName])).toEqual([['US1', 'Data']]);
    expect(home.goals).toMatchObject({ total: 2, items: [{ title: 'Sooner goal' }, { title: 'Later goal' }] });
    expect(home.tasks).toMatchObject({ total: 1, items: [{ title: 'Open task', dueDate: '2026-12-01' }] });
    // Its open help request (not the other workspace's), and no open request for a supporter.
    expect(home.help).toEqual([{ openedAt: '2026-11-20T09:00:00.000Z', topicName: 'Data', acknowledgedBy: null }]);
    expect(home.requestedAt).toBeNull();
    expect(home.supporters.items[0]).toMatchObject({ supporterKind: 'mentor', nextMeetingOn: null });
    expect(home.supporters.items[0]!.since).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("caps each of a mentee's lists and keeps its total, in one workspace only", async () => {
    const capped = await t.storage.overview.menteeHome(T, 'UM1', 1);
    expect(capped.goals).toMatchObject({ total: 2, items: [{ title: 'Sooner goal' }] });
    expect(capped.supporters.total).toBe(1);
    // Someone who asked the admins for a supporter, and has nothing else yet.
    const asking = await t.storage.overview.menteeHome(T, 'UM9', 5);
    expect(asking).toEqual({
      requestedAt: '2026-11-13T09:00:00.000Z',
      supporters: { total: 0, items: [] },
      help: [],
      goals: { total: 0, items: [] },
      tasks: { total: 0, items: [] },
    });
    const elsewhere = await t.storage.overview.menteeHome(OTHER, 'UM1', 5);
    expect(elsewhere.supporters.items.map((s) => s.supporterId)).toEqual(['US1']);
    expect(elsewhere.goals.total).toBe(0);
    expect(elsewhere.tasks).toMatchObject({ total: 1, items: [{ title: 'Other team' }] });
    expect(elsewhere.help).toEqual([{ openedAt: '2026-11-01T09:00:00.000Z', topicName: null, acknowledgedBy: null }]);
  });

  it('exports every mentorship of the workspace by keyset pages, with names and never the end reason', async () => {
    const first = await t.storage.overview.exportPage(T, 0, 4);
    expect(first.map((r) => r.id)).toEqual([1, 2, 3, 4].map((i) => first[0]!.id + i - 1));
    const rest = await t.storage.overview.exportPage(T, first.at(-1)!.id, 100);
    expect(first.length + rest.length).toBe(10);
    expect(first[0]).toMatchObject({
      supporterName: 'Sam, "the mentor"',
      menteeName: null,
      topicName: 'Data',
      helpOpen: true,
    });
    expect(JSON.stringify([...first, ...rest])).not.toContain('secret reason');
    expect(Object.keys(first[0]!)).not.toContain('endReason');
  });
});

import fc from 'fast-check';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTS_FROM_SCRATCH } from '../../migrations/20261203120001_team_counts.ts';
import { createStorage } from '../../src/storage/index.ts';
import type { ReportOptions } from '../../src/storage/overview.ts';
import { seedTopic } from '../support/seed.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const OTHER = 'T0002';
const now = new Date('2026-11-23T10:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number, hours = 0) => new Date(now.getTime() + days * DAY + hours * 3_600_000);

/*
 * The admin Home reads counters the database keeps as rows change (team_counts), not the rows
 * themselves. These tests hold it to the full report, which counts every row: after every kind of
 * write, at any later time, and after random raw writes, the two say the same.
 */
describe(`admin Home counts on ${testEngine}`, () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const options = (when: Date, max = 1): ReportOptions => ({
    now: when,
    intervalDays: 30,
    maxMenteesPerSupporter: max,
    limit: 5,
    staleAfterDays: 7,
  });

  /** The Home's summary, read afresh, against the report and the programme view's attention count. */
  async function expectHomeAsReport(team: string, when: Date, label: string, max = 1) {
    const o = options(when, max);
    const [home, report, attention] = await Promise.all([
      t.storage.overview.home(team, o),
      t.storage.overview.report(team, o),
      t.storage.oversight.attentionCount(team, { now: when, intervalDays: 30, staleAfterDays: 7 }),
    ]);
    expect(home, label).toEqual({
      totals: report.totals,
      supporters: { overCapacity: report.supporters.overCapacity },
      overdue: report.overdue,
      helpRequests: report.helpRequests,
      supporterRequests: report.supporterRequests,
      stalePending: report.stalePending,
      attention,
    });
  }

  /** What the triggers kept equals what the rows say, bucket for bucket. */
  async function expectCountersFromScratch(team: string) {
    const kept = await t.storage.db('team_counts').where({ team_id: team }).select('kind', 'bucket', 'n');
    const scratch = await t.storage.db
      .select('kind', 'bucket', 'n')
      .from(t.storage.db.raw(`(${COUNTS_FROM_SCRATCH}) as x`))
      .where({ team_id: team });
    const rows = (rs: Record<string, unknown>[]) =>
      rs.map((r) => `${String(r.kind)}/${String(r.bucket)}=${Number(r.n)}`).sort();
    expect(rows(kept)).toEqual(rows(scratch));
  }

  it('stays equal to the report through every kind of write, and only for that workspace', async () => {
    const { storage } = t;
    const data = await seedTopic(storage.db, T, 'Data');
    await seedTopic(storage.db, OTHER, 'Data');
    const assign = (supporterId: string, menteeId: string, topicId: number | null, notify: boolean, when: Date) =>
      storage.mentorships.create(
        { teamId: T, supporterId, menteeId, topicId, supporterKind: 'mentor', assignedBy: 'UADMIN', notify },
        when,
      );
    const steps: [string, () => Promise<unknown>][] = [];
    const step = (label: string, write: () => Promise<unknown>) => steps.push([label, write]);

    let pending = 0;
    let active = 0;
    let declined = 0;
    step('a mentee asks for a supporter', () =>
      storage.supporterRequests.open(T, { requesterId: 'UM1', topicId: data, note: null }, at(-20)),
    );
    step('and again for any topic (one open request a person: still one waiting)', () =>
      storage.supporterRequests.open(T, { requesterId: 'UM1', topicId: null, note: null }, at(-19)),
    );
    step('assigned, to be accepted', async () => (pending = (await assign('US1', 'UM1', data, true, at(-15))).id));
    step('the assignment answers the request', () =>
      storage.supporterRequests.closeAnsweredBy(T, { menteeId: 'UM1', topicId: data, mentorshipId: pending }, at(-15)),
    );
    step('accepted', () => storage.mentorships.accept(T, pending, at(-14)));
    step('assigned active at once', async () => (active = (await assign('US1', 'UM2', null, false, at(-45))).id));
    step('assigned to another supporter, pending long', () => assign('US2', 'UM3', data, true, at(-10)));
    step('assigned and declined', async () => {
      declined = (await assign('US2', 'UM4', data, true, at(-9))).id;
      await storage.mentorships.decline(T, declined, at(-8));
    });
    step('reassigned after the decline (which no longer needs an admin)', () =>
      assign('US3', 'UM4', data, true, at(-2)),
    );
    step('a mentee raises a flag', () =>
      storage.helpRequests.open(T, { menteeId: 'UM2', topicId: null, note: 'stuck' }, at(-3)),
    );
    step('and another', () => storage.helpRequests.open(T, { menteeId: 'UM1', topicId: data, note: null }, at(-1)));
    step('a meeting report restarts the feedback clock', () =>
      storage.reports.file(
        {
          teamId: T,
          mentorshipId: active,
          authorId: 'US1',
          menteeId: 'UM2',
          metOn: '2026-11-20',
          durationMinutes: 30,
          format: 'video',
          summary: 'Went well',
          progress: 3,
          goalsDiscussed: [],
          nextMeetingOn: null,
          privateNote: null,
          suggestedTasks: [],
          submissionKey: 'k1',
        },
        at(-1),
      ),
    );
    step('a flag is resolved', async () => {
      const [flag] = await storage.helpRequests.listOpenForMentee(T, 'UM2');
      await storage.helpRequests.resolve(T, flag!.id, 'US1', at(0));
    });
    step('a mentorship ends', () => storage.mentorships.end(T, pending, 'UM1', null, at(0)));
    step('someone else asks for a supporter', () =>
      storage.supporterRequests.open(T, { requesterId: 'UM5', topicId: null, note: null }, at(0)),
    );
    step('a request in another workspace', () =>
      storage.supporterRequests.open(OTHER, { requesterId: 'UM1', topicId: null, note: null }, at(0)),
    );
    step('a mentorship is deleted outright (the reassignment: the decline needs an admin again)', () =>
      storage.db('mentorships').where({ team_id: T, supporter_id: 'US3' }).delete(),
    );

    await expectHomeAsReport(T, now, 'before any write');
    for (const [label, write] of steps) {
      await write();
      await expectHomeAsReport(T, now, label);
      await expectCountersFromScratch(T);
    }
    const home = await storage.overview.home(T, options(now));
    // The figures themselves, so the comparison above is not of two zeros.
    expect(home).toMatchObject({
      totals: { active: 1, pending: 1, endedThisMonth: 1 },
      supporters: { overCapacity: 0 },
      overdue: { total: 0 },
      helpRequests: { total: 1 },
      supporterRequests: { total: 1 },
      stalePending: { total: 1 },
      attention: 2,
    });
    expect((await storage.overview.home(OTHER, options(now))).supporterRequests.total).toBe(1);
  });

  it('moves overdue, stale pending and ended-this-month with the calendar, to the minute', async () => {
    const team = 'TCAL';
    await t.storage.db('mentorships').insert(
      [
        { status: 'active', created_at: at(-40).toISOString(), feedback_from: at(-31, -1).toISOString() },
        { status: 'active', created_at: at(-40).toISOString(), feedback_from: at(-30, -10).toISOString() },
        { status: 'active', created_at: at(-40).toISOString(), feedback_from: at(-2).toISOString() },
        { status: 'pending', created_at: at(-7, -1).toISOString() },
        { status: 'pending', created_at: at(-7, 1).toISOString() },
        { status: 'pending', created_at: at(-6, 3).toISOString() },
        { status: 'ended', created_at: at(-90).toISOString(), ended_at: '2026-10-31T23:59:00.000Z' },
        { status: 'ended', created_at: at(-90).toISOString(), ended_at: '2026-11-01T00:00:00.000Z' },
      ].map((r, i) => ({
        team_id: team,
        supporter_id: `US${i % 2}`,
        mentee_id: `UM${i}`,
        assigned_by: 'UADMIN',
        ...r,
      })),
    );
    for (const when of [at(0), at(0, 1), at(0, 2), at(1), at(1, 4), at(8), at(28), at(40)]) {
      await expectHomeAsReport(team, when, when.toISOString());
    }
  });

  it('stays exact when two instances write the same workspace at once, without deadlocks', async () => {
    const team = 'TRACE';
    // A second instance on the same database: its own pool, its own memory. SQLite serves one
    // instance (one connection, which runs transactions one at a time), so there it is the same one.
    const other = testEngine === 'postgres' ? createStorage(knexFactory(t.storage.db.client.config)) : t.storage;
    try {
      await t.storage.db('mentorships').insert(
        Array.from({ length: 24 }, (_, i) => ({
          team_id: team,
          supporter_id: `US${i % 4}`,
          mentee_id: `UM${i}`,
          status: 'pending',
          assigned_by: 'UADMIN',
          created_at: at(-i).toISOString(),
        })),
      );
      const ids = (await t.storage.db('mentorships').where({ team_id: team }).orderBy('id').pluck('id')) as number[];
      // Each transaction touches a person, its mentorship and a new one, in one of three orders, so
      // that row locks are taken in different orders by transactions running side by side.
      await Promise.all(
        ids.map((id, i) =>
          (i % 2 ? other : t.storage).transaction(async (trx) => {
            const person = () =>
              trx('people').insert({ team_id: team, user_id: `UP${i}`, updated_at: now.toISOString() });
            if (i % 3 === 0) await person();
            await trx('mentorships')
              .where({ id })
              .update(
                i % 4 === 0 ? { status: 'declined' } : { status: 'active', feedback_from: at(-i * 2).toISOString() },
              );
            if (i % 3 === 1) await person();
            await trx('mentorships').insert({
              team_id: team,
              supporter_id: `US${(i + 1) % 4}`,
              mentee_id: `UM${i}`,
              status: 'pending',
              assigned_by: 'UADMIN',
              created_at: at(-i, 1).toISOString(),
            });
            if (i % 3 === 2) await person();
          }),
        ),
      );
      await expectCountersFromScratch(team);
      await expectHomeAsReport(team, now, 'after racing writes', 3);
    } finally {
      if (other !== t.storage) await other.close();
    }
  });

  it('follows a row moved to another workspace, in both, and leaves no deltas behind', async () => {
    const db = t.storage.db;
    await db('mentorships').insert({
      team_id: 'TMOVE1',
      supporter_id: 'U1',
      mentee_id: 'U2',
      status: 'active',
      assigned_by: 'U0',
      created_at: at(-3).toISOString(),
      feedback_from: at(-3).toISOString(),
    });
    await db('assistance_requests').insert({ team_id: 'TMOVE1', mentee_id: 'U2', opened_at: at(-1).toISOString() });
    await db.transaction(async (trx) => {
      await trx('mentorships').where({ team_id: 'TMOVE1' }).update({ team_id: 'TMOVE2' });
      await trx('assistance_requests').where({ team_id: 'TMOVE1' }).update({ team_id: 'TMOVE2' });
    });
    await expectCountersFromScratch('TMOVE1');
    await expectCountersFromScratch('TMOVE2');
    expect((await t.storage.overview.home('TMOVE2', options(now))).totals.active).toBe(1);
    // PostgreSQL's triggers note deltas during a transaction and apply them at commit.
    if (testEngine === 'postgres')
      expect(await db('team_count_deltas').count({ n: '*' }).first()).toMatchObject({ n: '0' });
  });

  it('stays equal to the report after any sequence of raw writes', async () => {
    const db = t.storage.db;
    const topic = await seedTopic(db, 'TFUZZ', 'Fuzz');
    const people = ['U1', 'U2', 'U3'];
    const instant = fc.integer({ min: -50 * 24, max: 0 }).map((h) => at(0, h).toISOString());
    const mentorship = fc.record({
      supporter_id: fc.constantFrom(...people),
      mentee_id: fc.constantFrom(...people),
      topic_id: fc.constantFrom(null, topic),
      status: fc.constantFrom('pending', 'active', 'declined', 'ended'),
      created_at: instant,
      feedback_from: fc.option(instant),
      ended_at: fc.option(instant),
    });
    const write = fc.oneof(
      mentorship.map((row) => ({ kind: 'insert' as const, row })),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(),
        set: mentorship.chain((r) => fc.subarray(Object.entries(r), { minLength: 1 }).map(Object.fromEntries)),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('flag' as const),
        mentee: fc.constantFrom(...people),
        when: instant,
        resolve: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('request' as const),
        requester: fc.constantFrom(...people),
        topic: fc.constantFrom(null, topic),
        when: instant,
        close: fc.boolean(),
      }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(write, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        async (writes, max) => {
          const team = `TFUZZ${run++}`;
          for (const w of writes) {
            const ids = (await db('mentorships').where({ team_id: team }).orderBy('id').pluck('id')) as number[];
            const id = ids.length ? ids[('pick' in w ? w.pick : 0) % ids.length] : undefined;
            // A write the schema refuses (a second open pair of the same people) is skipped, as it would be for real.
            await (async () => {
              switch (w.kind) {
                case 'insert':
                  return db('mentorships').insert({ team_id: team, assigned_by: 'UADMIN', ...w.row });
                case 'update':
                  return id === undefined ? undefined : db('mentorships').where({ id }).update(w.set);
                case 'delete':
                  return id === undefined ? undefined : db('mentorships').where({ id }).delete();
                case 'flag':
                  return w.resolve
                    ? db('assistance_requests')
                        .where({ team_id: team, mentee_id: w.mentee })
                        .whereNull('resolved_at')
                        .update({ resolved_at: w.when })
                    : db('assistance_requests')
                        .insert({ team_id: team, mentee_id: w.mentee, opened_at: w.when })
                        .onConflict()
                        .ignore();
                case 'request':
                  return w.close
                    ? db('supporter_requests')
                        .where({ team_id: team, requester_id: w.requester })
                        .whereNull('closed_at')
                        .update({ closed_at: w.when })
                    : db('supporter_requests')
                        .insert({ team_id: team, requester_id: w.requester, topic_id: w.topic, created_at: w.when })
                        .onConflict()
                        .ignore();
              }
            })().catch((error: unknown) => {
              if (!/unique|duplicate/i.test(String((error as Error).message))) throw error;
            });
          }
          await expectCountersFromScratch(team);
          for (const when of [now, at(5, 7)]) await expectHomeAsReport(team, when, JSON.stringify(writes), max);
        },
      ),
      { numRuns: testEngine === 'postgres' ? 25 : 60 },
    );
  });
});

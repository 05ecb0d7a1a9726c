import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, type Storage } from '../../src/storage/index.ts';
import { SUMMARY_MAX_AGE_MS } from '../../src/storage/overview.ts';
import { mayMoveVersion, UNVERSIONED_LOGS } from '../../src/storage/versions.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const OTHER = 'T0002';
const now = new Date('2026-11-23T10:00:00.000Z');

describe(`team data versions on ${testEngine}`, () => {
  let t: TestStorage;
  /** A second instance on the same database: its own connections, its own memory. */
  let other: Storage;
  beforeAll(async () => {
    t = await openTestStorage();
    other = createStorage(knexFactory(t.storage.db.client.config));
  });
  afterAll(async () => {
    await other.close();
    await t.cleanup();
  });

  /** Another instance's write reaches this one's versions at once on SQLite, and once its NOTIFY is heard on PostgreSQL. */
  const movedPast = async (teamId: string, version: number): Promise<number> => {
    await expect.poll(() => t.storage.versions.get(teamId)).toBeGreaterThan(version);
    return t.storage.versions.get(teamId);
  };

  it('moves on every write to what Lifering shows, by any instance, and only for that workspace', async () => {
    const { versions } = t.storage;
    const start = await versions.get(T);
    const otherTeam = await versions.get(OTHER);
    const topic = await other.topics.create(T, { name: 'Data', createdBy: 'U1' }, now);
    const afterTopic = await movedPast(T, start);
    await other.mentorships.create(
      {
        teamId: T,
        supporterId: 'U1',
        menteeId: 'U2',
        topicId: topic.id,
        supporterKind: 'mentor',
        assignedBy: 'U1',
        notify: false,
      },
      now,
    );
    const afterMentorship = await movedPast(T, afterTopic);
    // Raw SQL is covered too: the database keeps the version, not the store methods.
    await other.db('people').insert({ team_id: T, user_id: 'U3', updated_at: now.toISOString() });
    await other.db('people').where({ team_id: T, user_id: 'U3' }).update({ name: 'sam' });
    const afterPeople = await movedPast(T, afterMentorship);
    await other.db('people').where({ team_id: T, user_id: 'U3' }).delete();
    await movedPast(T, afterPeople);
    expect(await versions.get(OTHER)).toBe(otherTeam);
  });

  it('never goes back to a version handed out before: not after its row is deleted or set back', async () => {
    await other.db('people').insert({ team_id: T, user_id: 'U20', updated_at: now.toISOString() });
    const seen = await movedPast(T, 0);
    // SQLite's clock counts milliseconds: the promise is for a write in a later millisecond than
    // the version it must pass (a write in the same one may get the same number), so wait one out.
    const nextMillisecond = () => {
      for (const start = Date.now(); Date.now() <= start + 1; );
    };
    // A purge that deleted the row, or a database failed over to a replica that is behind.
    await other.db('team_versions').where({ team_id: T }).delete();
    nextMillisecond();
    await other.db('people').where({ team_id: T, user_id: 'U20' }).update({ name: 'zoe' });
    const afterDelete = await movedPast(T, seen);
    await other.db('team_versions').where({ team_id: T }).update({ version: 3 });
    nextMillisecond();
    await other.db('people').where({ team_id: T, user_id: 'U20' }).update({ name: 'zed' });
    const last = await other.versions.current(T);
    expect(last).toBeGreaterThan(afterDelete);
    // This instance hears that write before the next test reads a version to compare with.
    await expect.poll(() => t.storage.versions.get(T)).toBe(last);
  });

  it('moves once a transaction commits, and not at all when it rolls back', async () => {
    const { versions } = t.storage;
    const before = await versions.get(T);
    await expect(
      other.transaction(async (trx) => {
        await trx('people').insert({ team_id: T, user_id: 'U4', updated_at: now.toISOString() });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await versions.get(T)).toBe(before);
    await other.transaction(async (trx) => {
      for (let i = 0; i < 50; i++)
        await trx('people').insert({ team_id: T, user_id: `UB${i}`, updated_at: now.toISOString() });
    });
    await movedPast(T, before);
  });

  it('leaves the version alone on writes to the log tables, which an instance therefore need not read it again after', async () => {
    const { versions, db } = t.storage;
    const before = await versions.get(T);
    await db('processed_events').insert({ team_id: T, event_key: 'event:Ev1', created_at: now.toISOString() });
    await db('audit_events').insert({
      team_id: T,
      actor_id: 'U1',
      action: 'report.filed',
      subject_type: 'meeting_report',
      subject_id: 1,
      created_at: now.toISOString(),
    });
    expect(await versions.current(T)).toBe(before);
    // Each log table's statements, as knex sends them, are the ones told apart.
    for (const table of UNVERSIONED_LOGS) {
      expect(mayMoveVersion(db(table).insert({ team_id: T }).toString())).toBe(false);
      expect(mayMoveVersion(db(table).where({ team_id: T }).update({ team_id: T }).toString())).toBe(false);
      expect(mayMoveVersion(db(table).where({ team_id: T }).delete().toString())).toBe(false);
    }
    expect(mayMoveVersion(db('people').insert({ team_id: T }).toString())).toBe(true);
    expect(mayMoveVersion(db('mentorships').where({ id: 1 }).update({ status: 'ended' }).toString())).toBe(true);
    expect(mayMoveVersion('COMMIT;')).toBe(true);
    expect(mayMoveVersion('select lifering_bump_team(?)')).toBe(true);
    expect(mayMoveVersion('select * from "people"')).toBe(false);
  });

  it.skipIf(testEngine !== 'postgres')(
    'on PostgreSQL, answers from memory, sees its own writes at once and hears other instances',
    async () => {
      const { versions, db } = t.storage;
      const listening = async () =>
        Number(
          (
            (await other.db.raw('select count(*) as n from pg_stat_activity where application_name = ?', [
              `lifering versions ${t.options.schema}`,
            ])) as { rows: { n: string }[] }
          ).rows[0]!.n,
        );
      await versions.get(T);
      await expect.poll(listening).toBe(1);
      const v = await versions.get(T);
      expect(await versions.get(T)).toBe(v);
      // Nothing announces a change made to the versions table by hand: what answers is memory.
      await other.db('team_versions').where({ team_id: T }).increment('version', 100);
      expect(await versions.get(T)).toBe(v);
      // A delivery's claim is no change of what Lifering shows: memory still answers.
      await db('processed_events').insert({ team_id: T, event_key: 'event:EvMem', created_at: now.toISOString() });
      expect(await versions.get(T)).toBe(v);
      // A write of its own, even to another workspace, sends it back to the database at once.
      await db('people').insert({ team_id: OTHER, user_id: 'U9', updated_at: now.toISOString() });
      expect(await versions.get(T)).toBe(v + 100);
      // Another instance's write is heard, with no write here.
      await other.db('people').insert({ team_id: T, user_id: 'U10', updated_at: now.toISOString() });
      await expect.poll(() => versions.get(T)).toBeGreaterThan(v + 100);
      const heard = await versions.get(T);
      // Without its listening connection it reads the database each time, until it is back.
      await other.db.raw('select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?', [
        `lifering versions ${t.options.schema}`,
      ]);
      await other.db('team_versions').where({ team_id: T }).increment('version', 100);
      await expect.poll(() => versions.get(T)).toBe(heard + 100);
      await expect.poll(listening).toBe(1);
    },
  );

  it('lists what /mentor list shows with a prepared statement, as the full query does', async () => {
    const listed = await t.storage.mentorships.listed(T, 'U1');
    const full = await t.storage.mentorships.listForSupporter(T, 'U1');
    expect(listed.supporting.map((m) => [m.id, m.menteeId, m.topicName, m.status, m.helpOpen])).toEqual(
      full.map((m) => [m.id, m.menteeId, m.topicName, m.status, m.helpOpen]),
    );
    expect((await t.storage.mentorships.listed(T, 'U2')).supportedBy.map((m) => m.supporterId)).toEqual(['U1']);
  });

  it('reuses the admin summary until a write, from any instance, or five minutes pass', async () => {
    const options = { now, intervalDays: 30, maxMenteesPerSupporter: 5, limit: 5 };
    const first = await t.storage.overview.summary(T, options);
    expect(await t.storage.overview.summary(T, options)).toBe(first);
    await other.mentorships.create(
      {
        teamId: T,
        supporterId: 'U5',
        menteeId: 'U6',
        topicId: null,
        supporterKind: 'coach',
        assignedBy: 'U1',
        notify: false,
      },
      now,
    );
    await expect
      .poll(async () => (await t.storage.overview.summary(T, options)).totals.active)
      .toBe(first.totals.active + 1);
    const second = await t.storage.overview.summary(T, options);
    expect(await t.storage.overview.summary(T, { ...options, now: new Date(now.getTime() + 60_000) })).toBe(second);
    expect(
      await t.storage.overview.summary(T, { ...options, now: new Date(now.getTime() + SUMMARY_MAX_AGE_MS) }),
    ).not.toBe(second);
  });
});

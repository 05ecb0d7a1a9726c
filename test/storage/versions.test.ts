import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Storage, createStorage } from '../../src/storage/index.ts';
import { SUMMARY_MAX_AGE_MS } from '../../src/storage/overview.ts';
import { type TestStorage, openTestStorage, testEngine } from '../support/storage.ts';

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

  it('moves on every write to what Lifering shows, by any instance, and only for that workspace', async () => {
    const { versions } = t.storage;
    const start = await versions.get(T);
    const otherTeam = await versions.get(OTHER);
    const topic = await other.topics.create(T, { name: 'Data', createdBy: 'U1' }, now);
    const afterTopic = await versions.get(T);
    expect(afterTopic).toBeGreaterThan(start);
    await other.mentorships.create({ teamId: T, supporterId: 'U1', menteeId: 'U2', topicId: topic.id, supporterKind: 'mentor', assignedBy: 'U1', notify: false }, now);
    const afterMentorship = await versions.get(T);
    expect(afterMentorship).toBeGreaterThan(afterTopic);
    // Raw SQL is covered too: the database keeps the version, not the store methods.
    await other.db('people').insert({ team_id: T, user_id: 'U3', updated_at: now.toISOString() });
    await other.db('people').where({ team_id: T, user_id: 'U3' }).update({ name: 'sam' });
    const afterPeople = await versions.get(T);
    expect(afterPeople).toBeGreaterThan(afterMentorship);
    await other.db('people').where({ team_id: T, user_id: 'U3' }).delete();
    expect(await versions.get(T)).toBeGreaterThan(afterPeople);
    expect(await versions.get(OTHER)).toBe(otherTeam);
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
      for (let i = 0; i < 50; i++) await trx('people').insert({ team_id: T, user_id: `UB${i}`, updated_at: now.toISOString() });
    });
    expect(await versions.get(T)).toBeGreaterThan(before);
  });

  it('lists what /mentor list shows with a prepared statement, as the full query does', async () => {
    const listed = await t.storage.mentorships.listed(T, 'U1');
    const full = await t.storage.mentorships.listForSupporter(T, 'U1');
    expect(listed.supporting.map((m) => [m.id, m.menteeId, m.topicName, m.status, m.assistanceOpen])).toEqual(
      full.map((m) => [m.id, m.menteeId, m.topicName, m.status, m.assistanceOpen]),
    );
    expect((await t.storage.mentorships.listed(T, 'U2')).supportedBy.map((m) => m.supporterId)).toEqual(['U1']);
  });

  it('reuses the admin summary until a write, from any instance, or five minutes pass', async () => {
    const options = { now, intervalDays: 30, maxMenteesPerSupporter: 5, limit: 5 };
    const first = await t.storage.overview.summary(T, options);
    expect(await t.storage.overview.summary(T, options)).toBe(first);
    await other.mentorships.create({ teamId: T, supporterId: 'U5', menteeId: 'U6', topicId: null, supporterKind: 'coach', assignedBy: 'U1', notify: false }, now);
    const second = await t.storage.overview.summary(T, options);
    expect(second.totals.active).toBe(first.totals.active + 1);
    expect(await t.storage.overview.summary(T, { ...options, now: new Date(now.getTime() + 60_000) })).toBe(second);
    expect(await t.storage.overview.summary(T, { ...options, now: new Date(now.getTime() + SUMMARY_MAX_AGE_MS) })).not.toBe(second);
  });
});

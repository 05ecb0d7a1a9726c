import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as normaliseTopicNames } from '../../migrations/20261207100002_topic_names_normalised.ts';
import { seedTopic } from '../support/seed.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T1 = 'T0001';
const T2 = 'T0002';

describe(`topic names stored before they were normalised, on ${testEngine}`, () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('are normalised once; names that become one keep both topics, the clean (else oldest) one keeping the name', async () => {
    const db = t.storage.db;
    // As the old code stored them: the name as typed, the key only trimmed and lower-cased.
    const seed = async (team: string, name: string) => {
      const id = await seedTopic(db, team, name);
      await db('topics')
        .where({ id })
        .update({ name_key: name.trim().replace(/\s+/g, ' ').toLowerCase() });
      return id;
    };
    const zeroWidth = await seed(T1, 'Data\u200B');
    const clean = await seed(T1, 'Data');
    const override = await seed(T1, 'data\u202E');
    const taken = await seed(T1, 'Data (2)');
    const isolate = await seed(T1, 'SQL\u2067 tuning');
    const decomposed = await seed(T1, 'Cafe\u0301');
    const invisible = await seed(T1, '\u200B\u200B');
    const otherTeam = await seed(T2, 'Data\u200B');
    const long = await seed(T2, `${'x'.repeat(74)}\u200B`);
    const longToo = await seed(T2, 'x'.repeat(74));
    await db('mentorships').insert({
      team_id: T1,
      supporter_id: 'USAM',
      mentee_id: 'UMIA',
      topic_id: override,
      supporter_kind: 'mentor',
      status: 'active',
      assigned_by: 'UADMIN',
      notify: false,
      created_at: '2026-11-01T09:00:00.000Z',
    });

    // Before: the old rows cannot be found by the names people would type.
    expect((await t.storage.topics.findByName(T1, 'SQL tuning'))?.id).toBeUndefined();

    await normaliseTopicNames(db);

    const names = new Map(
      (await db('topics').select('id', 'name')).map((r) => [Number(r.id), r.name as string] as const),
    );
    expect(names.get(clean)).toBe('Data');
    expect(names.get(taken)).toBe('Data (2)');
    expect([names.get(zeroWidth), names.get(override)]).toEqual(['Data (3)', 'data (4)']);
    expect(names.get(isolate)).toBe('SQL tuning');
    expect(names.get(decomposed)).toBe('Café');
    expect(names.get(invisible)).toBe(`Topic ${invisible}`);
    expect(names.get(otherTeam)).toBe('Data');
    expect(names.get(longToo)).toBe('x'.repeat(74));
    expect(names.get(long)).toBe(`${'x'.repeat(71)} (2)`);
    for (const [id, name] of names)
      expect(
        (await t.storage.topics.findByName(id === otherTeam || id === long || id === longToo ? T2 : T1, name))?.id,
      ).toBe(id);
    // Nothing merged: the mentorship keeps its topic.
    expect((await db('mentorships').where({ team_id: T1 }).first()).topic_id).toBe(override);
    // Run again, it changes nothing.
    await normaliseTopicNames(db);
    expect(
      new Map((await db('topics').select('id', 'name')).map((r) => [Number(r.id), r.name as string] as const)),
    ).toEqual(names);
  });
});

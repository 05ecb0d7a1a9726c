import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/storage/db.ts';
import { databaseBefore } from '../support/storage.ts';

const MIGRATION = '20261208120001_one_supporter_request_per_person.ts';
const T = 'T0001';

describe('one open supporter request a person (migration)', () => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
  });

  it('keeps the oldest of several, with the newest topic when it had none, closes the rest, and then allows one', async () => {
    const before = await databaseBefore(MIGRATION);
    drop = before.drop;
    const { db } = before;
    const [speaking, data] = await Promise.all(
      ['Public speaking', 'Data'].map(async (name) => {
        const [row] = await db('topics')
          .insert({ team_id: T, name, name_key: name.toLowerCase(), created_at: '2026-01-01T00:00:00.000Z' })
          .returning('id');
        return Number(typeof row === 'object' ? row.id : row);
      }),
    );
    const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`;
    // Kim: the typo kept as a note on a request with no topic, then two topics (the story).
    // Lee: one request, untouched. Mia: a closed one and an open one, untouched.
    await db('supporter_requests').insert([
      { team_id: T, requester_id: 'UKIM', topic_id: null, note: 'Pubic speking', created_at: at(1) },
      { team_id: T, requester_id: 'UKIM', topic_id: data, note: null, created_at: at(2) },
      { team_id: T, requester_id: 'UKIM', topic_id: speaking, note: 'for March', created_at: at(3) },
      { team_id: T, requester_id: 'ULEE', topic_id: data, note: 'hi', created_at: at(4) },
      { team_id: T, requester_id: 'UMIA', topic_id: null, created_at: at(1), closed_at: at(2) },
      { team_id: T, requester_id: 'UMIA', topic_id: null, created_at: at(5) },
    ]);

    await migrateToLatest(db);

    const rows = await db('supporter_requests').orderBy('id').select('requester_id', 'topic_id', 'note', 'closed_at');
    expect(
      rows.map((r) => [r.requester_id, r.topic_id == null ? null : Number(r.topic_id), r.note, r.closed_at]),
    ).toEqual([
      ['UKIM', speaking, 'Pubic speking', null],
      ['UKIM', data, null, at(2)],
      ['UKIM', speaking, 'for March', at(3)],
      ['ULEE', data, 'hi', null],
      ['UMIA', null, null, at(2)],
      ['UMIA', null, null, null],
    ]);
    await expect(
      db('supporter_requests').insert({ team_id: T, requester_id: 'ULEE', topic_id: speaking, created_at: at(6) }),
    ).rejects.toThrow(/unique|duplicate/i);
    // Closed ones do not count, and another workspace is another person.
    await db('supporter_requests').insert({ team_id: 'T0002', requester_id: 'ULEE', created_at: at(6) });
  });
});

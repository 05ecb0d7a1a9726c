import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OversightState } from '../../src/storage/oversight.ts';
import type { MentorshipStatus } from '../../src/storage/rows.ts';
import { seedMentorships } from '../support/seed.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const now = new Date('2026-11-23T10:00:00.000Z');
const clock = { now, intervalDays: 30, staleAfterDays: 7 };
const STATUSES: MentorshipStatus[] = ['declined', 'pending', 'active', 'ended'];

interface Seeded {
  id: number;
  status: MentorshipStatus;
  createdAt: string;
  endedAt: string | null;
  menteeId: string;
}

/** "Everyone in the programme" as admins read it: declined, pending, active by age; ended last, latest first. */
function expectedOrder(rows: Seeded[]): number[] {
  const rank = (s: MentorshipStatus) => STATUSES.indexOf(s);
  return [...rows]
    .sort(
      (a, b) =>
        rank(a.status) - rank(b.status) ||
        (a.status === 'ended' ? String(b.endedAt).localeCompare(String(a.endedAt)) : 0) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id - b.id,
    )
    .map((r) => r.id);
}

describe(`the pages of everyone in the programme on ${testEngine}`, () => {
  let t: TestStorage;
  let rows: Seeded[];

  beforeAll(async () => {
    t = await openTestStorage();
    // 48 pairs: every status, creation days that repeat (the id breaks the tie), ended on several days.
    await seedMentorships(
      t.storage.db,
      T,
      Array.from({ length: 48 }, (_, i) => {
        const status = STATUSES[(i * 7) % 4]!;
        return {
          supporter_id: `US${i % 5}`,
          mentee_id: `UM${i}`,
          status,
          created_at: `2026-10-${String(1 + ((i * 5) % 9)).padStart(2, '0')}T09:00:00.000Z`,
          ...(status === 'ended'
            ? { ended_at: `2026-11-${String(1 + ((i * 3) % 6)).padStart(2, '0')}T09:00:00.000Z` }
            : {}),
          ...(status === 'active' ? { feedback_from: '2026-11-01T09:00:00.000Z' } : {}),
        };
      }),
    );
    // Another workspace's pairs, which no page of this one shows.
    await seedMentorships(t.storage.db, 'T0002', [{ supporter_id: 'US1', mentee_id: 'UM1', status: 'declined' }]);
    rows = (await t.storage.db('mentorships').where({ team_id: T })).map((r) => ({
      id: Number(r.id),
      status: r.status as MentorshipStatus,
      createdAt: String(r.created_at),
      endedAt: r.ended_at == null ? null : String(r.ended_at),
      menteeId: String(r.mentee_id),
    }));
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('pages every state in the same order as one sort of the whole workspace, with its total', async () => {
    const states: OversightState[] = ['all', ...STATUSES];
    for (const state of states) {
      const of = state === 'all' ? rows : rows.filter((r) => r.status === state);
      const expected = expectedOrder(of);
      for (const size of [5, 7]) {
        const seen: number[] = [];
        for (let offset = 0; offset < expected.length + size; offset += size) {
          const page = await t.storage.oversight.page(T, { state }, clock, offset, size);
          expect(page.total, `${state} total`).toBe(of.length);
          seen.push(...page.items.map((r) => r.id));
        }
        expect(seen, `${state}, pages of ${size}`).toEqual(expected);
      }
    }
  });

  it('counts a filtered state by its rows, not by the kept counts', async () => {
    const page = await t.storage.oversight.page(T, { state: 'active', supporterId: 'US1' }, clock, 0, 100);
    const expected = expectedOrder(rows.filter((r) => r.status === 'active' && Number(r.menteeId.slice(2)) % 5 === 1));
    expect(page.items.map((r) => r.id)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });
});

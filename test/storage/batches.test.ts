import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0BATCH1';
const now = new Date('2026-11-25T14:00:00.000Z');

describe(`writes of many rows at once on ${testEngine}`, () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  // A big workspace's sweep owes hundreds of silent-partner notices in one run; SQLite refuses an
  // INSERT of more than 500 rows, which failed the sweep of the bench's 100,000 mentorships.
  it('records 1,200 silent-partner notices in one call, and the same call again adds none', async () => {
    const m = await t.storage.mentorships.create(
      {
        teamId: T,
        supporterId: 'US1',
        menteeId: 'UM1',
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: 'UA1',
        notify: false,
      },
      now,
    );
    const notices = Array.from({ length: 1200 }, (_, i) => ({
      teamId: T,
      mentorshipId: m.id,
      quietSince: '2026-10-01T08:00:00.000Z',
      stage: 'pair' as const,
      recipientId: `U${String(i).padStart(6, '0')}`,
    }));
    await t.storage.silence.record(notices, now);
    await t.storage.silence.record(notices, now);
    expect((await t.storage.silence.noticesFor([m.id])).length).toBe(1200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMentorships } from '../support/seed.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const OTHER = 'T0002';
const SINCE = '2025-12-01T00:00:00.000Z';

describe(`trend facts on ${testEngine}`, () => {
  let t: TestStorage;

  beforeAll(async () => {
    t = await openTestStorage();
    const db = t.storage.db;
    await seedMentorships(db, T, [
      {
        supporter_id: 'US1',
        mentee_id: 'UM1',
        status: 'active',
        created_at: '2025-06-01T09:00:00.000Z',
        feedback_from: '2025-06-02T09:00:00.000Z',
      },
      {
        supporter_id: 'US1',
        mentee_id: 'UM2',
        status: 'ended',
        created_at: '2025-06-01T09:00:00.000Z',
        accepted_at: '2025-06-02T09:00:00.000Z',
        ended_at: '2025-11-30T23:59:59.000Z',
      },
      {
        supporter_id: 'US1',
        mentee_id: 'UM3',
        status: 'ended',
        created_at: '2026-01-01T09:00:00.000Z',
        accepted_at: '2026-01-02T09:00:00.000Z',
        ended_at: '2026-03-01T09:00:00.000Z',
        end_reason: 'private',
      },
      { supporter_id: 'US2', mentee_id: 'UM4', status: 'pending', created_at: '2026-02-01T09:00:00.000Z' },
    ]);
    await seedMentorships(db, OTHER, [
      { supporter_id: 'US9', mentee_id: 'UM9', status: 'active', created_at: '2026-02-01T09:00:00.000Z' },
    ]);
    const ids = (await db('mentorships').where({ team_id: T }).orderBy('id').select('id')).map((r) => Number(r.id));
    await db('mentorships').where({ id: ids[2] }).update({ ended_by: 'UM3' });
    await db('people').insert({
      team_id: T,
      user_id: 'UM3',
      left_at: '2026-03-01T08:59:00.000Z',
      left_reason: 'deactivated',
      updated_at: '2026-03-01T09:00:00.000Z',
    });
    const report = (mentorshipId: number, metOn: string) => ({
      team_id: T,
      mentorship_id: mentorshipId,
      author_id: 'US1',
      mentee_id: 'UM1',
      met_on: metOn,
      duration_minutes: 30,
      format: 'call',
      summary: 's',
      progress: 3,
      created_at: `${metOn}T12:00:00.000Z`,
      updated_at: `${metOn}T12:00:00.000Z`,
    });
    await db('meeting_reports').insert([report(ids[0]!, '2025-11-30'), report(ids[0]!, '2025-12-01')]);
    await db('assistance_requests').insert([
      { team_id: T, mentee_id: 'UM1', opened_at: '2025-11-01T00:00:00.000Z', resolved_at: '2025-11-02T00:00:00.000Z' },
      { team_id: T, mentee_id: 'UM1', opened_at: '2026-01-01T00:00:00.000Z', resolved_at: null },
      // Closed when its mentorship ended, with nobody left to help: not resolved.
      {
        team_id: T,
        mentee_id: 'UM1',
        opened_at: '2026-01-02T00:00:00.000Z',
        resolved_at: '2026-01-03T00:00:00.000Z',
        closed_reason: 'mentorship_ended',
      },
      { team_id: OTHER, mentee_id: 'UM9', opened_at: '2026-01-01T00:00:00.000Z', resolved_at: null },
    ]);
    await db('checkins').insert([
      {
        team_id: T,
        kind: 'meeting',
        mentorship_id: ids[0],
        report_id: 1,
        person_id: 'UM1',
        other_id: 'US1',
        queued_at: SINCE,
        asked_at: SINCE,
        answered_at: '2026-01-05T00:00:00.000Z',
        score: 4,
        comment: 'secret',
      },
      {
        team_id: T,
        kind: 'meeting',
        mentorship_id: ids[0],
        report_id: 2,
        person_id: 'UM1',
        other_id: 'US1',
        queued_at: SINCE,
        asked_at: SINCE,
      },
    ]);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('reads the pairs not over before the window, and what happened in it, for one workspace only', async () => {
    const f = await t.storage.trends.facts(T, SINCE);
    expect(f.pairs.map((p) => p.menteeId)).toEqual(['UM1', 'UM3', 'UM4']);
    expect(f.pairs.find((p) => p.menteeId === 'UM3')).toMatchObject({
      endedBy: 'UM3',
      endedByLeaver: true,
      notify: false,
    });
    expect(f.pairs.find((p) => p.menteeId === 'UM4')).toMatchObject({
      acceptedAt: null,
      notify: true,
      endedByLeaver: false,
    });
    expect(f.reports.map((r) => r.metOn)).toEqual(['2025-12-01']);
    expect(f.help).toEqual([
      { menteeId: 'UM1', openedAt: '2026-01-01T00:00:00.000Z', resolvedAt: null },
      { menteeId: 'UM1', openedAt: '2026-01-02T00:00:00.000Z', resolvedAt: null },
    ]);
    expect(f.checkins).toEqual([{ mentorshipId: f.pairs[0]!.id, score: 4, answeredAt: '2026-01-05T00:00:00.000Z' }]);
    expect(JSON.stringify(f)).not.toMatch(/secret|private/);
  });
});

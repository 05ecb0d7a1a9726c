import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MentorshipNotActiveError } from '../../src/storage/reports.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const now = new Date('2026-11-23T10:00:00.000Z');

describe(`reminder ledger on ${testEngine}`, () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('records a reminder once, including digests that have no mentorship', async () => {
    const { reminders, mentorships } = t.storage;
    const m = await mentorships.create(
      {
        teamId: T,
        supporterId: 'US1',
        menteeId: 'UM1',
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: 'UA',
        notify: false,
      },
      now,
    );
    const due = {
      teamId: T,
      mentorshipId: m.id,
      recipientId: 'US1',
      dueOn: '2026-12-23',
      kind: 'due' as const,
      sequence: 0,
    };
    const digest = {
      teamId: T,
      mentorshipId: null,
      recipientId: 'UA',
      dueOn: '2026-11-23',
      kind: 'digest' as const,
      sequence: 0,
    };
    expect(await reminders.record([due, digest], now)).toBe(2);
    const [a, b] = await Promise.all([reminders.record([due, digest], now), reminders.record([digest], now)]);
    expect(a + b).toBe(0);
    const pending = await reminders.pendingFor(T, 'UA');
    expect(pending).toHaveLength(1);
    // Claimed by one caller only, in batches racing each other.
    const dues = await reminders.pendingFor(T, 'US1');
    const ids = [pending[0]!.id, dues[0]!.id];
    const claims = await Promise.all([
      reminders.claimMany(ids, now),
      reminders.claimMany([...ids].reverse(), now),
      reminders.claimMany([ids[1]!], now),
    ]);
    expect(claims.flatMap((c) => [...c]).sort()).toEqual([...ids].sort());
    expect((await reminders.claimMany(ids, now)).size).toBe(0);
  });

  it('files a report with its tasks, restarts the feedback clock and clears a snooze, all or nothing', async () => {
    const { reports, mentorships, reminders } = t.storage;
    const m = await mentorships.create(
      {
        teamId: T,
        supporterId: 'US2',
        menteeId: 'UM2',
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: 'UA',
        notify: false,
      },
      now,
    );
    expect(await reminders.snooze(T, m.id, 'US2', new Date('2026-11-26T10:00:00Z'))).toEqual({ menteeId: 'UM2' });
    expect(await reminders.snooze(T, m.id, 'UOTHER', new Date('2026-11-26T10:00:00Z'))).toBeUndefined();
    const later = new Date('2026-12-01T09:00:00.000Z');
    const base = {
      teamId: T,
      mentorshipId: m.id,
      authorId: 'US2',
      menteeId: 'UM2',
      metOn: '2026-11-30',
      durationMinutes: 30,
      format: 'chat' as const,
      summary: 'ok',
      progress: 3,
      goalsDiscussed: [],
      nextMeetingOn: null,
      privateNote: 'p',
      suggestedTasks: ['One'],
      submissionKey: 'V1:h1',
    };
    const [x, y] = await Promise.all([reports.file(base, later), reports.file(base, later)]);
    expect([x.created, y.created].filter(Boolean)).toHaveLength(1);
    expect(await mentorships.get(T, m.id)).toMatchObject({
      feedbackFrom: later.toISOString(),
      lastReportAt: later.toISOString(),
      snoozedUntil: null,
    });
    expect(await t.storage.db('tasks').where({ mentee_id: 'UM2' })).toHaveLength(1);
    // Someone who is not the supporter stores nothing, not even the tasks.
    await expect(reports.file({ ...base, authorId: 'UOTHER', submissionKey: 'V2:h' }, later)).rejects.toThrow();
    expect(await t.storage.db('tasks').where({ mentee_id: 'UM2' })).toHaveLength(1);
    // The same submission again, after the mentorship ended: the stored report, not a refusal.
    await t.storage.db('mentorships').where({ id: m.id }).update({ status: 'ended' });
    const again = await reports.file(base, later);
    expect(again).toMatchObject({ created: false, report: { id: (x.created ? x : y).report.id } });
    await expect(reports.file({ ...base, submissionKey: 'V3:h' }, later)).rejects.toThrow(MentorshipNotActiveError);
  });
});

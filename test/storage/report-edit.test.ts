import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportChanges } from '../../src/storage/reports.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const OTHER = 'T0002';
const filed = new Date('2026-11-23T10:00:00.000Z');
const later = new Date('2026-11-23T12:00:00.000Z');
const since = new Date(later.getTime() - 24 * 3_600_000).toISOString();

const changes: ReportChanges = {
  metOn: '2026-11-21',
  durationMinutes: 30,
  format: 'call',
  summary: 'changed',
  progress: 5,
  goalsDiscussed: [],
  nextMeetingOn: null,
  privateNote: null,
};

describe(`editing a meeting report on ${testEngine}`, () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  async function fileOne(supporterId: string) {
    const { mentorships, reports } = t.storage;
    const m = await mentorships.create(
      {
        teamId: T,
        supporterId,
        menteeId: 'UM1',
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: 'UA',
        notify: false,
      },
      filed,
    );
    const { report } = await reports.file(
      {
        teamId: T,
        mentorshipId: m.id,
        authorId: supporterId,
        menteeId: 'UM1',
        metOn: '2026-11-20',
        durationMinutes: 45,
        format: 'video',
        summary: 'first',
        progress: 3,
        goalsDiscussed: [],
        nextMeetingOn: null,
        privateNote: 'note',
        suggestedTasks: [],
        submissionKey: `V-${supporterId}:h`,
      },
      filed,
    );
    return { m, report };
  }

  it('changes the row only for its author, in its workspace, within the window, at the version seen, while the mentorship is active', async () => {
    const { reports, mentorships } = t.storage;
    const { m, report } = await fileOne('US1');
    const guard = { editableSince: since, seenUpdatedAt: report.updatedAt };
    expect(report.updatedAt).toBe(filed.toISOString());

    expect(await reports.edit(OTHER, report.id, 'US1', changes, guard, later)).toBe(false);
    expect(await reports.edit(T, report.id, 'UOTHER', changes, guard, later)).toBe(false);
    expect(
      await reports.edit(T, report.id, 'US1', changes, { ...guard, editableSince: filed.toISOString() }, later),
    ).toBe(false);
    expect(
      await reports.edit(T, report.id, 'US1', changes, { ...guard, seenUpdatedAt: later.toISOString() }, later),
    ).toBe(false);
    expect((await reports.get(T, report.id, { userId: 'US1', isAdmin: false }))?.summary).toBe('first');

    expect(await reports.edit(T, report.id, 'US1', changes, guard, later)).toBe(true);
    // The same submission again finds a newer version: no second change.
    expect(await reports.edit(T, report.id, 'US1', { ...changes, summary: 'again' }, guard, later)).toBe(false);
    const after = await reports.get(T, report.id, { userId: 'US1', isAdmin: false });
    expect(after).toMatchObject({ ...changes, createdAt: filed.toISOString(), updatedAt: later.toISOString() });
    // The feedback clock stays where the filing put it.
    expect((await mentorships.get(T, m.id))?.feedbackFrom).toBe(filed.toISOString());

    const { m: m2, report: r2 } = await fileOne('US2');
    await mentorships.end(T, m2.id, 'US2', null, filed);
    expect(
      await reports.edit(T, r2.id, 'US2', changes, { editableSince: since, seenUpdatedAt: r2.updatedAt }, later),
    ).toBe(false);
  });

  it('moves the version on even when an edit lands in the filing millisecond', async () => {
    const { report } = await fileOne('US3');
    expect(
      await t.storage.reports.edit(
        T,
        report.id,
        'US3',
        changes,
        { editableSince: since, seenUpdatedAt: report.updatedAt },
        filed,
      ),
    ).toBe(true);
    const after = await t.storage.reports.get(T, report.id, { userId: 'US3', isAdmin: false });
    expect(after?.updatedAt).not.toBe(report.updatedAt);
  });
});

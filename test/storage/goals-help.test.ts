import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const OTHER = 'T0002';
const now = new Date('2026-11-23T10:00:00.000Z');
const later = new Date('2026-11-24T10:00:00.000Z');

describe(`goals, tasks, familiarity and help requests on ${testEngine}`, () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('stores a goal once per submission key and closes it once', async () => {
    const { goals } = t.storage;
    const fields = { title: 'Learn SQL', detail: 'window functions', targetDate: '2026-12-31' };
    const a = await goals.create(T, 'UM1', fields, now, 'V1:h1');
    const b = await goals.create(T, 'UM1', fields, now, 'V1:h1');
    expect(a.created).toBe(true);
    expect(b).toEqual({ goal: a.goal, created: false });
    // The same key in another workspace is a different submission.
    expect((await goals.create(OTHER, 'UM1', fields, now, 'V1:h1')).created).toBe(true);
    expect(await goals.listForMentee(T, 'UM1')).toHaveLength(1);
    expect(await goals.get(OTHER, a.goal.id)).toBeUndefined();

    const edited = await goals.update(T, a.goal.id, { ...fields, title: 'Learn SQL well' }, later);
    expect(edited?.title).toBe('Learn SQL well');
    const [x, y] = await Promise.all([
      goals.close(T, a.goal.id, 'done', later),
      goals.close(T, a.goal.id, 'dropped', later),
    ]);
    expect([x, y].filter(Boolean)).toHaveLength(1);
    expect(await goals.update(T, a.goal.id, fields, later)).toBeUndefined();
    expect(await goals.listForMentee(T, 'UM1')).toEqual([]);
    expect(await goals.countForMentee(T, 'UM1', x ? 'done' : 'dropped')).toBe(1);
  });

  it('keeps suggested tasks with who suggested them, and closes a task once', async () => {
    const { tasks, goals } = t.storage;
    const { goal } = await goals.create(T, 'UM2', { title: 'Ship', detail: null, targetDate: null }, now);
    const own = await tasks.create(
      T,
      'UM2',
      { title: 'Read the docs', goalId: goal.id, dueDate: '2026-12-01', suggestedBy: null },
      now,
      'V2:h',
    );
    expect(
      (
        await tasks.create(
          T,
          'UM2',
          { title: 'Read the docs', goalId: goal.id, dueDate: '2026-12-01', suggestedBy: null },
          now,
          'V2:h',
        )
      ).created,
    ).toBe(false);
    const suggested = await tasks.create(
      T,
      'UM2',
      { title: 'Pair with Leo', goalId: null, dueDate: null, suggestedBy: 'US1' },
      now,
    );
    expect(suggested.task.suggestedBy).toBe('US1');
    expect((await tasks.listOpenForMentee(T, 'UM2')).map((x) => x.id)).toEqual([own.task.id, suggested.task.id]);
    expect(await tasks.close(T, own.task.id, 'done', later)).toMatchObject({ doneAt: later.toISOString() });
    expect(await tasks.close(T, own.task.id, 'done', later)).toBeUndefined();
    expect(await tasks.close(OTHER, suggested.task.id, 'dropped', later)).toBeUndefined();
    expect((await tasks.listOpenForMentee(T, 'UM2')).map((x) => x.id)).toEqual([suggested.task.id]);
    expect(await tasks.countDoneForMentee(T, 'UM2')).toBe(1);
  });

  it('keeps one familiarity level per person and topic', async () => {
    const { familiarity, topics } = t.storage;
    const topic = await topics.create(T, { name: 'Statistics', createdBy: 'UA' }, now);
    await familiarity.setLevel(T, 'UM3', topic.id, 2, now);
    await familiarity.setLevel(T, 'UM3', topic.id, 3, later);
    await familiarity.setHelpRequested(T, 'UM3', topic.id, true, 'stuck', later);
    expect(await familiarity.listForPerson(T, 'UM3')).toEqual([
      expect.objectContaining({ topicName: 'Statistics', level: 3, helpRequested: true, note: 'stuck' }),
    ]);
    expect(await familiarity.listForPerson(OTHER, 'UM3')).toEqual([]);
  });

  it('keeps one open help request per mentee and topic: flagging again updates the note', async () => {
    const { helpRequests } = t.storage;
    const [a, b] = await Promise.all([
      helpRequests.open(T, { menteeId: 'UM4', topicId: null, note: 'first' }, now),
      helpRequests.open(T, { menteeId: 'UM4', topicId: null, note: 'second' }, now),
    ]);
    expect(a.request.id).toBe(b.request.id);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    expect(await helpRequests.listOpenForMentee(T, 'UM4')).toHaveLength(1);

    expect(await helpRequests.claimAlert(T, a.request.id, 'US1')).toBe(true);
    expect(await helpRequests.claimAlert(T, a.request.id, 'US1')).toBe(false);
    await helpRequests.recordAlert(T, a.request.id, 'US1', { channel: 'D1', ts: '1.1' });
    expect(await helpRequests.listAlerts(T, a.request.id)).toEqual([{ supporterId: 'US1', channel: 'D1', ts: '1.1' }]);

    const [r1, r2] = await Promise.all([
      helpRequests.resolve(T, a.request.id, 'US1', later),
      helpRequests.resolve(T, a.request.id, 'UM4', later),
    ]);
    expect([r1, r2].filter(Boolean)).toHaveLength(1);
    expect(await helpRequests.resolve(OTHER, a.request.id, 'US1', later)).toBeUndefined();
    // Once resolved, a new flag on the same topic is a new request.
    const again = await helpRequests.open(T, { menteeId: 'UM4', topicId: null, note: 'third' }, later);
    expect(again.created).toBe(true);
    expect(again.request.id).not.toBe(a.request.id);
  });

  it('lists the latest meetings first, and keeps the private note from all but its author and admins', async () => {
    const { mentorships, reports } = t.storage;
    const m = await mentorships.create(
      {
        teamId: T,
        supporterId: 'US5',
        menteeId: 'UM5',
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: 'UA',
        notify: false,
      },
      now,
    );
    const base = {
      team_id: T,
      mentorship_id: m.id,
      author_id: 'US5',
      mentee_id: 'UM5',
      duration_minutes: 30,
      format: 'call',
      progress: 4,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await t.storage.db('meeting_reports').insert([
      { ...base, met_on: '2026-11-01', summary: 'older', private_note: 'secret' },
      { ...base, met_on: '2026-11-20', summary: 'newer', private_note: 'secret' },
    ]);
    const forMentee = await reports.recentForMentee(T, 'UM5', { userId: 'UM5', isAdmin: false }, 1);
    expect(forMentee).toEqual([expect.objectContaining({ summary: 'newer', metOn: '2026-11-20', authorId: 'US5' })]);
    expect(JSON.stringify(forMentee)).not.toContain('secret');
    expect((await reports.recentForMentee(T, 'UM5', { userId: 'US5', isAdmin: false }, 1))[0]?.privateNote).toBe(
      'secret',
    );
    expect(await reports.recentForMentee(OTHER, 'UM5', { userId: 'UM5', isAdmin: true })).toEqual([]);
  });
});

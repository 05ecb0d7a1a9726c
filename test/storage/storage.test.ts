import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateMentorshipError } from '../../src/storage/mentorships.ts';
import { DuplicateTopicError } from '../../src/storage/topics.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const OTHER = 'T0002';
const now = new Date('2026-11-23T10:00:00.000Z');

describe(`storage on ${testEngine}`, () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('answers a ping once migrated', async () => {
    expect(await t.storage.ping()).toBe(true);
  });

  it('keeps topic names unique per workspace ignoring case, but not across workspaces', async () => {
    const { topics } = t.storage;
    const data = await topics.create(T, { name: 'Data  analysis', createdBy: 'U1' }, now);
    expect(data.name).toBe('Data analysis');
    await expect(topics.create(T, { name: 'data ANALYSIS', createdBy: 'U1' }, now)).rejects.toBeInstanceOf(
      DuplicateTopicError,
    );
    const other = await topics.create(OTHER, { name: 'Data analysis', createdBy: 'U9' }, now);
    expect(other.id).not.toBe(data.id);
    expect((await topics.findByName(T, 'DATA ANALYSIS'))?.id).toBe(data.id);
    expect(await topics.get(OTHER, data.id)).toBeUndefined();
    await topics.setArchived(T, data.id, true, now);
    expect((await topics.list(T)).map((x) => x.id)).not.toContain(data.id);
    expect((await topics.list(T, { includeArchived: true })).map((x) => x.id)).toContain(data.id);
  });

  it('allows one open mentorship per supporter, mentee and topic, including no topic', async () => {
    const { mentorships } = t.storage;
    const base = {
      teamId: T,
      supporterId: 'US1',
      menteeId: 'UM1',
      supporterKind: 'mentor' as const,
      assignedBy: 'UA',
      notify: true,
    };
    const first = await mentorships.create({ ...base, topicId: null }, now);
    expect(first.status).toBe('pending');
    await expect(mentorships.create({ ...base, topicId: null, notify: false }, now)).rejects.toBeInstanceOf(
      DuplicateMentorshipError,
    );
    // After ending, the pair may be assigned again; history stays.
    expect((await mentorships.end(T, first.id, 'UA', 'moving teams', now))?.status).toBe('ended');
    const again = await mentorships.create({ ...base, topicId: null, notify: false }, now);
    expect(again.status).toBe('active');
    expect(again.feedbackFrom).toBe(now.toISOString());
    expect(await mentorships.get(T, first.id)).toMatchObject({ status: 'ended', endedBy: 'UA' });
    // The same pair in another workspace is unrelated.
    await mentorships.create({ ...base, teamId: OTHER, topicId: null }, now);
    expect(await mentorships.get(OTHER, again.id)).toBeUndefined();
  });

  it('moves a mentorship on once, whoever clicks twice', async () => {
    const { mentorships } = t.storage;
    const m = await mentorships.create(
      {
        teamId: T,
        supporterId: 'US2',
        menteeId: 'UM2',
        topicId: null,
        supporterKind: 'coach',
        assignedBy: 'UA',
        notify: true,
      },
      now,
    );
    const [a, b] = await Promise.all([mentorships.accept(T, m.id, now), mentorships.accept(T, m.id, now)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await mentorships.decline(T, m.id, now)).toBeUndefined();
    expect(await mentorships.isActiveSupporter(T, 'US2', 'UM2')).toBe(true);
    expect(await mentorships.isActiveSupporter(OTHER, 'US2', 'UM2')).toBe(false);
  });

  it('counts open help requests from the mentees a supporter actively supports, in one workspace', async () => {
    const { mentorships, db } = t.storage;
    const base = { supporterId: 'US9', supporterKind: 'mentor' as const, assignedBy: 'UA', topicId: null };
    await mentorships.create({ ...base, teamId: T, menteeId: 'UM9', notify: false }, now);
    await mentorships.create({ ...base, teamId: T, menteeId: 'UM8', notify: true }, now);
    const open = (teamId: string, menteeId: string, resolved: string | null = null) =>
      db('assistance_requests').insert({
        team_id: teamId,
        mentee_id: menteeId,
        opened_at: now.toISOString(),
        resolved_at: resolved,
      });
    await open(T, 'UM9');
    await open(T, 'UM8');
    await open(OTHER, 'UM9');
    expect(await mentorships.countOpenHelpForSupporter(T, 'US9')).toBe(1);
    await db('assistance_requests').where({ team_id: T, mentee_id: 'UM9' }).update({ resolved_at: now.toISOString() });
    expect(await mentorships.countOpenHelpForSupporter(T, 'US9')).toBe(0);
  });

  it('claims an event key once per workspace', async () => {
    const { events } = t.storage;
    expect(await events.claim(T, 'Ev1', now)).toBe(true);
    expect(await events.claim(T, 'Ev1', now)).toBe(false);
    expect(await events.claim(OTHER, 'Ev1', now)).toBe(true);
    // Forgetting old deliveries keeps recent ones.
    await events.claim(T, 'Ev2', new Date(now.getTime() + 60_000));
    expect(await events.forgetBefore(new Date(now.getTime() + 1))).toBe(2);
    expect(await events.claim(T, 'Ev2', now)).toBe(false);
    expect(await events.claim(T, 'Ev1', now)).toBe(true);
  });

  it('grants one lease holder at a time until it expires', async () => {
    const { leases } = t.storage;
    expect(await leases.acquire('sweep', 'a', now, 60_000)).toBe(true);
    expect(await leases.acquire('sweep', 'b', now, 60_000)).toBe(false);
    expect(await leases.acquire('sweep', 'a', now, 60_000)).toBe(true);
    expect(await leases.acquire('sweep', 'b', new Date(now.getTime() + 61_000), 60_000)).toBe(true);
  });

  it('keeps admin grants apart from cached Slack profiles', async () => {
    const { people } = t.storage;
    await people.grantAdmin(T, 'UG', 'UA', now);
    await people.saveProfile(
      T,
      { userId: 'UG', name: 'grace', tz: 'Europe/Paris', isWorkspaceAdmin: false, isBot: false, isDeleted: false },
      now,
    );
    expect(await people.get(T, 'UG')).toMatchObject({ name: 'grace', adminGrantedBy: 'UA' });
    expect((await people.listAdmins(T)).map((p) => p.userId)).toContain('UG');
    expect(await people.listAdmins(OTHER)).toEqual([]);
    expect(await people.revokeAdmin(T, 'UG', now)).toBe(true);
    expect(await people.revokeAdmin(T, 'UG', now)).toBe(false);
  });
});

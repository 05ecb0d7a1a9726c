import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/storage/db.ts';
import {
  DEFAULT_PROGRAMME_NAME,
  DuplicateProgrammeError,
  type ProgrammeSettings,
} from '../../src/storage/programmes.ts';
import { databaseBefore, openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const MIGRATION = '20261210100001_programmes.ts';
const T = 'T0001';
const NOW = new Date('2026-12-07T09:00:00.000Z');

const settings = (over: Partial<ProgrammeSettings> = {}): ProgrammeSettings => ({
  name: 'Leadership coaching',
  purpose: 'For new managers.',
  status: 'open',
  kind: 'ongoing',
  startsOn: null,
  endsOn: null,
  enrolOpensOn: null,
  enrolClosesOn: null,
  reportEveryDays: 14,
  maxMentees: 3,
  supporterKinds: ['coach'],
  topicIds: null,
  pairing: 'assign',
  inviteOnly: false,
  supportersSelfEnrol: false,
  questions: [{ text: 'What do you lead?', choices: ['A team', 'A project'] }],
  previousId: null,
  ...over,
});

describe(`programmes on ${testEngine}`, () => {
  let drop: (() => Promise<void>) | undefined;
  let t: TestStorage | undefined;
  afterEach(async () => {
    await drop?.();
    await t?.cleanup();
    drop = undefined;
    t = undefined;
  });

  it('upgrades a workspace with data into one default programme holding every mentorship and request', async () => {
    const before = await databaseBefore(MIGRATION);
    drop = before.drop;
    const { db } = before;
    const at = NOW.toISOString();
    for (const team of [T, 'T0002'])
      await db('mentorships').insert({
        team_id: team,
        supporter_id: 'US1',
        mentee_id: 'UM1',
        supporter_kind: 'mentor',
        status: 'active',
        assigned_by: 'UA1',
        created_at: at,
      });
    await db('supporter_requests').insert({ team_id: T, requester_id: 'UM2', created_at: at });

    await migrateToLatest(db);

    const programmes = await db('programmes')
      .orderBy('team_id')
      .select('team_id', 'name', 'is_default', 'report_every_days');
    expect(programmes.map((p) => [p.team_id, p.name, Boolean(p.is_default), p.report_every_days])).toEqual([
      [T, DEFAULT_PROGRAMME_NAME, true, null],
      ['T0002', DEFAULT_PROGRAMME_NAME, true, null],
    ]);
    const ids = new Map((await db('programmes').select('team_id', 'id')).map((p) => [p.team_id, Number(p.id)]));
    const pairs = await db('mentorships').select('team_id', 'programme_id');
    expect(pairs.map((m) => Number(m.programme_id) === ids.get(m.team_id))).toEqual([true, true]);
    expect(Number((await db('supporter_requests').first('programme_id')).programme_id)).toBe(ids.get(T));
    // What an instance of the previous release writes during a rolling deploy still goes in.
    await db('mentorships').insert({
      team_id: T,
      supporter_id: 'US2',
      mentee_id: 'UM3',
      supporter_kind: 'mentor',
      status: 'pending',
      assigned_by: 'UA1',
      created_at: at,
    });
  });

  it('makes the default programme once, and keeps names unique per workspace', async () => {
    t = await openTestStorage();
    const { programmes } = t.storage;
    const [a, b] = await Promise.all([programmes.ensureDefault(T, NOW), programmes.ensureDefault(T, NOW)]);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({
      name: DEFAULT_PROGRAMME_NAME,
      isDefault: true,
      reportEveryDays: null,
      pairing: 'assign',
    });
    const coaching = await programmes.create(T, settings(), 'UA1', NOW);
    expect(coaching).toMatchObject({
      name: 'Leadership coaching',
      reportEveryDays: 14,
      supporterKinds: ['coach'],
      isDefault: false,
    });
    expect(coaching.questions).toEqual([{ text: 'What do you lead?', choices: ['A team', 'A project'] }]);
    await expect(programmes.create(T, settings({ name: ' leadership  COACHING ' }), 'UA1', NOW)).rejects.toBeInstanceOf(
      DuplicateProgrammeError,
    );
    expect((await programmes.create('T0002', settings(), 'UA2', NOW)).teamId).toBe('T0002');
    expect((await programmes.byName(T, 'LEADERSHIP coaching'))?.id).toBe(coaching.id);
    expect((await programmes.list(T)).map((p) => p.name)).toEqual([DEFAULT_PROGRAMME_NAME, 'Leadership coaching']);
    expect(await programmes.get('T0002', coaching.id)).toBeUndefined();
    expect(await programmes.update(T, coaching.id, { status: 'closed', reportEveryDays: null })).toMatchObject({
      status: 'closed',
      reportEveryDays: null,
      maxMentees: 3,
    });
  });

  it('keeps managers exactly as set, and every version of an agreement with who agreed to which', async () => {
    t = await openTestStorage();
    const { programmes } = t.storage;
    const p = await programmes.create(T, settings(), 'UA1', NOW);
    await programmes.setManagers(T, p.id, ['UM1', 'UM2'], 'UA1', NOW);
    await programmes.setManagers(T, p.id, ['UM2', 'UM3'], 'UA1', NOW);
    expect((await programmes.managers(T, p.id)).sort()).toEqual(['UM2', 'UM3']);
    expect(await programmes.managedBy(T, 'UM2')).toEqual([p.id]);
    expect(await programmes.managedBy('T0002', 'UM2')).toEqual([]);

    expect(await programmes.agreement(T, p.id)).toBeUndefined();
    const v1 = await programmes.setAgreement(T, p.id, 'Meet monthly.', 'UA1', NOW);
    const v2 = await programmes.setAgreement(T, p.id, 'Meet fortnightly.', 'UA1', NOW);
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect((await programmes.agreement(T, p.id))?.text).toBe('Meet fortnightly.');
    expect((await programmes.agreementVersion(T, p.id, 1))?.text).toBe('Meet monthly.');
    await programmes.recordAgreed(T, { programmeId: p.id, supporterId: 'US1', version: 1, mentorshipId: 7 }, NOW);
    await programmes.recordAgreed(T, { programmeId: p.id, supporterId: 'US1', version: 1 }, NOW);
    expect(await programmes.agreedBy(T, p.id, 'US1')).toEqual({ version: 1, agreedAt: NOW.toISOString() });
    expect(await programmes.agreedBy(T, p.id, 'US2')).toBeUndefined();
  });
});

describe(`programme writes and the data version on ${testEngine}`, () => {
  it('moves the workspace version, so cached views see a new programme', async () => {
    const t = await openTestStorage();
    try {
      const { programmes, versions } = t.storage;
      await programmes.ensureDefault(T, NOW);
      const before = await versions.current(T);
      await programmes.create(T, settings(), 'UA1', NOW);
      expect(await versions.current(T)).toBeGreaterThan(before);
    } finally {
      await t.cleanup();
    }
  });
});

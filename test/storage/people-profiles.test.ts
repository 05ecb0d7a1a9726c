import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as recheckSlackAdmins } from '../../migrations/20261207040001_people_slack_admins_recheck.ts';
import { programmeSettings } from '../support/programmes.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const T = 'T0001';
const now = new Date('2026-11-23T10:00:00.000Z');
const profile = { tz: null, isWorkspaceAdmin: false, isBot: false, isDeleted: false };

describe(`cached Slack profiles on ${testEngine}`, () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('stores a name Slack returned with NUL in it, without the NUL', async () => {
    await t.storage.people.saveProfile(T, { ...profile, userId: 'UNUL', name: 'Nu\u0000la\u0000' }, now);
    expect((await t.storage.people.get(T, 'UNUL'))?.name).toBe('Nula');
  });

  it("reads a viewer's version, row and managed programmes together, each workspace apart", async () => {
    expect(await t.storage.people.viewer('T0NEW', 'UNOBODY')).toEqual({ version: 0, person: undefined, manages: [] });
    await t.storage.people.saveProfile(T, { ...profile, userId: 'UVIEW', name: 'Vi', tz: 'Asia/Tokyo' }, now);
    const version = await t.storage.versions.current(T);
    const alone = await t.storage.people.viewer(T, 'UVIEW');
    expect(alone).toEqual({ version, person: await t.storage.people.get(T, 'UVIEW'), manages: [] });
    expect(version).toBeGreaterThan(0);
    const { programmes } = t.storage;
    const a = await programmes.create(T, programmeSettings({ name: 'Alpha' }), 'UA1', now);
    const b = await programmes.create(T, programmeSettings({ name: 'Beta' }), 'UA1', now);
    await programmes.setManagers(T, b.id, ['UVIEW'], 'UA1', now);
    await programmes.setManagers(T, a.id, ['UVIEW', 'UOTHER'], 'UA1', now);
    const managing = await t.storage.people.viewer(T, 'UVIEW');
    expect(managing.manages).toEqual([a.id, b.id].sort((x, y) => x - y));
    expect(managing.person?.tz).toBe('Asia/Tokyo');
    expect(managing.version).toBe(await t.storage.versions.current(T));
    expect(managing.version).toBeGreaterThan(version);
    // A manager with no stored profile yet: the programmes, and no person.
    expect(await t.storage.people.viewer(T, 'UOTHER')).toMatchObject({ person: undefined, manages: [a.id] });
    expect((await t.storage.people.viewer('T0002', 'UVIEW')).manages).toEqual([]);
  });

  it('drops every cached Slack admin flag once, so each is read again under the per-workspace rule', async () => {
    await t.storage.people.saveProfile(T, { ...profile, userId: 'UEXTADM', name: 'x', isWorkspaceAdmin: true }, now);
    await t.storage.people.grantAdmin(T, 'UGRANTED', 'UEXTADM', now);
    await recheckSlackAdmins(t.storage.db);
    const ext = await t.storage.people.get(T, 'UEXTADM');
    expect(ext).toMatchObject({ isWorkspaceAdmin: false, fetchedAt: null });
    expect((await t.storage.people.listAdmins(T)).map((p) => p.userId)).toEqual(['UGRANTED']);
  });
});

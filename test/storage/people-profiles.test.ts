import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as recheckSlackAdmins } from '../../migrations/20261207040001_people_slack_admins_recheck.ts';
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

  it('drops every cached Slack admin flag once, so each is read again under the per-workspace rule', async () => {
    await t.storage.people.saveProfile(T, { ...profile, userId: 'UEXTADM', name: 'x', isWorkspaceAdmin: true }, now);
    await t.storage.people.grantAdmin(T, 'UGRANTED', 'UEXTADM', now);
    await recheckSlackAdmins(t.storage.db);
    const ext = await t.storage.people.get(T, 'UEXTADM');
    expect(ext).toMatchObject({ isWorkspaceAdmin: false, fetchedAt: null });
    expect((await t.storage.people.listAdmins(T)).map((p) => p.userId)).toEqual(['UGRANTED']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgres } from '../../src/storage/db.ts';
import { TEAM_TABLES } from '../../src/storage/installations.ts';
import { openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const now = new Date('2026-11-23T10:00:00.000Z');
const install = (id: string, extra: Partial<Parameters<TestStorage['storage']['installations']['save']>[0]> = {}) => ({
  id,
  teamId: id,
  enterpriseId: null,
  isEnterpriseInstall: false,
  botUserId: 'UBOT',
  botId: 'BBOT',
  scopes: ['chat:write'],
  secret: 'v1.sealed',
  tokenExpiresAt: null,
  ...extra,
});

describe(`installations storage on ${testEngine}`, () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('purges every table that holds a workspace’s data (a new table with team_id must be added to TEAM_TABLES)', async () => {
    const db = t.storage.db;
    const tables: string[] = isPostgres(db)
      ? (
          await db.raw(
            `select table_name from information_schema.columns where column_name = 'team_id' and table_schema = current_schema()`,
          )
        ).rows.map((r: { table_name: string }) => r.table_name)
      : (
          await db.raw(
            `select m.name as table_name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.name = 'team_id'`,
          )
        ).map((r: { table_name: string }) => r.table_name);
    const kept = new Set(['slack_installations', 'installation_teams', 'job_leases']);
    expect(new Set(tables.filter((name) => !kept.has(name)))).toEqual(new Set(TEAM_TABLES));
  });

  it('replaces a rotated secret only from the version it read, so one of two racing writers wins', async () => {
    const s = t.storage.installations;
    await s.save(install('T1'), now);
    const row = (await s.get('T1'))!;
    expect(await s.replaceSecret('T1', row.version, 'v1.first', null, now)).toBe(true);
    expect(await s.replaceSecret('T1', row.version, 'v1.second', null, now)).toBe(false);
    expect((await s.get('T1'))!.secret).toBe('v1.first');
  });

  it('records a refreshed secret stored late (when its first save failed, when it was stored); a reinstall forgets it', async () => {
    const s = t.storage.installations;
    await s.save(install('T3'), now);
    const failed = new Date(now.getTime() - 60_000);
    expect(await s.replaceSecret('T3', (await s.get('T3'))!.version, 'v1.on-time', null, now)).toBe(true);
    expect(await s.get('T3')).toMatchObject({ refreshUnsavedSince: null, refreshSavedAt: null });
    expect(await s.replaceSecret('T3', (await s.get('T3'))!.version, 'v1.late', null, now, failed)).toBe(true);
    expect(await s.get('T3')).toMatchObject({
      secret: 'v1.late',
      refreshUnsavedSince: failed.toISOString(),
      refreshSavedAt: now.toISOString(),
    });
    // A later refresh on time leaves the record for the admins' notice.
    expect(await s.replaceSecret('T3', (await s.get('T3'))!.version, 'v1.next', null, now)).toBe(true);
    expect((await s.get('T3'))!.refreshSavedAt).toBe(now.toISOString());
    await s.save(install('T3'), now);
    expect(await s.get('T3')).toMatchObject({ refreshUnsavedSince: null, refreshSavedAt: null });
  });

  it('marks an uninstall once, clears the tokens, and records one for a bot-token workspace with no row', async () => {
    const s = t.storage.installations;
    const at = { id: 'T1', teamId: 'T1', enterpriseId: null, isEnterpriseInstall: false };
    expect(await s.markUninstalled(at, now)).toBe(true);
    expect(await s.markUninstalled(at, now)).toBe(false);
    expect(await s.get('T1')).toMatchObject({ secret: null, uninstalledAt: now.toISOString() });
    expect(await s.serves('T1', true)).toBe(false);
    expect(await s.serves('T9', false)).toBe(true);
    expect(await s.markUninstalled({ ...at, id: 'T9', teamId: 'T9' }, now)).toBe(true);
    expect(await s.serves('T9', false)).toBe(false);
    await s.reinstate('T9', now);
    expect(await s.serves('T9', false)).toBe(true);
  });

  it('ignores an uninstall that happened before the current install was stored, a reinstall restarting that moment', async () => {
    const s = t.storage.installations;
    const at = { id: 'T7', teamId: 'T7', enterpriseId: null, isEnterpriseInstall: false };
    const hour = 3_600_000;
    await s.save(install('T7'), now);
    expect(await s.markUninstalled(at, new Date(now.getTime() + hour), new Date(now.getTime() + hour))).toBe(true);
    const reinstalled = new Date(now.getTime() + 2 * hour);
    await s.save(install('T7', { secret: 'v1.new' }), reinstalled);
    expect(await s.get('T7')).toMatchObject({ installedAt: reinstalled.toISOString(), uninstalledAt: null });
    // The first uninstall's event, delivered late: the new install stays.
    expect(await s.markUninstalled(at, new Date(now.getTime() + 3 * hour), new Date(now.getTime() + hour))).toBe(false);
    expect(await s.get('T7')).toMatchObject({ secret: 'v1.new', uninstalledAt: null });
    expect(await s.markUninstalled(at, reinstalled, reinstalled)).toBe(true);
    // Single-workspace mode: a working token again restarts the install there too.
    const back = new Date(now.getTime() + 4 * hour);
    await s.reinstate('T7', back);
    expect(await s.get('T7')).toMatchObject({ installedAt: back.toISOString(), uninstalledAt: null });
    expect(await s.markUninstalled(at, back, new Date(back.getTime() - 1))).toBe(false);
    expect(await s.serves('T7', false)).toBe(true);
  });

  it('finds an organisation-wide install for each workspace it has served', async () => {
    const s = t.storage.installations;
    await s.save(install('E1', { teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true }), now);
    expect(await s.forTeam('T5')).toBeUndefined();
    await s.rememberTeam('T5', 'E1', now);
    await s.rememberTeam('T5', 'E1', now);
    expect((await s.forTeam('T5'))?.id).toBe('E1');
    expect(await s.teamsOf((await s.get('E1'))!)).toEqual(['T5']);
  });
});

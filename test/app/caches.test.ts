import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthInstance, type OAuthTestApp, startOAuthTestApp } from '../support/oauth.ts';
import { testEngine } from '../support/storage.ts';

const A = 'TAAAA0001';
const ADMIN = 'UAADMIN01';
const GRANTED = 'UAGRANT01';
const SAM = 'UASAM0001';
const MIA = 'UAMIA0001';
const LEO = 'UALEO0001';
const ZOE = 'UAZOE0001';

/**
 * Every instance keeps what it read or rendered from a workspace's data for as long as that
 * workspace's data version stands. A purge deletes the data (and once deleted the version row
 * too): the caches must not come back to life when the workspace reinstalls and writes again.
 */
describe(`caches after uninstall, purge and reinstall, on two instances (${testEngine})`, () => {
  let t: OAuthTestApp;
  let second: OAuthInstance;
  const both = () => [t as OAuthInstance, second];
  const text = (res: { body: unknown }) => JSON.stringify(res.body);
  const sweep = () => t.sweep();

  beforeAll(async () => {
    t = await startOAuthTestApp({
      workspaces: [A],
      start: new Date('2026-11-24T10:00:00Z'),
      users: [
        { id: ADMIN, team_id: A, is_admin: true },
        { id: GRANTED, team_id: A },
        { id: SAM, team_id: A },
        { id: MIA, team_id: A },
        { id: LEO, team_id: A },
        { id: ZOE, team_id: A },
      ],
    });
    second = await t.startInstance({ ownStorage: true });
    expect((await t.install(A)).status).toBe(200);
  });
  afterAll(async () => {
    await t.stopAll();
  });

  it('forgets purged pairs and a purged admin grant on every instance, and sees new writes at once', async () => {
    expect(text(await t.driver.command(ADMIN, `admin add <@${GRANTED}>`, { teamId: A }))).not.toMatch(/only/i);
    await t.driver.command(GRANTED, `assign <@${SAM}> <@${MIA}>`, { teamId: A });
    await t.settle();
    // Each instance caches the supporter's list and the granted admin's profile.
    for (const i of both()) {
      expect(text(await i.driver.command(SAM, 'list', { teamId: A }))).toContain(MIA);
      expect(text(await i.driver.command(GRANTED, 'admin remove <@UNOBODY01>', { teamId: A }))).not.toMatch(
        /only .*admins/i,
      );
    }

    // Asked again, nothing is written: what both instances cached stands at this version.
    const cachedAt = await t.storage.versions.get(A);
    for (const i of both()) await i.driver.command(SAM, 'list', { teamId: A });
    expect(await t.storage.versions.get(A)).toBe(cachedAt);

    await t.driver.event({ type: 'app_uninstalled' }, { teamId: A });
    await t.settle();
    t.clock.advance(31 * 86_400_000);
    await sweep();
    expect(Number((await t.storage.db('mentorships').where({ team_id: A }).count({ n: '*' }))[0]!.n)).toBe(0);
    expect((await t.install(A)).status).toBe(200);

    await t.driver.command(ADMIN, `assign <@${LEO}> <@${ZOE}>`, { teamId: A });
    await t.settle();
    // Writes until the version is back where the caches stood, had it counted again from zero.
    for (let n = 0; (await t.storage.versions.get(A)) < cachedAt && n < 500; n++)
      await t.storage.db('topics').insert({
        team_id: A,
        name: `topic ${n}`,
        name_key: `topic ${n}`,
        created_at: t.clock.now().toISOString(),
      });
    for (const [n, i] of both().entries()) {
      const sams = text(await i.driver.command(SAM, 'list', { teamId: A }));
      expect(sams, `instance ${n}`).not.toContain(MIA);
      const refused = text(await i.driver.command(GRANTED, `assign <@${SAM}> <@${MIA}>`, { teamId: A }));
      expect(refused, `instance ${n}`).toMatch(/admin/i);
      expect(refused, `instance ${n}`).not.toContain("I've asked");
      expect(text(await i.driver.command(LEO, 'list', { teamId: A })), `instance ${n}`).toContain(ZOE);
    }
  });

  it('takes an admin removal on one instance at once on the other', async () => {
    expect(text(await t.driver.command(ADMIN, `admin add <@${GRANTED}>`, { teamId: A }))).not.toMatch(/only/i);
    // The other instance learns they are an admin (and caches it).
    expect(text(await second.driver.command(GRANTED, 'list', { teamId: A }))).toBeTruthy();
    expect(text(await second.driver.command(GRANTED, `assign <@${SAM}> <@${MIA}>`, { teamId: A }))).toContain(
      "I've asked",
    );
    await t.settle();
    expect(text(await t.driver.command(ADMIN, `admin remove <@${GRANTED}>`, { teamId: A }))).not.toMatch(/only/i);
    const refused = text(await second.driver.command(GRANTED, `assign <@${LEO}> <@${MIA}>`, { teamId: A }));
    expect(refused).not.toContain("I've asked");
  });

  it.skipIf(testEngine !== 'postgres')(
    'on PostgreSQL, decides who is an admin from the database, not from the notices it has heard',
    async () => {
      expect(text(await second.driver.command(GRANTED, `assign <@${LEO}> <@${MIA}>`, { teamId: A }))).not.toContain(
        "I've asked",
      );
      // A grant that no notice announces (triggers off, the version moved by hand): the
      // instance's memory of the version is out of date, and only the database knows.
      await t.storage.db.transaction(async (trx) => {
        await trx.raw('SET LOCAL session_replication_role = replica');
        await trx('people').where({ team_id: A, user_id: GRANTED }).update({
          admin_granted_at: t.clock.now().toISOString(),
          admin_granted_by: ADMIN,
        });
        await trx('team_versions').where({ team_id: A }).increment('version', 1);
      });
      expect(text(await second.driver.command(GRANTED, `assign <@${LEO}> <@${MIA}>`, { teamId: A }))).toContain(
        "I've asked",
      );
    },
  );
});

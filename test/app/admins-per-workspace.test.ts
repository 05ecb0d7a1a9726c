import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { CLIENT_ID, CLIENT_SECRET, ENCRYPTION_KEY, type OAuthTestApp, startOAuthTestApp } from '../support/oauth.ts';
import { testEngine } from '../support/storage.ts';

const A = 'TAAAA0001';
const B = 'TBBBB0002';
/** Another workspace of A's Enterprise Grid organisation. */
const SISTER = 'TSIST0003';
const GRID = 'E0GRID001';
/** Named in ADMIN_USER_IDS as an admin of A only. */
const NAMED = 'UNAMED001';
const A_SAM = 'UASAM0001';
const B_ADMIN = 'UBADMIN01';
const B_LEE = 'UBLEE0001';
/** An admin of A's organisation whose home is another of its workspaces. */
const SISTER_ADMIN = 'USISADM01';

const refused = (body: unknown) => (body as { text?: string } | undefined)?.text ?? '';

describe(`OAuth: admins are admins of one workspace (${testEngine})`, () => {
  let t: OAuthTestApp;

  beforeAll(async () => {
    t = await startOAuthTestApp({
      workspaces: [A, B],
      env: { SILENT_AFTER_WEEKS: '0', ADMIN_USER_IDS: `${A}:${NAMED}` },
      users: [
        { id: NAMED, team_id: A },
        { id: A_SAM, team_id: A },
        { id: B_ADMIN, team_id: B, is_admin: true },
        { id: B_LEE, team_id: B },
      ],
    });
    t.fake.workspaces.get(A)!.enterpriseId = GRID;
    t.fake.addWorkspace({ id: SISTER, enterpriseId: GRID });
    t.fake.addUser({ id: SISTER_ADMIN, team_id: SISTER, org_admin: true });
    for (const team of [A, B]) expect((await t.install(team)).status).toBe(200);
  });
  afterAll(async () => {
    await t.stopAll();
  });

  it('lets a TEAM:USER admin administer that workspace', async () => {
    t.fake.clearCalls();
    const res = await t.driver.command(NAMED, 'topics', { teamId: A });
    expect(res.body).toBe('');
    await t.settle();
    expect(t.fake.lastCall('views.open')?.response.ok).toBe(true);
    expect(await t.lifering.deps.people.adminIds(A)).toContain(NAMED);
  });

  it('refuses them in another workspace, and never addresses its admin notices to them', async () => {
    t.fake.clearCalls();
    const res = await t.driver.command(NAMED, 'topics', { teamId: B });
    expect(refused(res.body)).toContain('Only Lifering admins');
    await t.settle();
    expect(t.fake.callsTo('views.open')).toEqual([]);
    expect(await t.lifering.deps.people.adminIds(B)).not.toContain(NAMED);
    expect(await t.lifering.deps.people.whoCanAdminister(B)).not.toContain(NAMED);
  });

  it("counts an admin of the workspace's Grid organisation from another of its workspaces", async () => {
    t.fake.clearCalls();
    const res = await t.driver.command(SISTER_ADMIN, 'topics', { teamId: A });
    expect(res.body).toBe('');
    await t.settle();
    expect(t.fake.lastCall('views.open')?.response.ok).toBe(true);
  });

  it('does not make a Slack admin of one workspace an admin of another', async () => {
    const res = await t.driver.command(B_ADMIN, 'topics', { teamId: A });
    expect(refused(res.body)).toContain('Only Lifering admins');
  });
});

describe('ADMIN_USER_IDS in OAuth mode', () => {
  const oauth = {
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    LIFERING_ENCRYPTION_KEY: ENCRYPTION_KEY,
    SLACK_SIGNING_SECRET: 'secret',
  };

  it('refuses a bare id at start-up, naming the setting and the TEAM:USER form', () => {
    const load = () => loadConfig({ ...oauth, ADMIN_USER_IDS: `${A}:${NAMED},U0BARE001`, PORT: 'nope' });
    expect(load).toThrow(ConfigError);
    const message = (() => {
      try {
        load();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('ADMIN_USER_IDS has "U0BARE001" without a workspace');
    expect(message).toContain('TEAM:USER');
    // Every problem is listed, not only the first.
    expect(message).toContain('PORT');
    expect(message).not.toContain(`"${A}:${NAMED}"`);
  });

  it('reads TEAM:USER entries as admins of that team only', () => {
    const config = loadConfig({ ...oauth, ADMIN_USER_IDS: `${A}:${NAMED}, ${B}:${B_LEE}` });
    expect(config.teamAdminIds).toEqual([
      { teamId: A, userId: NAMED },
      { teamId: B, userId: B_LEE },
    ]);
    expect(config.adminUserIds).toEqual([]);
  });

  it('keeps bare ids with a bot token, and refuses TEAM:USER there', () => {
    const single = { SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: 'secret' };
    expect(loadConfig({ ...single, ADMIN_USER_IDS: NAMED }).adminUserIds).toEqual([NAMED]);
    expect(() => loadConfig({ ...single, ADMIN_USER_IDS: `${A}:${NAMED}` })).toThrow(/write bare user ids/);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkboxes, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const SAM = 'USAM0001';
/** A member of another organisation, met in a Slack Connect channel. */
const EXT = 'UEXT0001';
const ORG_ADMIN = 'UORGADM1';
const T = 'T0LIFERING';
const OTHER = 'T0OTHERORG';
/** An admin and the owner of another organisation, whose profiles Slack shows us through Slack Connect. */
const EXT_ADMIN = 'UEXTADM1';
const EXT_OWNER = 'UEXTOWN1';
/** An admin of another Grid organisation, met through Slack Connect. */
const EXT_ORG_ADMIN = 'UEXTORG1';
const ELSEWHERE = 'T0ELSEWHR';
/** Someone whose name, as Slack returns it, holds a NUL (PostgreSQL cannot store one in text). */
const NUL_NAME = 'UNULNAME';

describe('Slack Connect and Enterprise Grid', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: MIA, name: 'mia' },
        { id: SAM, name: 'sam' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
    // The installing workspace belongs to a Grid organisation, whose admins count as Lifering admins.
    t.fake.workspaces.get(T)!.enterpriseId = 'E0GRID';
    t.fake.addUser({ id: ORG_ADMIN, name: 'olga', org_admin: true });
    t.fake.addUser({ id: EXT, name: 'ext', team_id: OTHER, hidden: true });
    t.fake.addUser({ id: EXT_ADMIN, name: 'xadmin', team_id: OTHER, is_admin: true, connect: true });
    t.fake.addUser({ id: EXT_OWNER, name: 'xowner', team_id: OTHER, is_owner: true, connect: true });
    t.fake.addWorkspace({ id: ELSEWHERE, enterpriseId: 'E0ELSEWHERE' });
    t.fake.addUser({ id: EXT_ORG_ADMIN, name: 'xorg', team_id: ELSEWHERE, org_admin: true, connect: true });
    t.fake.addUser({ id: NUL_NAME, name: 'nul', real_name: 'Nu\u0000ala', display_name: 'Nu\u0000la' });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    t.fake.reset();
  });

  it('stores a form submitted by someone from another organisation under the workspace that installed Lifering', async () => {
    await t.driver.command(MIA, 'assist');
    await t.settle();
    const viewId = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
    // In a shared channel the payload's team is the person's own organisation; the view says which install opened it.
    const res = await t.driver.submitView(
      MIA,
      viewId,
      { assist_request: { value: checkboxes(['request']) }, assist_note: { value: textValue('Stuck on the deploy') } },
      { teamId: OTHER },
    );
    expect(res.status).toBe(200);
    await t.settle();
    expect(await t.storage.db('supporter_requests').where({ requester_id: MIA }).select('team_id')).toEqual([
      { team_id: T },
    ]);
    expect(await t.storage.db('supporter_requests').where({ team_id: OTHER })).toEqual([]);
  });

  it('counts an admin of the Grid organisation as a Lifering admin, and no one else', async () => {
    const refused = await t.driver.command(SAM, 'topics');
    expect((refused.body as { text: string }).text).toContain('Only Lifering admins');
    const res = await t.driver.command(ORG_ADMIN, 'topics');
    expect(res.body).toBe('');
    await t.settle();
    expect(t.fake.lastCall('views.open')?.response.ok).toBe(true);
  });

  it("refuses an admin or owner of another organisation met through Slack Connect: Slack's flags are about their own", async () => {
    for (const id of [EXT_ADMIN, EXT_OWNER, EXT_ORG_ADMIN]) {
      const res = await t.driver.command(id, 'topics');
      expect((res.body as { text: string }).text, id).toContain('Only Lifering admins');
      // users.info did say admin or owner: the refusal is Lifering's reading of it.
      const said = t.fake.callsTo('users.info').find((c) => (c.response.user as { id?: string })?.id === id);
      const u = said?.response.user as {
        is_admin?: boolean;
        is_owner?: boolean;
        enterprise_user?: { is_admin?: boolean };
      };
      expect(Boolean(u.is_admin || u.is_owner || u.enterprise_user?.is_admin), id).toBe(true);
    }
    await t.settle();
    expect(t.fake.callsTo('views.open')).toEqual([]);
    // Nor are they told about what only admins handle.
    const told = await t.lifering.deps.people.adminIds(T);
    for (const id of [EXT_ADMIN, EXT_OWNER, EXT_ORG_ADMIN]) expect(told).not.toContain(id);
  });

  it("keeps a Slack Connect admin's flag out of the profile a user_change event caches", async () => {
    const ext = { id: 'UEXTCHG1', team_id: OTHER, name: 'visiting', real_name: 'Visiting Admin', is_admin: true };
    const res = await t.driver.event({ type: 'user_change', user: ext, cache_ts: Math.floor(Date.now() / 1000) });
    expect(res.status).toBe(200);
    await t.settle();
    const cached = await t.storage.people.get(T, ext.id);
    expect(cached?.name).toBe('Visiting Admin');
    expect(cached?.isWorkspaceAdmin).toBe(false);
    expect(await t.lifering.deps.people.adminIds(T)).not.toContain(ext.id);
  });

  it('assigns someone whose name from Slack holds a NUL, storing the name without it', async () => {
    const res = await t.driver.command(ADMIN, `assign <@${SAM}> <@${NUL_NAME}>`);
    expect(JSON.stringify(res.body)).toContain("I've asked");
    await t.settle();
    expect((await t.storage.people.get(T, NUL_NAME))?.name).toBe('Nula');
    expect(await t.storage.db('mentorships').where({ team_id: T, mentee_id: NUL_NAME })).toHaveLength(1);
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('says plainly, without "try again", that someone Slack will not show cannot take part', async () => {
    const res = await t.driver.command(ADMIN, `assign <@${EXT}> <@${MIA}>`);
    const text = (res.body as { text: string }).text;
    expect(text).toContain(`I couldn't find <@${EXT}> in this workspace`);
    expect(text).not.toMatch(/try again/i);
    expect(t.fake.lastCall('users.info')?.response.error).toBe('user_not_visible');
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const OWNER = 'UOWNER01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const text = (res: { body: unknown }) => (res.body as { text: string }).text;

describe('/mentor admin add and remove', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: OWNER, name: 'olga', is_owner: true },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses non-admins, saying who can', async () => {
    const res = await t.driver.command(MIA, `admin add <@${MIA}>`);
    expect(text(res)).toContain('Only Lifering admins can do that');
    expect(text(res)).toContain(`<@${ADMIN}>`);
    expect(await t.lifering.deps.people.isAdmin(t.fake.teamId, MIA)).toBe(false);
  });

  it('grants and removes admin rights, telling the new admin, and asks for a real mention', async () => {
    expect(text(await t.driver.command(ADMIN, 'admin add sam'))).toContain(
      'Mention them like `/mentor admin add @sam`',
    );
    expect(text(await t.driver.command(ADMIN, `admin add <@${SAM}|sam>`))).toContain('is now a Lifering admin');
    await t.settle();
    expect(await t.lifering.deps.people.isAdmin(t.fake.teamId, SAM)).toBe(true);
    expect(t.fake.dmsTo(SAM).at(-1)?.args.text).toContain('made you a Lifering admin');
    expect(text(await t.driver.command(ADMIN, `admin add <@${SAM}>`))).toContain('already');
    // The new admin can now use admin tools, and sees them in help.
    expect(text(await t.driver.command(SAM, 'help'))).toContain('As a Lifering admin');
    expect(text(await t.driver.command(SAM, `admin remove <@${SAM}>`))).toContain('no longer a Lifering admin');
    expect(await t.lifering.deps.people.isAdmin(t.fake.teamId, SAM)).toBe(false);
    const actions = (await t.storage.audit.list(t.fake.teamId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['admin.granted', 'admin.revoked']));
  });

  it('explains when someone is an admin by other means', async () => {
    expect(text(await t.driver.command(ADMIN, `admin remove <@${OWNER}>`))).toContain('Slack workspace admin');
    expect(text(await t.driver.command(ADMIN, `admin remove <@${MIA}>`))).toContain('is not a Lifering admin');
    // A workspace owner is an admin without any grant.
    expect(text(await t.driver.command(OWNER, `admin add <@${MIA}>`))).toContain('is now a Lifering admin');
  });
});

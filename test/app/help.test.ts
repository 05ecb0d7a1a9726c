import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cardCommandNames } from '../../src/slack/help.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { seedMentorships } from '../support/seed.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const LEO = 'ULEO0001';
const MIA = 'UMIA0001';
const NEW = 'UNEW0001';

interface Reply {
  response_type: string;
  text: string;
  blocks: { type: string; elements?: { action_id?: string }[] }[];
}

/** Sam supports Leo, who supports Mia; Ada only runs the programme; Nia is new. */
describe('/mentor help: a short card for who you are, and every command one step away', () => {
  let t: TestApp;
  const help = async (who: string, text = 'help') => (await t.driver.command(who, text)).body as Reply;
  const bullets = (r: Reply) => r.text.split('\n').filter((l) => l.startsWith('•'));

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SAM, LEO, MIA, NEW].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
    });
    await seedMentorships(t.storage.db, t.fake.teamId, [
      { supporter_id: SAM, mentee_id: LEO, status: 'active' },
      { supporter_id: LEO, mentee_id: MIA, status: 'active' },
    ]);
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it('names only real subcommands on its cards', () => {
    const names = new Set(t.lifering.router.names());
    for (const name of cardCommandNames()) expect(names, name).toContain(name);
  });

  it('shows a mentee the few things a mentee does', async () => {
    const r = await help(MIA);
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toContain('*As a mentee*');
    expect(r.text).toContain('`/mentor assist`');
    expect(r.text).not.toContain('As a supporter');
    expect(r.text).not.toContain('report @mentee');
    expect(r.text).not.toContain('As a Lifering admin');
    expect(bullets(r).length).toBeLessThanOrEqual(5);
    expect(r.text).toContain('`/mentor help all`');
    expect(r.blocks.flatMap((b) => b.elements ?? []).map((e) => e.action_id)).toContain(ACTIONS.helpAll);
  });

  it('shows a supporter theirs, someone who is both each, and an admin the admin ones', async () => {
    const sam = await help(SAM);
    expect(sam.text).toContain('*As a supporter*');
    expect(sam.text).toContain('`/mentor report @mentee`');
    expect(sam.text).not.toContain('As a mentee');
    const leo = await help(LEO);
    expect(leo.text).toContain('*As a mentee*');
    expect(leo.text).toContain('*As a supporter*');
    expect(bullets(leo).filter((l) => l.includes('`/mentor list`'))).toHaveLength(1);
    expect(bullets(leo).length).toBeLessThanOrEqual(9);
    const ada = await help(ADMIN);
    expect(ada.text).toContain('*As a Lifering admin*');
    expect(ada.text).toContain('`/mentor admin mentorships`');
    expect(ada.text).not.toContain('/mentor admin add');
    const nia = await help(NEW);
    expect(nia.text).toContain('`/mentor request');
    expect(nia.text).not.toContain('As a mentee');
    expect(nia.text).not.toContain('As a Lifering admin');
  });

  it('lists every command with `help all`, the admin ones to admins only', async () => {
    const all = await help(MIA, 'help all');
    for (const c of [
      '/mentor assist',
      '/mentor goal',
      '/mentor report @mentee',
      '/mentor messages',
      '/mentor offer',
      '/mentor help all',
    ])
      expect(all.text).toContain(c);
    expect(all.text).not.toContain('/mentor admin add');
    expect((await help(ADMIN, 'help all')).text).toContain('/mentor admin add @person');
  });

  it('follows a change of role at once: assigned a supporter, a newcomer sees the mentee card', async () => {
    expect((await help(NEW)).text).not.toContain('As a mentee');
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${NEW}> silently`);
    await t.settle();
    expect((await help(NEW)).text).toContain('*As a mentee*');
    expect((await help(SAM)).text).toContain('*As a supporter*');
  });

  it('turns the card into the full list with "All commands", where it was shown', async () => {
    const card = await help(MIA);
    const shown = t.fake.showAckReply('C0GENERAL', MIA, { text: card.text, blocks: card.blocks as never });
    await t.driver.blockAction(MIA, { action_id: ACTIONS.helpAll }, { channelId: 'C0GENERAL', messageTs: shown.ts });
    await t.settle();
    const now = t.fake.messagesIn('C0GENERAL').find((m) => m.ts === shown.ts)!;
    expect(now.text).toContain('/mentor messages [fewer|normal]');
    expect(now.ephemeralTo).toBe(MIA);

    // The Home tab's help modal: the same card, and the same step to the full list.
    await t.driver.appHomeOpened(MIA);
    await t.settle();
    await t.driver.blockAction(
      MIA,
      { action_id: ACTIONS.showHelp },
      { container: 'view', view: t.fake.homeViews.get(MIA)! },
    );
    await t.settle();
    const modal = t.fake.openModals(MIA).at(-1)!;
    expect(JSON.stringify(modal.blocks)).toContain('As a mentee');
    await t.driver.blockAction(MIA, { action_id: ACTIONS.helpAll }, { viewId: String(modal.id) });
    await t.settle();
    expect(JSON.stringify(t.fake.view(String(modal.id))?.blocks)).toContain('/mentor messages [fewer|normal]');
  });

  it('costs what /mentor list costs once warm: one data-version read, nothing else', async () => {
    await help(LEO);
    await t.driver.command(LEO, 'list');
    const versions = vi.spyOn(t.storage.versions, 'get');
    const listed = vi.spyOn(t.storage.mentorships, 'listed');
    let queries = 0;
    const count = () => queries++;
    t.storage.db.on('query', count);
    try {
      await help(LEO);
      expect({ versions: versions.mock.calls.length, listed: listed.mock.calls.length, queries }).toEqual({
        versions: 1,
        listed: 0,
        queries: 0,
      });
      await t.driver.command(LEO, 'list');
      expect({ versions: versions.mock.calls.length, listed: listed.mock.calls.length, queries }).toEqual({
        versions: 2,
        listed: 0,
        queries: 0,
      });
    } finally {
      t.storage.db.off('query', count);
      versions.mockRestore();
      listed.mockRestore();
    }
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { selectedOption, selectedUser } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { programmeSettings as settings } from '../../support/programmes.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEE = 'ULEE0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

type Body = { text: string };
const text = (res: { body: unknown }) => (res.body as Body).text;

describe('assigning in a programme, and its agreement on Accept', () => {
  let t: TestApp;
  let coaching: number;
  const LONG = `Coaching agreement. ${'We keep what is said between us. '.repeat(30)}`;

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
        { id: LEE, name: 'lee' },
      ],
      env: { ADMIN_USER_IDS: ADMIN, MAX_MENTEES_PER_SUPPORTER: '5' },
      now: () => NOW,
    });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.settle();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.storage.db('programme_agreed').delete();
    await t.storage.db('mentorships').delete();
    t.fake.reset();
  });

  const rows = () => t.storage.db('mentorships').select('*').orderBy('id');

  it('with one programme, stores the default one and the invitation looks as before', async () => {
    const res = await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    expect(text(res)).toContain("I've asked");
    expect(text(res)).not.toContain('Mentoring');
    await t.settle();
    const main = await t.storage.programmes.ensureDefault(t.fake.teamId, NOW);
    expect((await rows())[0]).toMatchObject({ programme_id: main.id });
    const offer = JSON.stringify(t.fake.dmsTo(SAM).at(-1)!.args.blocks);
    expect(offer).not.toContain('agreement');
    expect(offer).not.toContain('Mentoring');
  });

  it('assigns in a named programme, shows its agreement and records the version on Accept', async () => {
    const p = await t.storage.programmes.create(
      t.fake.teamId,
      settings({ name: 'Leadership coaching', maxMentees: 1 }),
      ADMIN,
      NOW,
    );
    coaching = p.id;
    await t.storage.programmes.setAgreement(t.fake.teamId, p.id, 'Meet every fortnight.', ADMIN, NOW);
    // A near miss names the closest programme, and nothing is assigned.
    const near = await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> in leadershp coaching`);
    expect(text(near)).toContain('Did you mean *Leadership coaching*?');
    expect(await rows()).toEqual([]);

    await t.driver.command(ADMIN, `assign <@${SAM}> <@${LEE}> in Leadership coaching silently`);
    const res = await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> in leadership COACHING`);
    // The programme's limit (1), not the setting (5).
    expect(text(res)).toContain('above the limit of 1');
    expect(text(res)).toContain('(as mentor · Leadership coaching)');
    await t.settle();
    expect((await rows()).map((r) => r.programme_id)).toEqual([p.id, p.id]);
    const offer = t.fake.dmsTo(SAM).at(-1)!;
    const shown = JSON.stringify(offer.args.blocks);
    expect(shown).toContain('Meet every fortnight.');
    expect(shown).toContain('Leadership coaching');

    await t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment });
    await t.settle();
    const mid = (await rows())[1].id;
    expect(await t.storage.db('programme_agreed').select('supporter_id', 'version', 'mentorship_id')).toEqual([
      { supporter_id: SAM, version: 1, mentorship_id: mid },
    ]);

    // Their Home names the programme on each line (there are two now) and offers the agreement to reread.
    await t.driver.appHomeOpened(SAM);
    await t.settle();
    const home = JSON.stringify(t.fake.lastCall('views.publish')!.args.view);
    expect(home).toContain(`<@${MIA}> · mentor · Leadership coaching`);
    expect(home).toContain("You agreed to *Leadership coaching*'s support agreement (version 1)");
    expect(home).toContain(ACTIONS.readAgreement);
    const list = await t.driver.command(SAM, 'list');
    expect(JSON.stringify((list.body as { blocks: unknown }).blocks)).toContain(
      `<@${MIA}> · mentor · Leadership coaching`,
    );
  });

  it('puts a long agreement behind Read the agreement, and the form offers the programme', async () => {
    await t.storage.programmes.setAgreement(t.fake.teamId, coaching, LONG, ADMIN, NOW);
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    const opened = t.fake.lastCall('views.open')!;
    expect(JSON.stringify(opened.args.view)).toContain(ACTIONS.assignProgrammePicked);
    const viewId = String((opened.response.view as { id: string }).id);
    const submit = await t.driver.submitView(ADMIN, viewId, {
      programme: { [ACTIONS.assignProgrammePicked]: selectedOption(String(coaching)) },
      mentee: { [ACTIONS.assignMenteePicked]: selectedUser(MIA) },
      supporter: { [ACTIONS.assignSupporterPicked]: selectedUser(LEE) },
    });
    expect(submit.viewErrors).toEqual([]);
    await t.settle();
    expect((await rows())[0]).toMatchObject({ programme_id: coaching, supporter_id: LEE });
    const offer = JSON.stringify(t.fake.dmsTo(LEE).at(-1)!.args.blocks);
    expect(offer).not.toContain('We keep what is said');
    expect(offer).toContain(ACTIONS.readAgreement);
    await t.driver.blockAction(LEE, { action_id: ACTIONS.readAgreement }, { channelId: t.fake.dmChannel(LEE) });
    await t.settle();
    expect(JSON.stringify(t.fake.lastCall('views.open')!.args.view)).toContain('We keep what is said');
    await t.driver.blockAction(LEE, { action_id: ACTIONS.acceptAssignment }, { channelId: t.fake.dmChannel(LEE) });
    await t.settle();
    expect(await t.storage.programmes.agreedBy(t.fake.teamId, coaching, LEE)).toMatchObject({ version: 2 });
    expect(t.fake.calls.filter((c) => c.status !== 200 || c.response.ok === false)).toEqual([]);
  });
});

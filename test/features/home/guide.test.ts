import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guideSections } from '../../../src/features/home/guide.ts';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const PRIYA = 'UPRIYA01';
const MEI = 'UMEI0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

describe('"How Lifering works" follows where each person is', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: PRIYA, name: 'priya' },
        { id: MEI, name: 'mei' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Clicks "How Lifering works" on Home as `userId` and returns the modal's text. */
  async function guide(userId: string): Promise<string> {
    await t.driver.appHomeOpened(userId);
    await t.settle();
    const home = t.fake.homeViews.get(userId)!;
    await t.driver.blockAction(userId, { action_id: ACTIONS.showHelp }, { viewId: home.id });
    await t.settle();
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    const view = opened.args.view as { title: { text: string } };
    expect(view.title.text).toBe('How Lifering works');
    return JSON.stringify(view);
  }

  it('walks a mentee from asking, through waiting, to meeting', async () => {
    const newcomer = await guide(MEI);
    expect(newcomer).toContain('1. Ask for a supporter');
    expect(newcomer).not.toContain('As a supporter');
    expect(newcomer).not.toContain('As a Lifering admin');
    expect(newcomer).toContain(ACTIONS.helpAll);
    // The step's next move is a button: the request form.
    expect(newcomer).toContain(ACTIONS.openRequestForm);

    await t.driver.command(MEI, 'request someone to practise with');
    await t.settle();
    expect(await guide(MEI)).toContain('1. Your supporter is on the way');

    await t.driver.command(ADMIN, `assign <@${PRIYA}> <@${MEI}>`);
    await t.settle();
    const invited = await guide(PRIYA);
    expect(invited).toContain('As a supporter');
    expect(invited).toContain('1. Say yes, or not now');
    expect(invited).not.toContain('As a mentee');

    await t.driver.blockAction(PRIYA, { action_id: ACTIONS.acceptAssignment });
    await t.settle();
    expect(await guide(MEI)).toContain('1. Before you meet: your goals');
    expect(await guide(PRIYA)).toContain('1. Prepare');
    const admin = await guide(ADMIN);
    expect(admin).toContain('As a Lifering admin');
    expect(admin).toContain('1. Add topics');
  });

  it('gives every role three steps, and someone with several roles the steps of each', () => {
    const all = guideSections({ userId: MEI, admin: true, mentee: 'active', supporter: 'active' });
    expect(all.map((p) => p.heading)).toEqual(['As a mentee', 'As a supporter', 'As a Lifering admin']);
    for (const p of all) expect(p.steps).toHaveLength(3);
    const none = guideSections({ userId: MEI, admin: false, mentee: 'none', supporter: 'none' });
    expect(none.map((p) => p.heading)).toEqual(['As a mentee']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { selectedUsers } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const PRIYA = 'UPRIYA01';
const MEI = 'UMEI0001';
const BOT = 'UBOT0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const INVITE = 'setup.invite.people';

describe("an admin's first day: the setup card on Home", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: PRIYA, name: 'priya' },
        { id: MEI, name: 'mei' },
        { id: BOT, name: 'robot', is_bot: true },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  async function home(userId: string): Promise<string> {
    await t.driver.appHomeOpened(userId);
    await t.settle();
    return JSON.stringify(t.fake.homeViews.get(userId));
  }
  async function click(userId: string, actionId: string): Promise<void> {
    const view = t.fake.homeViews.get(userId)!;
    await t.driver.blockAction(userId, { action_id: actionId }, { viewId: view.id });
    await t.settle();
  }

  it('starts with topics, a button on the step to take, and Topics among the admin buttons', async () => {
    const first = await home(ADMIN);
    expect(first).toContain('Set up Lifering');
    expect(first).toContain('0 of 3 done');
    expect(first).toContain(`"action_id":"${ACTIONS.openTopics}"`);
    expect(first).not.toContain(`"action_id":"${ACTIONS.inviteSupporters}"`);
    await click(ADMIN, ACTIONS.openTopics);
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    expect((opened.args.view as { callback_id: string }).callback_id).toBe(ACTIONS.topicsSubmit);
    // Nobody else sees the card, and nobody else may open the catalogue from a button.
    expect(await home(MEI)).not.toContain('Set up Lifering');
    t.fake.clearCalls();
    // A forged click: the admin's Home view, sent as Mei.
    await t.driver.blockAction(MEI, { action_id: ACTIONS.openTopics }, { viewId: t.fake.homeViews.get(ADMIN)!.id });
    await t.settle();
    expect(t.fake.callsTo('views.open').map((c) => JSON.stringify(c.args.view))).toEqual([
      expect.stringContaining('Only Lifering admins'),
    ]);
  });

  it('moves on to the next step as soon as the first topic is added, with the admin still on Home', async () => {
    expect(await home(ADMIN)).toContain('0 of 3 done');
    await click(ADMIN, ACTIONS.openTopics);
    const viewId = (t.fake.lastCall('views.open')!.response.view as { id: string }).id;
    const res = await t.driver.submitView(ADMIN, viewId, {
      'name.0': { name: { type: 'plain_text_input', value: 'Public speaking' } },
    });
    expect(JSON.stringify(res.body)).toContain('response_action');
    await t.settle();
    // No app_home_opened: Slack sends none when a modal over Home closes, so the card redraws itself.
    const shown = JSON.stringify(t.fake.homeViews.get(ADMIN));
    expect(shown).toContain('1 of 3 done');
    expect(shown).toContain(`"action_id":"${ACTIONS.inviteSupporters}"`);
  });

  it('asks the people the admin picks to fill in their profile, and says who it could not reach', async () => {
    const second = await home(ADMIN);
    expect(second).toContain('1 of 3 done');
    await click(ADMIN, ACTIONS.inviteSupporters);
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    const viewId = (opened.response.view as { id: string }).id;

    const none = await t.driver.submitView(ADMIN, viewId, { [INVITE]: { [INVITE]: selectedUsers([ADMIN]) } });
    expect(JSON.stringify(none.body)).toContain('Pick at least one person other than you');

    const res = await t.driver.submitView(ADMIN, viewId, { [INVITE]: { [INVITE]: selectedUsers([PRIYA, BOT]) } });
    expect(res.body).toBe('');
    await t.settle();
    const asked = t.fake.dmsTo(PRIYA).at(-1)!;
    expect(asked.args.text).toContain(`<@${ADMIN}> asks whether you would support others`);
    expect(JSON.stringify(asked.args.blocks)).toContain(`"action_id":"${ACTIONS.openOffer}"`);
    expect(t.fake.dmsTo(BOT)).toEqual([]);
    const told = String(t.fake.dmsTo(ADMIN).at(-1)!.args.text);
    expect(told).toContain(`I asked <@${PRIYA}>`);
    expect(told).toContain(`I couldn't message <@${BOT}>`);
  });

  it('goes away once the first pair is made', async () => {
    await t.storage.db('supporter_profiles').insert({
      team_id: t.fake.teamId,
      user_id: PRIYA,
      capacity: 3,
      updated_at: NOW.toISOString(),
    });
    expect(await home(ADMIN)).toContain('2 of 3 done');
    // The card's button (no value: nothing to prefill) opens the assign form.
    t.fake.clearCalls();
    await click(ADMIN, ACTIONS.openAssignModal);
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    expect((opened.args.view as { callback_id: string }).callback_id).toBe(ACTIONS.assignSubmit);
    await t.driver.command(ADMIN, `assign <@${PRIYA}> <@${MEI}>`);
    await t.settle();
    const after = await home(ADMIN);
    expect(after).not.toContain('Set up Lifering');
    expect(after).toContain(`"action_id":"${ACTIONS.openTopics}"`);
  });
});

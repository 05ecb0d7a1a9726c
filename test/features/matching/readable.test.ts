import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { checkboxes, radio, selectedOption, selectedUser } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedMentorships } from '../../support/seed.ts';

const ADMIN = 'UADMIN01';
const PRIYA = 'UPRIYA01';
const OMAR = 'UOMAR001';
const MEI = 'UMEI0001';
const OTHER = 'UOTHER01';
const NOW = new Date('2026-11-23T10:00:00.000Z');

type Block = { type: string; block_id?: string; text?: { text: string }; accessory?: { action_id: string } };
const blocksOf = (t: TestApp, viewId: string) => (t.fake.view(viewId)?.blocks ?? []) as Block[];
/** Each suggestion's line as an admin reads it (the section whose button assigns in one click). */
const suggestionLines = (blocks: Block[]) =>
  blocks.filter((b) => b.accessory?.action_id === ACTIONS.assignSuggested).map((b) => b.text!.text);

describe('suggested supporters an admin can read at a glance', () => {
  let t: TestApp;
  let speaking: number;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: PRIYA, name: 'priya', tz: 'Europe/London' },
        { id: OMAR, name: 'omar', tz: 'Asia/Tokyo' },
        { id: MEI, name: 'mei', tz: 'Europe/Athens' },
        { id: OTHER, name: 'other' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
    const team = t.fake.teamId;
    speaking = (await t.storage.topics.create(team, { name: 'Public speaking', createdBy: ADMIN }, NOW)).id;
    await t.storage.profiles.save(
      team,
      PRIYA,
      { capacity: 4, awayUntil: null, topics: [{ topicId: speaking, level: 4 }] },
      NOW,
    );
    await t.storage.profiles.save(
      team,
      OMAR,
      { capacity: 2, awayUntil: null, topics: [{ topicId: speaking, level: 3 }] },
      NOW,
    );
    await seedMentorships(t.storage.db, team, [{ supporter_id: PRIYA, mentee_id: OTHER, status: 'active' }]);
    // As after `/mentor offer`: Lifering has seen them, so it knows their time zones.
    for (const who of [PRIYA, OMAR]) await t.driver.appHomeOpened(who);
    await t.settle();
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.settle();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    t.fake.reset();
  });

  async function formWithSuggestions(): Promise<string> {
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    const viewId = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
    await t.driver.blockAction(
      ADMIN,
      { action_id: ACTIONS.assignMenteePicked, type: 'users_select', selected_user: MEI },
      { viewId, values: { mentee: { [ACTIONS.assignMenteePicked]: selectedUser(MEI) } } },
    );
    await t.settle();
    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.assignTopicPicked,
        type: 'static_select',
        selected_option: selectedOption(String(speaking)).selected_option,
      },
      {
        viewId,
        values: {
          mentee: { [ACTIONS.assignMenteePicked]: selectedUser(MEI) },
          topic: { [ACTIONS.assignTopicPicked]: selectedOption(String(speaking)) },
        },
      },
    );
    await t.settle();
    return viewId;
  }

  it('reads "Priya · teaches Public speaking · 1 of 4 places taken · 2 h apart", saying only what tells them apart', async () => {
    const lines = suggestionLines(blocksOf(t, await formWithSuggestions()));
    expect(lines).toEqual([
      `<@${PRIYA}> · teaches Public speaking · 1 of 4 places taken · 2 h apart`,
      `<@${OMAR}> · confident in Public speaking · 0 of 2 places taken · 7 h apart`,
    ]);
  });

  it('asks for the mentee first, then the topic, then shows suggestions, then anyone else', async () => {
    const blocks = blocksOf(t, await formWithSuggestions());
    const order = blocks.map((b) =>
      b.type === 'input' ? b.block_id : b.accessory?.action_id === ACTIONS.assignSuggested ? 'suggestion' : undefined,
    );
    expect(order.filter((x) => x && x !== 'suggestion').slice(0, 3)).toEqual(['mentee', 'topic', 'supporter']);
    expect(order.indexOf('suggestion')).toBeGreaterThan(order.indexOf('topic'));
    expect(order.indexOf('suggestion')).toBeLessThan(order.indexOf('supporter'));
  });

  it('keeps the silent assignment off the main path: an unticked "Don\'t tell them" under Advanced, last', async () => {
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    const view = t.fake.lastCall('views.open')!.response.view as { id: string; blocks: Block[] };
    const text = JSON.stringify(view.blocks);
    expect(text).not.toContain('Send notification');
    const inputs = view.blocks.filter((b) => b.type === 'input');
    const last = inputs.at(-1) as Block & { label: { text: string }; element: Record<string, unknown> };
    expect(last.block_id).toBe('silent');
    expect(last.label.text).toBe('Advanced');
    expect(JSON.stringify(last.element)).toContain("Don't tell them (for pairs already meeting)");
    expect(last.element.initial_options).toBeUndefined();

    // Sent without touching it, the supporter is asked to accept.
    const values = {
      mentee: { [ACTIONS.assignMenteePicked]: selectedUser(MEI) },
      supporter: { [ACTIONS.assignSupporterPicked]: selectedUser(OMAR) },
      kind: { kind: radio('mentor') },
    };
    await t.driver.submitView(ADMIN, view.id, values);
    await t.settle();
    expect(await t.storage.db('mentorships').where({ supporter_id: OMAR, mentee_id: MEI }).first()).toMatchObject({
      status: 'pending',
    });
    expect(t.fake.dmsTo(OMAR)).toHaveLength(1);

    // Ticked, nobody is told and it is active at once.
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    const again = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
    await t.driver.submitView(ADMIN, again, {
      ...values,
      supporter: { [ACTIONS.assignSupporterPicked]: selectedUser(PRIYA) },
      silent: { silent: checkboxes(['silent']) },
    });
    await t.settle();
    expect(await t.storage.db('mentorships').where({ supporter_id: PRIYA, mentee_id: MEI }).first()).toMatchObject({
      status: 'active',
    });
    expect(t.fake.dmsTo(PRIYA)).toHaveLength(0);
  });
});

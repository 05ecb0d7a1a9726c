import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askSubmit, askTitle } from '../../../src/features/help-requests/rules.ts';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { radio, selectedOption, textValue } from '../../harness/driver.ts';
import type { JsonObject } from '../../harness/fake-slack.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { activeMentorship, lastOpened, now, TEAM } from '../../support/progress.ts';

/*
 * Issue 23, 1: the life ring one tap away. A "🛟 Ask for help" button on the mentee's Home, in
 * `/mentor list` and on her progress page opens a form addressed to her supporters by name, with
 * one note; sending it raises the help request exactly as the familiarity form does.
 */

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const PRIYA = 'UPRIYA01';
const MEI = 'UMEI0001';
const users = [
  { id: ADMIN, name: 'ada' },
  { id: MIA, name: 'mia' },
  { id: PRIYA, name: 'priya', display_name: 'Priya' },
  { id: MEI, name: 'mei', display_name: 'Mei' },
];

/** Every interactive element in some blocks (accessories, actions, overflow options). */
function elements(blocks: unknown): JsonObject[] {
  const found: JsonObject[] = [];
  for (const b of (blocks ?? []) as JsonObject[]) {
    const candidates = [b.accessory, ...((b.elements as unknown[] | undefined) ?? [])];
    for (const el of candidates) if (el && typeof el === 'object' && 'action_id' in el) found.push(el as JsonObject);
  }
  return found;
}
const withAction = (blocks: unknown, actionId: string) => elements(blocks).find((e) => e.action_id === actionId);
const textOfView = (view: JsonObject) => JSON.stringify(view);
const note = (text: string) => ({ ask_note: { value: textValue(text) } });

describe('asking for help with one tap', () => {
  let t: TestApp;
  let data: number;
  let speaking: number;
  beforeEach(async () => {
    t = await startTestApp({ users, env: { ADMIN_USER_IDS: ADMIN }, now: () => now });
    data = (await t.storage.topics.create(TEAM, { name: 'Data analysis', createdBy: ADMIN }, now)).id;
    speaking = (await t.storage.topics.create(TEAM, { name: 'Public speaking', createdBy: ADMIN }, now)).id;
  });
  afterEach(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it('opens from Home a form addressed to the supporter by name; sending it raises the life ring and alerts her once, retries included', async () => {
    await activeMentorship(t, PRIYA, MIA, data);
    await t.driver.appHomeOpened(MIA);
    await t.settle();
    const home = t.fake.homeViews.get(MIA)!;
    const ask = withAction(home.blocks, ACTIONS.askForHelp);
    expect(ask?.text).toMatchObject({ text: ':ring_buoy: Ask for help' });
    await t.driver.blockAction(MIA, { action_id: ACTIONS.askForHelp }, { viewId: String(home.id) });
    await t.settle();
    const form = lastOpened(t);
    expect(form.title).toMatchObject({ text: 'Ask Priya for help' });
    expect(form.submit).toMatchObject({ text: 'Send to Priya' });
    // One note field, and nothing to tick.
    expect(form.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['ask_note']);
    expect(textOfView(form)).toContain(`<@${PRIYA}> will get your note about *Data analysis* right away`);
    expect(textOfView(form)).not.toContain('Request mentor assistance');

    // An empty note is refused under the field, and nothing is sent.
    const empty = await t.driver.submitView(MIA, form.id, {});
    expect(empty.body).toMatchObject({ response_action: 'errors', errors: { ask_note: expect.any(String) } });
    expect(t.fake.dmsTo(PRIYA)).toHaveLength(0);

    await t.driver.submitView(MIA, form.id, note('Stuck on window functions'));
    // Slack sends the same submission again: nothing more is sent.
    await t.driver.redeliver(1, 'http_timeout');
    await t.settle();
    const alerts = t.fake.dmsTo(PRIYA);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.args.text).toBe(
      `:ring_buoy: <@${MIA}> asked for help with Data analysis: Stuck on window functions`,
    );
    expect(JSON.stringify(alerts[0]!.args.blocks)).toContain(ACTIONS.resolveHelp);
    expect(t.fake.dmsTo(MIA)).toHaveLength(1);
    expect(String(t.fake.dmsTo(MIA)[0]!.args.text)).toContain(`I've told <@${PRIYA}>`);
    const open = await t.storage.helpRequests.listOpenForMentee(TEAM, MIA);
    expect(open).toEqual([expect.objectContaining({ topicId: data, note: 'Stuck on window functions' })]);
    // The life ring shows on Priya's Home.
    await t.driver.appHomeOpened(PRIYA);
    await t.settle();
    expect(JSON.stringify(t.fake.homeViews.get(PRIYA)!.blocks)).toContain(`:ring_buoy: <@${MIA}>`);
  });

  it('asks again from /mentor list and the progress page: the open request is updated, nobody is DMed twice', async () => {
    await activeMentorship(t, PRIYA, MIA, data);
    const list = await t.driver.command(MIA, 'list');
    const listed = (list.body as { blocks?: unknown }).blocks;
    expect(withAction(listed, ACTIONS.askForHelp)).toBeDefined();
    t.fake.showAckReply('C0GENERAL', MIA, list.body as never);
    await t.driver.blockAction(MIA, { action_id: ACTIONS.askForHelp }, { channelId: 'C0GENERAL' });
    await t.settle();
    await t.driver.submitView(MIA, lastOpened(t).id, note('first note'));
    await t.settle();
    expect(t.fake.dmsTo(PRIYA)).toHaveLength(1);

    t.fake.clearCalls();
    await t.driver.command(MIA, 'progress');
    await t.settle();
    const page = lastOpened(t);
    expect(withAction(page.blocks, ACTIONS.askForHelp)).toBeDefined();
    await t.driver.blockAction(MIA, { action_id: ACTIONS.askForHelp }, { viewId: page.id });
    await t.settle();
    const again = t.fake.lastCall('views.push')!.response.view as JsonObject & { id: string };
    // The form says this updates the request she already has, and starts from its note.
    expect(textOfView(again)).toContain('You asked for help with Data analysis on 23 Nov');
    expect(textOfView(again)).toContain('"initial_value":"first note"');
    const res = await t.driver.submitView(MIA, again.id, note('second note'));
    await t.settle();
    expect(JSON.stringify(res.body)).toContain('updated that request');
    expect(t.fake.dmsTo(PRIYA)).toHaveLength(0);
    expect(t.fake.dmsTo(MIA)).toHaveLength(0);
    expect(t.fake.messagesIn(t.fake.dmChannel(PRIYA)).at(-1)?.text).toContain('second note');
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toEqual([
      expect.objectContaining({ note: 'second note' }),
    ]);
  });

  it('with several supporters on different topics, lets the mentee pick which, and tells only that one', async () => {
    await activeMentorship(t, PRIYA, MIA, data);
    await activeMentorship(t, MEI, MIA, speaking);
    await t.driver.appHomeOpened(MIA);
    await t.settle();
    const home = t.fake.homeViews.get(MIA)!;
    await t.driver.blockAction(MIA, { action_id: ACTIONS.askForHelp }, { viewId: String(home.id) });
    await t.settle();
    const form = lastOpened(t);
    expect(form.title).toMatchObject({ text: 'Ask Priya & Mei for help' });
    expect(textOfView(form)).toContain('Data analysis · Priya');
    expect(textOfView(form)).toContain('Public speaking · Mei');
    const unpicked = await t.driver.submitView(MIA, form.id, note('Nervous about Friday'));
    expect(unpicked.body).toMatchObject({ response_action: 'errors', errors: { ask_topic: expect.any(String) } });
    await t.driver.submitView(MIA, form.id, {
      ask_topic: { value: radio(String(speaking)) },
      ...note('Nervous about Friday'),
    });
    await t.settle();
    expect(t.fake.dmsTo(MEI)).toHaveLength(1);
    expect(t.fake.dmsTo(PRIYA)).toHaveLength(0);
    expect(String(t.fake.dmsTo(MEI)[0]!.args.text)).toContain('asked for help with Public speaking');
  });

  it('with no supporter, says the admins will hear instead and that it joins her open request for a supporter', async () => {
    await t.driver.command(MIA, 'request Data analysis');
    await t.settle();
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(1);
    await t.driver.appHomeOpened(MIA);
    await t.settle();
    const home = t.fake.homeViews.get(MIA)!;
    await t.driver.blockAction(MIA, { action_id: ACTIONS.askForHelp }, { viewId: String(home.id) });
    await t.settle();
    const form = lastOpened(t);
    expect(form.title).toMatchObject({ text: 'Ask for help' });
    expect(form.submit).toMatchObject({ text: 'Send to the admins' });
    expect(textOfView(form)).toContain("You don't have a supporter yet, so the *Lifering admins* will hear about this");
    expect(textOfView(form)).toContain('It joins your request for a supporter for *Data analysis* from 23 Nov');
    await t.driver.submitView(MIA, form.id, note('Still stuck'));
    await t.settle();
    // Joined, not doubled: one request for a supporter, with the help asked beside its own note.
    expect(await t.storage.supporterRequests.listOpenFor(TEAM, MIA)).toEqual([
      expect.objectContaining({ topicId: data, helpNote: 'Still stuck' }),
    ]);
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toEqual([]);
  });

  it('with no supporter and no request yet, asks the admins for one from the progress page', async () => {
    await t.driver.command(MIA, 'progress');
    await t.settle();
    const page = lastOpened(t);
    await t.driver.blockAction(MIA, { action_id: ACTIONS.askForHelp }, { viewId: page.id });
    await t.settle();
    const form = t.fake.lastCall('views.push')!.response.view as JsonObject & { id: string };
    expect(textOfView(form)).toContain('the *Lifering admins* will hear about this');
    expect(textOfView(form)).not.toContain('It joins');
    await t.driver.submitView(MIA, form.id, note('Nobody to ask'));
    await t.settle();
    expect(await t.storage.supporterRequests.findOpen(TEAM, MIA, null)).toMatchObject({ helpNote: 'Nobody to ask' });
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(1);
    expect(String(t.fake.dmsTo(MIA).at(-1)?.args.text)).toContain("You don't have a supporter yet");
  });

  it('keeps the familiarity form (Set familiarity on the progress page): a note without the tick is still refused', async () => {
    await activeMentorship(t, PRIYA, MIA, data);
    await t.driver.command(MIA, 'progress');
    await t.settle();
    const page = lastOpened(t);
    const familiarity = elements(page.blocks).find((e) => e.action_id === ACTIONS.openAssist);
    expect(familiarity?.text).toMatchObject({ text: 'Set familiarity' });
    await t.driver.blockAction(MIA, { action_id: ACTIONS.openAssist }, { viewId: page.id });
    await t.settle();
    const form = t.fake.lastCall('views.push')!.response.view as JsonObject & { id: string };
    expect(textOfView(form)).toContain('Request mentor assistance');
    const res = await t.driver.submitView(MIA, form.id, {
      assist_topic: { value: selectedOption(String(data)) },
      assist_level: { value: radio('2') },
      assist_note: { value: textValue('Stuck on window functions') },
    });
    expect(res.body).toMatchObject({
      response_action: 'errors',
      errors: {
        assist_note: expect.stringContaining('only reaches your supporters with Request mentor assistance ticked'),
      },
    });
    expect(t.fake.dmsTo(PRIYA)).toHaveLength(0);
  });
});

describe("the ask form's title and button fit Slack's 24 characters", () => {
  it.each([
    [['Priya'], 'Ask Priya for help', 'Send to Priya'],
    [['Priya', 'Mei'], 'Ask Priya & Mei for help', 'Send to Priya and Mei'],
    [['Priya Raman-Subramanian'], 'Ask Priya for help', 'Send to Priya'],
    [['Bartholomew-Fitzgerald'], 'Ask Bartholome… for help', 'Send to Bartholomew-Fit…'],
    [['Priya Natarajan', 'Jude Fischer'], 'Ask Priya and Jude', 'Send to Priya and Jude'],
    [['Dr. Lee'], 'Ask Dr. Lee for help', 'Send to Dr. Lee'],
    [['Priya', 'Mei', 'Kai'], 'Ask Priya, Mei and Kai', 'Send to your supporters'],
    [['Priya', 'Mei', 'Kai', 'Jude'], 'Ask for help', 'Send to your supporters'],
  ])('%j', (names, title, submit) => {
    expect(askTitle(names)).toBe(title);
    expect(askSubmit(names)).toBe(submit);
    expect(askTitle(names).length).toBeLessThanOrEqual(24);
    expect(askSubmit(names).length).toBeLessThanOrEqual(24);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { checkboxes, selectedOption, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { commandAnswer, lastOpened, now, TEAM } from '../../support/progress.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const KIM = 'UKIM0001';
const NOOR = 'UNOOR001';
const users = [ADMIN, MIA, KIM, NOOR].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() }));

/** The request form's fields as the person filled them in. */
const form = (o: { topicId?: number; note?: string }) => ({
  request_topic: { request_topic: o.topicId ? selectedOption(String(o.topicId)) : { type: 'static_select' } },
  request_note: { request_note: textValue(o.note ?? '') },
});

describe('the request form', () => {
  let t: TestApp;
  let speaking: number;
  let data: number;
  beforeAll(async () => {
    t = await startTestApp({ users, env: { ADMIN_USER_IDS: ADMIN }, now: () => now });
    speaking = (await t.storage.topics.create(TEAM, { name: 'Public speaking', createdBy: ADMIN }, now)).id;
    data = (await t.storage.topics.create(TEAM, { name: 'Data analysis', createdBy: ADMIN }, now)).id;
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.settle();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    t.fake.clearCalls();
  });

  const openFor = (who: string) =>
    t.storage.supporterRequests.listOpen(TEAM).then((l) => l.filter((r) => r.requesterId === who));

  it('a bare /mentor request opens the form (topics to pick, what they hope for) and files nothing until it is sent', async () => {
    const res = await t.driver.command(MIA, 'request');
    await t.settle();
    expect(commandAnswer(t, res, MIA)).toBe('');
    const view = lastOpened(t);
    expect(view.callback_id).toBe('request.save');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('What are you hoping for?');
    expect(text).toContain('"text":"Public speaking"');
    expect(text).toContain('"text":"Data analysis"');
    expect(await openFor(MIA)).toEqual([]);
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(0);

    const sent = await t.driver.submitView(
      MIA,
      view.id,
      form({ topicId: speaking, note: 'I present at the all-hands' }),
    );
    expect(sent.viewErrors).toEqual([]);
    expect(JSON.stringify(sent.body)).toContain("I've asked the Lifering admins to find you a supporter");
    await t.settle();
    expect(await openFor(MIA)).toEqual([
      expect.objectContaining({ topicId: speaking, note: 'I present at the all-hands' }),
    ]);
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(1);
  });

  it('opens again with the one open request filled in, and saving it changes that request instead of opening a second', async () => {
    const [before] = await openFor(MIA);
    await t.driver.command(MIA, 'request');
    await t.settle();
    const view = lastOpened(t);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('"initial_value":"I present at the all-hands"');
    expect(text).toContain(
      `"initial_option":{"text":{"type":"plain_text","text":"Public speaking","emoji":true},"value":"${speaking}"}`,
    );
    expect(text).toContain('You asked for a supporter on 23 Nov');

    const saved = await t.driver.submitView(MIA, view.id, form({ topicId: data, note: 'Dashboards for the board' }));
    expect(saved.viewErrors).toEqual([]);
    await t.settle();
    expect(await openFor(MIA)).toEqual([
      expect.objectContaining({ id: before!.id, topicId: data, note: 'Dashboards for the board' }),
    ]);
    // The admins already have it: an edit tells them nothing new by DM, their lists show it as it is now.
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(0);
    const list = await t.driver.command(ADMIN, 'unmatched');
    const listed = JSON.stringify(list.body);
    expect(listed).toContain(`<@${MIA}> for *Data analysis*`);
    expect(listed).toContain('Dashboards for the board');
  });

  it('a newcomer\'s Home has a "Find me a supporter" button that opens the same form', async () => {
    await t.driver.appHomeOpened(KIM);
    await t.settle();
    const home = t.fake.homeViews.get(KIM)!;
    expect(JSON.stringify(home.blocks)).not.toContain('/mentor request');
    expect(JSON.stringify(home.blocks)).toContain('Find me a supporter');
    await t.driver.blockAction(KIM, { action_id: ACTIONS.openRequestForm }, { container: 'view', view: home });
    await t.settle();
    expect(lastOpened(t).callback_id).toBe('request.save');
  });

  it('a topic name that matches none gets "did you mean" and files nothing; the right spelling then makes one request', async () => {
    // Kim asked once without a topic, then names the topic, mistyped.
    await t.driver.command(KIM, 'request');
    await t.settle();
    await t.driver.submitView(KIM, lastOpened(t).id, form({ note: 'Someone to practise with' }));
    await t.settle();
    const [first] = await openFor(KIM);
    expect(first).toMatchObject({ topicId: null, note: 'Someone to practise with' });

    const typo = await t.driver.command(KIM, 'request Pubic speking');
    await t.settle();
    const answer = JSON.stringify(typo.body);
    expect(answer).toContain("I couldn't find a topic called `Pubic speking`");
    expect(answer).toContain('Did you mean *Public speaking*?');
    // Nothing changed: the typo did not become the request's note.
    expect(await openFor(KIM)).toEqual([expect.objectContaining({ id: first!.id, note: 'Someone to practise with' })]);

    const right = await t.driver.command(KIM, 'request Public speaking');
    await t.settle();
    expect(commandAnswer(t, right, KIM)).toContain('*Public speaking*');
    expect(await openFor(KIM)).toEqual([
      expect.objectContaining({ id: first!.id, topicId: speaking, note: 'Someone to practise with' }),
    ]);
    // The admins see Kim once.
    const list = JSON.stringify((await t.driver.command(ADMIN, 'unmatched')).body);
    expect(list.split(`<@${KIM}>`)).toHaveLength(2);
  });

  it('the "did you mean" button opens the form with the suggested topic and the note', async () => {
    const typo = await t.driver.command(NOOR, 'request data analisys before the board meets');
    await t.settle();
    expect(JSON.stringify(typo.body)).toContain('Did you mean *Data analysis*?');
    expect(await openFor(NOOR)).toEqual([]);
    const blocks = (typo.body as { blocks: { accessory?: { action_id: string; value: string } }[] }).blocks;
    const pick = blocks.find((b) => b.accessory?.action_id === ACTIONS.openRequestForm)!.accessory!;
    // The answer was ephemeral, in the command's ack: Slack sends no message with the click.
    await t.driver.blockAction(
      NOOR,
      { action_id: ACTIONS.openRequestForm, value: pick.value },
      { channelId: 'C0GENERAL', messageTs: '1700000000.000100' },
    );
    await t.settle();
    const text = JSON.stringify(lastOpened(t).blocks);
    expect(text).toContain(
      `"initial_option":{"text":{"type":"plain_text","text":"Data analysis","emoji":true},"value":"${data}"}`,
    );
    expect(text).toContain('"initial_value":"before the board meets"');
  });
});

describe('help asked while waiting for a supporter', () => {
  let t: TestApp;
  let speaking: number;
  beforeAll(async () => {
    t = await startTestApp({ users, env: { ADMIN_USER_IDS: ADMIN }, now: () => now });
    speaking = (await t.storage.topics.create(TEAM, { name: 'Public speaking', createdBy: ADMIN }, now)).id;
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it("shows on the request in the admins' list and report, next to the request's own note, which it does not replace", async () => {
    await t.driver.command(NOOR, 'request Public speaking I present next month');
    await t.settle();
    await t.driver.command(NOOR, 'assist');
    await t.settle();
    await t.driver.submitView(NOOR, lastOpened(t).id, {
      assist_topic: { value: selectedOption(String(speaking)) },
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue('Stuck on my opening slide') },
    });
    await t.settle();
    const [r, ...more] = await t.storage.supporterRequests.listOpen(TEAM);
    expect(more).toEqual([]);
    expect(r).toMatchObject({ note: 'I present next month', helpNote: 'Stuck on my opening slide' });

    const list = JSON.stringify((await t.driver.command(ADMIN, 'unmatched')).body);
    expect(list).toContain('I present next month');
    expect(list).toContain(':ring_buoy: Asked for help');
    expect(list).toContain('Stuck on my opening slide');

    await t.driver.command(ADMIN, 'admin report');
    await t.settle();
    const report = JSON.stringify(lastOpened(t, 'views.update').blocks);
    expect(report).toContain(':ring_buoy: asked for help');
    expect(report).toContain('Stuck on my opening slide');

    // The admins hear of the call for help once, by DM, on the request.
    const dms = t.fake.dmsTo(ADMIN).map((d) => JSON.stringify(d.args.blocks));
    expect(dms.filter((d) => d.includes('Stuck on my opening slide'))).toHaveLength(1);
  });
});

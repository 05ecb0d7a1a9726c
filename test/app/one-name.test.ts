import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.ts';
import { textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { readable } from '../support/readable.ts';

const ADMIN = 'UADMIN01';
const PRIYA = 'UPRIYA01';
const MEI = 'UMEI0001';
const NEW = 'UNEW0001';
const NOW = new Date('2026-12-07T10:00:00.000Z');

/**
 * Words the glossary (README) retired from what people read, each with the one it gave way to.
 * The familiarity form's "Assistance" box, "Request mentor assistance", is the one survivor: the
 * issue that retired the rest kept that path as it was.
 */
const RETIRED: [RegExp, string][] = [
  [/\bassistance\b/i, 'help request / Ask for help'],
  [/\bcalls? for help\b/i, 'help request'],
  [/\brequests? for help\b/i, 'help request'],
  [/\bno match yet\b/i, 'waiting for a supporter'],
  [/\bunmatched\b/i, 'waiting for a supporter'],
  [/\beveryone in programme\b/i, 'Everyone in the programme'],
  [/\bresolve them\b/i, 'what resolves each'],
];
const KEPT = /Request mentor assistance|^Assistance$/g;

/** Every retired word in `texts`, with where it was read. */
function retired(texts: readonly { where: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { where, text } of texts) {
    const plain = text.replace(KEPT, '');
    for (const [word, instead] of RETIRED)
      if (word.test(plain)) found.push(`${where}: "${text.slice(0, 120)}" (say: ${instead})`);
  }
  return found;
}

/**
 * A tour of every surface as each role meets it (an admin setting up, a supporter, a mentee, a
 * newcomer, an ending), then a look at every word Lifering showed: none the glossary retired.
 */
describe('one name per thing, everywhere people read', () => {
  let t: TestApp;
  const read: { where: string; text: string }[] = [];
  /** Everything the fake Slack recorded so far, as people read it. */
  const collect = (label: string) => {
    for (const c of t.fake.calls)
      for (const text of readable(c.args)) read.push({ where: `${label} ${c.method}`, text });
    t.fake.clearCalls();
  };
  const command = async (user: string, text: string) => {
    const res = await t.driver.command(user, text);
    for (const x of readable(res.body)) read.push({ where: `/mentor ${text}`, text: x });
    await t.settle();
  };
  const home = async (user: string) => {
    await t.driver.appHomeOpened(user);
    await t.settle();
    return t.fake.homeViews.get(user)!;
  };

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: PRIYA, name: 'priya' },
        { id: MEI, name: 'mei' },
        { id: NEW, name: 'noor' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
    await t.storage.topics.create(t.fake.teamId, { name: 'Public speaking', createdBy: ADMIN }, NOW);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('walks each role through the programme', async () => {
    // A newcomer, and a mentee asking for a supporter.
    await home(NEW);
    await command(NEW, 'help');
    await command(NEW, 'help all');
    await command(MEI, 'request');
    collect('newcomer');
    // The admin: Home, the lists and the report.
    await home(ADMIN);
    await command(ADMIN, 'help all');
    await command(ADMIN, 'waiting');
    await command(ADMIN, 'unmatched');
    await command(ADMIN, 'admin report');
    await command(ADMIN, 'admin mentorships');
    await command(ADMIN, 'topics');
    await command(ADMIN, `assign <@${PRIYA}> <@${MEI}> public speaking`);
    collect('admin');
    // The supporter accepts; the mentee asks for help with the button.
    await t.driver.blockAction(PRIYA, { action_id: ACTIONS.acceptAssignment });
    await t.settle();
    const mei = await home(MEI);
    await t.driver.blockAction(MEI, { action_id: ACTIONS.askForHelp }, { viewId: mei.id });
    await t.settle();
    const form = t.fake.lastCall('views.open')!;
    expect(form.response.ok).toBe(true);
    const formView = form.response.view as { id: string; blocks: { block_id?: string; type: string }[] };
    const note = formView.blocks.find((b) => b.type === 'input')!.block_id!;
    const noteAction = (
      formView.blocks.find((b) => b.type === 'input') as unknown as { element: { action_id: string } }
    ).element.action_id;
    await t.driver.submitView(MEI, formView.id, { [note]: { [noteAction]: textValue('Stuck on my opening') } });
    await t.settle();
    await command(MEI, 'assist');
    await command(MEI, 'list');
    await command(PRIYA, 'list');
    await command(PRIYA, `progress <@${MEI}>`);
    await home(PRIYA);
    await home(ADMIN);
    await command(ADMIN, 'admin report');
    await command(ADMIN, 'admin export');
    collect('programme');
    // The CSV's header row is read too.
    for (const f of t.fake.files.values())
      if (f.bytes) read.push({ where: 'CSV header', text: f.bytes.toString('utf8').split('\n')[0]! });
    // An ending.
    await command(MEI, `end <@${PRIYA}>`);
    const confirm = t.fake.lastCall('views.open');
    if (confirm?.response.ok) await t.driver.submitView(MEI, String((confirm.response.view as { id: string }).id), {});
    await t.settle();
    await home(MEI);
    await home(PRIYA);
    collect('ending');

    expect(read.length).toBeGreaterThan(200);
    expect(retired(read)).toEqual([]);
  });
});

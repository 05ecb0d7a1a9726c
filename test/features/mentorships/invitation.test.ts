import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const PRIYA = 'UPRIYA01';
const MEI = 'UMEI0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

type Block = { type: string; text?: { text: string }; elements?: { text?: { text: string }; url?: string }[] };
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** The invitation a supporter gets: short, with who, for what, by whom and a line about the mentee. */
describe('the invitation to support someone', () => {
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
    await t.storage.topics.create(t.fake.teamId, { name: 'Public speaking', createdBy: ADMIN }, NOW);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('is one short block with Accept, Not now and What’s involved, and quotes what the mentee asked for', async () => {
    await t.driver.command(
      MEI,
      'request public speaking I freeze in front of large rooms and want to present at all-hands',
    );
    await t.settle();
    await t.driver.command(ADMIN, `assign <@${PRIYA}> <@${MEI}> public speaking`);
    await t.settle();
    const offer = t.fake.dmsTo(PRIYA).at(-1)!;
    const blocks = offer.args.blocks as Block[];
    const first = blocks[0]!.text!.text;
    expect(words(first), first).toBeLessThanOrEqual(40);
    expect(first).toContain(`<@${ADMIN}>`);
    expect(first).toContain(`<@${MEI}>`);
    expect(first).toContain('Public speaking');
    expect(first).toContain('I freeze in front of large rooms');
    expect(first).not.toContain('Being a supporter means');
    const labels = blocks.flatMap((b) => b.elements ?? []).map((e) => e.text?.text);
    expect(labels).toEqual(expect.arrayContaining(['Accept', 'Not now', 'What’s involved?']));

    // The commitments are one click away, in a modal.
    await t.driver.blockAction(PRIYA, { action_id: ACTIONS.whatsInvolved }, { messageTs: String(offer.response.ts) });
    await t.settle();
    const opened = t.fake.lastCall('views.open');
    expect(opened?.response.ok).toBe(true);
    expect(JSON.stringify(opened?.args.view)).toContain('file a short meeting report at least once a month');

    // After Accept: a way to say hello, straight into their DM.
    await t.driver.blockAction(
      PRIYA,
      { action_id: ACTIONS.acceptAssignment },
      { messageTs: String(offer.response.ts) },
    );
    await t.settle();
    const accepted = t.fake.messagesIn(PRIYA).find((m) => m.ts === offer.response.ts)!;
    const hello = (accepted.blocks as Block[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.text?.text.startsWith('Message'));
    expect(hello?.url).toBe(`slack://user?team=${t.fake.teamId}&id=${MEI}`);
    expect(t.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
  });

  it('says where to find the mentee’s goals when they asked for nothing in words', async () => {
    await t.storage.db('supporter_requests').delete();
    await t.storage.db('mentorships').delete();
    t.fake.reset();
    await t.driver.command(ADMIN, `assign <@${PRIYA}> <@${MEI}>`);
    await t.settle();
    const first = (t.fake.dmsTo(PRIYA).at(-1)!.args.blocks as Block[])[0]!.text!.text;
    expect(first).toContain('progress page');
    expect(words(first)).toBeLessThanOrEqual(40);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { checkboxes, radio, selectedOption, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { activeMentorship, commandAnswer, lastOpened, now, TEAM } from '../../support/progress.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const SAM = 'USAM0001';
const KAI = 'UKAI0001';
const LEO = 'ULEO0001';
const users = [ADMIN, MIA, SAM, KAI, LEO].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() }));

const ask = (note: string, topicId?: number, level?: number) => ({
  ...(topicId ? { assist_topic: { value: selectedOption(String(topicId)) } } : {}),
  ...(level ? { assist_level: { value: radio(String(level)) } } : {}),
  assist_request: { value: checkboxes(['request']) },
  assist_note: { value: textValue(note) },
});

describe('familiarity and the life ring', () => {
  let t: TestApp;
  let topicId: number;
  beforeEach(async () => {
    t = await startTestApp({ users, env: { ADMIN_USER_IDS: ADMIN }, now: () => now });
    topicId = (await t.storage.topics.create(TEAM, { name: 'Data analysis', createdBy: ADMIN }, now)).id;
  });
  afterEach(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it('DMs only the supporters for that topic, and resolving edits those DMs and tells the mentee who resolved it', async () => {
    await activeMentorship(t, SAM, MIA, topicId);
    await activeMentorship(t, KAI, MIA, null);
    await t.driver.command(MIA, 'assist data ANALYSIS');
    await t.settle();
    const modal = lastOpened(t);
    expect(JSON.stringify(modal)).toContain('"initial_option"');
    await t.driver.submitView(MIA, modal, ask('Stuck on window functions', topicId, 2));
    await t.settle();

    const dms = t.fake.dmsTo(SAM);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.response.ok).toBe(true);
    expect(dms[0]!.args.text).toBe(
      `:ring_buoy: <@${MIA}> asked for help with Data analysis: Stuck on window functions`,
    );
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain('familiarity: 2 of 4');
    expect(t.fake.dmsTo(KAI)).toHaveLength(0);
    expect(String(t.fake.dmsTo(MIA).at(-1)?.args.text)).toContain(`I've told <@${SAM}>`);
    expect(await t.storage.familiarity.get(TEAM, MIA, topicId)).toMatchObject({ level: 2, helpRequested: true });
    // The 🛟 shows on the mentorships it concerns, and on the progress page's supporters list.
    const ms = await t.storage.mentorships.listForMentee(TEAM, MIA, ['active']);
    expect(ms.find((m) => m.supporterId === SAM)?.helpOpen).toBe(true);
    await t.driver.command(SAM, `progress <@${MIA}>`);
    await t.settle();
    expect(JSON.stringify(lastOpened(t))).toContain(`:ring_buoy: <@${SAM}> · mentor · Data analysis`);

    // Mark resolved from the DM, twice: one resolution, the DM edited, no second DM to anyone.
    t.fake.clearCalls();
    const dmTs = t.fake.messagesIn(t.fake.dmChannel(SAM)).at(-1)!.ts;
    const [flag] = await t.storage.helpRequests.listOpenForMentee(TEAM, MIA);
    await t.driver.blockAction(SAM, { action_id: 'assistance.resolve' });
    await t.driver.blockAction(SAM, { action_id: 'assistance.resolve', value: String(flag!.id) }, { messageTs: dmTs });
    await t.settle();
    expect(
      t.fake
        .messagesIn(t.fake.dmChannel(SAM))
        .filter((x) => x.ephemeralTo === SAM)
        .at(-1)?.text,
    ).toContain(`already resolved by <@${SAM}>`);
    // The edited DM keeps the way to the page.
    await t.driver.blockAction(SAM, { action_id: 'progress.open' });
    await t.settle();
    expect(t.fake.callsTo('views.open').at(-1)?.response.ok).toBe(true);
    const updates = t.fake.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.response.ok).toBe(true);
    expect(
      t.fake
        .messagesIn(t.fake.dmChannel(SAM))
        .filter((x) => !x.ephemeralTo)
        .at(-1)?.text,
    ).toContain(`was resolved by <@${SAM}>`);
    expect(t.fake.dmsTo(SAM)).toHaveLength(0);
    expect(t.fake.dmsTo(MIA)).toHaveLength(1);
    expect(String(t.fake.dmsTo(MIA).at(-1)?.args.text)).toBe(
      `:white_check_mark: <@${SAM}> marked your help request about Data analysis as resolved.`,
    );
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toEqual([]);
    expect((await t.storage.familiarity.get(TEAM, MIA, topicId))?.helpRequested).toBe(false);
    expect((await t.storage.audit.list(TEAM)).map((a) => a.action)).toContain('assistance.resolve');
  });

  it('DMs all supporters when none is for that topic; flagging again updates the note and the DMs instead of a second flag', async () => {
    await activeMentorship(t, KAI, MIA, null);
    await activeMentorship(t, LEO, MIA, null);
    await t.driver.command(MIA, 'assist');
    await t.settle();
    await t.driver.submitView(MIA, lastOpened(t), ask('first note', topicId));
    await t.settle();
    expect(t.fake.dmsTo(KAI)).toHaveLength(1);
    expect(t.fake.dmsTo(LEO)).toHaveLength(1);

    t.fake.clearCalls();
    await t.driver.command(MIA, 'assist');
    await t.settle();
    const again = await t.driver.submitView(MIA, lastOpened(t), ask('second note', topicId));
    await t.settle();
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toEqual([
      expect.objectContaining({ note: 'second note' }),
    ]);
    expect(t.fake.dmsTo(KAI)).toHaveLength(0);
    expect(t.fake.callsTo('chat.update').filter((c) => c.response.ok)).toHaveLength(2);
    expect(t.fake.messagesIn(t.fake.dmChannel(KAI)).at(-1)?.text).toContain('second note');
    // The form says so; the mentee gets no second DM for the same call for help.
    expect(JSON.stringify(again.body)).toContain('updated that request');
    expect(t.fake.dmsTo(MIA)).toHaveLength(0);
  });

  it('a repeated life ring from a mentee with no supporter tells the admins and the mentee once', async () => {
    for (const note of ['Nobody to ask', 'Still nobody']) {
      await t.driver.command(MIA, 'assist');
      await t.settle();
      await t.driver.submitView(MIA, lastOpened(t), ask(note, topicId));
      await t.settle();
    }
    // The help sits on the request beside its own note (none here), where the admins see it.
    expect(await t.storage.supporterRequests.findOpen(TEAM, MIA, topicId)).toMatchObject({
      note: null,
      helpNote: 'Still nobody',
    });
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(1);
    expect(t.fake.dmsTo(MIA)).toHaveLength(1);
  });

  it('counts a supporter opening the progress page as acknowledging the call for help', async () => {
    await activeMentorship(t, SAM, MIA, topicId);
    await t.driver.command(MIA, 'assist');
    await t.settle();
    await t.driver.submitView(MIA, lastOpened(t), ask('Stuck', topicId));
    await t.settle();
    // The mentee's own look at the page acknowledges nothing; the supporter's does.
    await t.driver.command(MIA, 'progress');
    await t.settle();
    expect((await t.storage.db('assistance_requests').first()).acknowledged_at).toBeNull();
    await t.driver.blockAction(SAM, { action_id: ACTIONS.openProgress });
    await t.settle();
    expect(await t.storage.db('assistance_requests').first()).toMatchObject({
      acknowledged_by: SAM,
      acknowledged_at: now.toISOString(),
    });
  });

  it('turns a flag into a request for a supporter when the mentee has none, and tells the admins and the mentee', async () => {
    await t.driver.command(MIA, 'assist');
    await t.settle();
    await t.driver.submitView(MIA, lastOpened(t), ask('Nobody to ask', topicId));
    await t.settle();
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toEqual([]);
    expect(await t.storage.supporterRequests.findOpen(TEAM, MIA, topicId)).toMatchObject({ helpNote: 'Nobody to ask' });
    const adminDm = t.fake.dmsTo(ADMIN).at(-1);
    expect(adminDm?.response.ok).toBe(true);
    expect(String(adminDm?.args.text)).toContain(`<@${MIA}> asked for help for *Data analysis*, but has no supporter`);
    expect(String(t.fake.dmsTo(MIA).at(-1)?.args.text)).toContain(
      "You don't have a supporter yet, so I've asked the Lifering admins",
    );
  });

  it('lets a mentee ask for help in a workspace with no topics: no empty select, and the flag has no topic', async () => {
    await t.storage.topics.setArchived(TEAM, topicId, true, now);
    await activeMentorship(t, KAI, MIA, null);
    await t.driver.command(MIA, 'assist');
    await t.settle();
    const modal = lastOpened(t);
    expect(JSON.stringify(modal)).not.toContain('static_select');
    expect(JSON.stringify(modal)).toContain('no topics yet');
    await t.driver.submitView(MIA, modal, ask('General question'));
    await t.settle();
    expect(t.fake.dmsTo(KAI).at(-1)?.args.text).toBe(`:ring_buoy: <@${MIA}> asked for help: General question`);
  });

  it('says what to fix when nothing was chosen, or a level has no topic', async () => {
    await t.driver.command(MIA, 'assist');
    await t.settle();
    const res = await t.driver.submitView(MIA, lastOpened(t), { assist_level: { value: radio('3') } });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { assist_topic: 'Pick the topic this familiarity level is for.' },
    });
    const none = await t.driver.submitView(MIA, lastOpened(t), {});
    expect(JSON.stringify(none.body)).toContain('Tick Request mentor assistance');
    const unknown = await t.driver.command(MIA, 'assist knitting');
    expect(commandAnswer(t, unknown, MIA)).toContain("I couldn't find a topic called `knitting`");
  });

  it('suggests the closest topic for a typo, with a button that opens the form on it', async () => {
    const typo = await t.driver.command(MIA, 'assist data analisys');
    expect(commandAnswer(t, typo, MIA)).toContain('Did you mean *Data analysis*?');
    const blocks = (typo.body as { blocks: { accessory?: { action_id: string; value: string } }[] }).blocks;
    const pick = blocks.find((b) => b.accessory?.action_id === ACTIONS.openAssist)!.accessory!;
    t.fake.clearCalls();
    // The answer was ephemeral, in the command's ack: Slack sends no message with the click.
    await t.driver.blockAction(
      MIA,
      { action_id: ACTIONS.openAssist, value: pick.value },
      { channelId: 'C0GENERAL', messageTs: '1700000000.000100' },
    );
    await t.settle();
    const form = JSON.stringify(t.fake.lastCall('views.open')?.args.view);
    expect(form).toContain('"initial_option"');
    expect(form).toContain(`"value":"${topicId}"`);
  });

  it('sets familiarity without asking for help, and DMs nobody', async () => {
    await activeMentorship(t, SAM, MIA, topicId);
    await t.driver.command(MIA, 'assist');
    await t.settle();
    await t.driver.submitView(MIA, lastOpened(t), {
      assist_topic: { value: selectedOption(String(topicId)) },
      assist_level: { value: radio('4') },
    });
    await t.settle();
    expect(await t.storage.familiarity.get(TEAM, MIA, topicId)).toMatchObject({ level: 4, helpRequested: false });
    expect(t.fake.dmsTo(SAM)).toHaveLength(0);
  });

  it('never drops a note silently: a note without the tick is refused under the note, and nothing is saved', async () => {
    await activeMentorship(t, SAM, MIA, topicId);
    await t.driver.command(MIA, 'assist');
    await t.settle();
    const form = lastOpened(t);
    const res = await t.driver.submitView(MIA, form, {
      assist_topic: { value: selectedOption(String(topicId)) },
      assist_level: { value: radio('2') },
      assist_note: { value: textValue('Stuck on window functions') },
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        assist_note:
          'Your note only reaches your supporters with Request mentor assistance ticked. Tick it to send the note, or clear the note to save just your familiarity.',
      },
    });
    await t.settle();
    expect(await t.storage.familiarity.get(TEAM, MIA, topicId)).toBeUndefined();
    expect(t.fake.dmsTo(SAM)).toHaveLength(0);
    // Ticked, the same note raises the flag.
    await t.driver.submitView(MIA, form, ask('Stuck on window functions', topicId, 2));
    await t.settle();
    expect(t.fake.dmsTo(SAM).at(-1)?.args.text).toContain('Stuck on window functions');
  });

  it('tells a supporter whose mentorship ended there is nothing to do, refuses strangers; the mentee may resolve from the progress page', async () => {
    const m = await activeMentorship(t, SAM, MIA, topicId);
    await t.driver.command(MIA, 'assist');
    await t.settle();
    await t.driver.submitView(MIA, lastOpened(t), ask('Help', topicId));
    await t.settle();
    await t.storage.mentorships.end(TEAM, m.id, MIA, null, now);

    await t.driver.blockAction(SAM, { action_id: 'assistance.resolve' });
    await t.settle();
    expect(
      t.fake
        .messagesIn(t.fake.dmChannel(SAM))
        .filter((x) => x.ephemeralTo === SAM)
        .at(-1)?.text,
    ).toContain(`Your mentorship with <@${MIA}> ended on 23 Nov, so there's nothing to do here.`);
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toHaveLength(1);

    await t.driver.command(MIA, 'progress');
    await t.settle();
    const page = lastOpened(t);
    const [flag] = await t.storage.helpRequests.listOpenForMentee(TEAM, MIA);
    await t.driver.blockAction(LEO, { action_id: 'assistance.resolve', value: String(flag!.id) }, { viewId: page.id });
    await t.settle();
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toHaveLength(1);

    t.fake.clearCalls();
    await t.driver.blockAction(MIA, { action_id: 'assistance.resolve', value: String(flag!.id) }, { viewId: page.id });
    await t.settle();
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toEqual([]);
    expect(t.fake.callsTo('chat.update')[0]?.response.ok).toBe(true);
    expect(t.fake.dmsTo(MIA)).toHaveLength(0);
    expect(JSON.stringify(t.fake.view(page.id))).not.toContain('Asking for help');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, REPORT_FIELDS as F } from '../../../src/slack/ids.ts';
import { numberValue, radio, selectedDate, selectedOption, textValue } from '../../harness/driver.ts';
import type { JsonObject, RecordedCall } from '../../harness/fake-slack.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { overflowChoice, TEAM } from '../../support/progress.ts';
import { runReminderSweep } from '../../support/sweep.ts';

/*
 * Issue 23, 3: endings tidy up. An ending closes or re-routes the pair's open help request and
 * tells the mentee; the admins' digest never blames a supporter who is gone; every button in the
 * pair's earlier DMs answers with what happened; Home says the mentorship ended, with thanks.
 */

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const PRIYA = 'UPRIYA01';
const KAI = 'UKAI0001';
const users = [
  { id: ADMIN, name: 'ada' },
  { id: MIA, name: 'mia' },
  { id: PRIYA, name: 'priya', display_name: 'Priya' },
  { id: KAI, name: 'kai', display_name: 'Kai' },
];
// Monday 23 November 2026, 10:00 in London.
const START = new Date('2026-11-23T10:00:00.000Z');

/** Every interactive element in some blocks (accessories and actions). */
function elements(blocks: unknown): JsonObject[] {
  const found: JsonObject[] = [];
  for (const b of (blocks ?? []) as JsonObject[]) {
    const candidates = [b.accessory, ...((b.elements as unknown[] | undefined) ?? [])];
    for (const el of candidates) if (el && typeof el === 'object' && 'action_id' in el) found.push(el as JsonObject);
  }
  return found;
}

const report = {
  [F.metOn]: { [F.metOn]: selectedDate('2026-11-23') },
  [F.duration]: { [F.duration]: numberValue(45) },
  [F.format]: { [F.format]: selectedOption('video') },
  [F.summary]: { [F.summary]: textValue('Went through window functions.') },
  [F.progress]: { [F.progress]: radio('4') },
  [F.nextMeeting]: { [F.nextMeeting]: selectedDate('2026-12-04') },
};

describe('endings tidy up', () => {
  let t: TestApp;
  let clock = START.getTime();
  let data: number;
  const at = (iso: string) => {
    clock = new Date(iso).getTime();
  };
  const sweep = () => {
    const { storage, clientFor, config, logger } = t.lifering.deps;
    return runReminderSweep({ now: new Date(clock), storage, clientFor, config, logger });
  };
  const lastView = (method: 'views.open' | 'views.push' | 'views.update' = 'views.open') =>
    t.fake.lastCall(method)!.response.view as JsonObject & { id: string; blocks: JsonObject[] };
  const home = async (who: string) => {
    await t.driver.appHomeOpened(who);
    await t.settle();
    return t.fake.homeViews.get(who)!;
  };
  /** Mia asks for help from her Home's button. */
  const askFromHome = async (text: string) => {
    const h = await home(MIA);
    await t.driver.blockAction(MIA, { action_id: ACTIONS.askForHelp }, { viewId: String(h.id) });
    await t.settle();
    await t.driver.submitView(MIA, lastView().id, { ask_note: { value: textValue(text) } });
    await t.settle();
  };
  /** Mia ends her mentorship from the ⋯ menu on her Home: the confirmation, then its danger button. */
  const menteeEnds = async (mentorshipId: number) => {
    const h = await home(MIA);
    await t.driver.blockAction(MIA, overflowChoice(ACTIONS.mentorshipMenu, `end:${mentorshipId}`), {
      viewId: String(h.id),
    });
    await t.settle();
    const confirm = lastView();
    await t.driver.blockAction(MIA, { action_id: ACTIONS.endNow, value: String(mentorshipId) }, { viewId: confirm.id });
    await t.settle();
    return confirm;
  };
  const assignAndAccept = async (supporter: string, topic = '') => {
    await t.driver.command(ADMIN, `assign <@${supporter}> <@${MIA}> ${topic}`.trim());
    await t.settle();
    await t.driver.blockAction(supporter, { action_id: ACTIONS.acceptAssignment });
    await t.settle();
    return (await t.storage.mentorships.listOpenBetween(TEAM, supporter, MIA))[0]!;
  };

  beforeEach(async () => {
    clock = START.getTime();
    t = await startTestApp({ users, env: { ADMIN_USER_IDS: ADMIN }, now: () => new Date(clock) });
    data = (await t.storage.topics.create(TEAM, { name: 'Data analysis', createdBy: ADMIN }, START)).id;
  });
  afterEach(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it("after an ending, every button in the pair's earlier DMs answers with what happened, never a refusal", async () => {
    const m = await assignAndAccept(PRIYA, 'Data analysis');
    await askFromHome('Stuck on window functions');
    await t.driver.command(PRIYA, `report <@${MIA}>`);
    await t.settle();
    await t.driver.submitView(PRIYA, lastView().id, report);
    await t.settle();
    // The morning of the next meeting, and a reminder as the next report falls due.
    at('2026-12-04T10:00:00.000Z');
    await sweep();
    at('2026-12-21T10:00:00.000Z');
    await sweep();
    const before = t.fake.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.response.ok === true && [PRIYA, MIA].includes(String(c.args.channel)),
    );
    const kinds = before.flatMap((c) => elements(c.args.blocks).map((e) => e.action_id));
    for (const id of [
      ACTIONS.acceptAssignment,
      ACTIONS.declineAssignment,
      ACTIONS.resolveHelp,
      ACTIONS.openProgress,
      ACTIONS.openReport,
      ACTIONS.snoozeReminder,
      ACTIONS.editReport,
    ])
      expect(kinds).toContain(id);

    at('2026-12-21T11:00:00.000Z');
    await menteeEnds(m.id);
    expect((await t.storage.mentorships.get(TEAM, m.id))?.status).toBe('ended');

    // The DMs Lifering keeps track of were edited in place: no buttons left, and what happened.
    const offer = t.fake.messagesIn(t.fake.dmChannel(PRIYA)).find((x) => x.ts === m.offerTs);
    expect(offer?.text).toContain(`Your mentorship with <@${MIA}> ended on 21 Dec, so there's nothing to do here.`);
    expect(elements(offer?.blocks)).toEqual([]);

    for (const call of before) {
      const who = String(call.args.channel);
      const channel = String(call.response.channel);
      const ts = String(call.response.ts);
      for (const el of elements(call.args.blocks)) {
        const mark = t.fake.calls.length;
        const seen = t.fake.messagesIn(channel).length;
        await t.driver.blockAction(
          who,
          { action_id: String(el.action_id), ...(el.value !== undefined ? { value: String(el.value) } : {}) },
          { channelId: channel, messageTs: ts },
        );
        await t.settle();
        const answer = [
          ...t.fake
            .messagesIn(channel)
            .slice(seen)
            .filter((x) => x.ephemeralTo === who)
            .map((x) => x.text),
          ...t.fake.calls
            .slice(mark)
            .filter((c: RecordedCall) => c.method.startsWith('views.') && c.response.ok)
            .map((c) => JSON.stringify(c.args.view)),
          // Or the message itself, updated to say what was done (a check-in answered).
          ...t.fake.calls
            .slice(mark)
            .filter((c: RecordedCall) => c.method === 'chat.update' && c.args.ts === ts && c.response.ok)
            .map((c) => String(c.args.text)),
        ].join('\n');
        const what = `${who === PRIYA ? 'Priya' : 'Mia'} clicking ${String(el.action_id)} in "${String(call.args.text).slice(0, 60)}"`;
        expect(answer, what).not.toBe('');
        expect(answer, what).not.toMatch(
          /Only |can't|cannot|isn't one of them|aren't an active|You can open a progress page only/,
        );
        if (who === PRIYA) expect(answer, what).toMatch(/ended on 21 Dec|has ended/);
      }
    }
  });

  it('closes the help request of a mentee left with no supporter, and tells her how to ask again, with buttons', async () => {
    const m = await assignAndAccept(PRIYA, 'Data analysis');
    await askFromHome('Stuck on joins');
    const alert = t.fake.dmsTo(PRIYA).at(-1)!;
    t.fake.clearCalls();
    await t.driver.command(PRIYA, `end <@${MIA}>`);
    await t.settle();
    await t.driver.submitView(PRIYA, lastView().id, {});
    await t.settle();
    expect((await t.storage.mentorships.get(TEAM, m.id))?.status).toBe('ended');
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toEqual([]);
    const closed = await t.storage.db('assistance_requests').first();
    expect(closed).toMatchObject({ closed_reason: 'mentorship_ended', resolved_by: PRIYA });
    expect((await t.storage.audit.list(TEAM)).map((a) => a.action)).toContain('assistance.closed');
    // Mia hears once, in the ending DM: the request closed with it, and the buttons for what next.
    const toMia = t.fake.dmsTo(MIA);
    expect(toMia).toHaveLength(1);
    const dm = JSON.stringify(toMia[0]!.args.blocks);
    expect(dm).toContain('Your help request about Data analysis was closed with it');
    expect(dm).not.toContain('/mentor request');
    const buttons = elements(toMia[0]!.args.blocks).map((e) => e.action_id);
    expect(buttons).toEqual([ACTIONS.openRequestForm, ACTIONS.askForHelp]);
    // Priya's alert was edited in place: what happened, nothing to click.
    const edited = t.fake.messagesIn(t.fake.dmChannel(PRIYA)).find((x) => x.ts === alert.response.ts);
    expect(edited?.text).toContain(`Your mentorship with <@${MIA}> ended on 23 Nov, so there's nothing to do here.`);
    expect(elements(edited?.blocks)).toEqual([]);
    // Asking again from the ending DM goes to the admins, who hear of it once.
    await t.driver.blockAction(MIA, { action_id: ACTIONS.askForHelp }, { messageTs: String(toMia[0]!.response.ts) });
    await t.settle();
    expect(JSON.stringify(lastView())).toContain('the *Lifering admins* will hear about this');
  });

  it('keeps the request open for her other supporter, who is told now, once', async () => {
    const withPriya = await assignAndAccept(PRIYA, 'Data analysis');
    await assignAndAccept(KAI);
    // Asked about Data analysis, which Priya supports her in: only Priya hears.
    const h = await home(MIA);
    await t.driver.blockAction(MIA, { action_id: ACTIONS.askForHelp }, { viewId: String(h.id) });
    await t.settle();
    await t.driver.submitView(MIA, lastView().id, {
      ask_topic: { value: radio(String(data)) },
      ask_note: { value: textValue('Stuck on joins') },
    });
    await t.settle();
    expect(t.fake.dmsTo(PRIYA).filter((c) => String(c.args.text).includes('asked for help'))).toHaveLength(1);
    expect(t.fake.dmsTo(KAI).filter((c) => String(c.args.text).includes('asked for help'))).toHaveLength(0);
    t.fake.clearCalls();
    await t.driver.command(ADMIN, `end <@${PRIYA}> <@${MIA}>`);
    await t.settle();
    await t.driver.submitView(ADMIN, lastView().id, {});
    await t.settle();
    expect((await t.storage.mentorships.get(TEAM, withPriya.id))?.status).toBe('ended');
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toEqual([
      expect.objectContaining({ note: 'Stuck on joins', resolvedAt: null }),
    ]);
    expect(t.fake.dmsTo(KAI)).toHaveLength(1);
    expect(String(t.fake.dmsTo(KAI)[0]!.args.text)).toContain(`<@${MIA}> asked for help with Data analysis`);
    expect(JSON.stringify(t.fake.dmsTo(MIA)[0]!.args.blocks)).toContain(
      `Your help request about Data analysis stays open: <@${KAI}> has it now.`,
    );
  });

  it('closes it when the supporter leaves the workspace, and says so in the one DM the mentee gets', async () => {
    await assignAndAccept(PRIYA, 'Data analysis');
    await askFromHome('Stuck on joins');
    t.fake.clearCalls();
    const u = t.fake.users.get(PRIYA)!;
    u.deleted = true;
    await t.driver.event({ type: 'user_change', user: { ...u }, cache_ts: Math.floor(clock / 1000) });
    await t.settle();
    expect(await t.storage.helpRequests.listOpenForMentee(TEAM, MIA)).toEqual([]);
    expect(t.fake.dmsTo(MIA)).toHaveLength(1);
    expect(JSON.stringify(t.fake.dmsTo(MIA)[0]!.args.blocks)).toContain('was closed with it');
  });

  it('never asks the admins for a friendly word with a supporter who is gone', async () => {
    // A request left open by an ending before endings tidied up: the mentee has nobody now.
    const m = await t.storage.mentorships.create(
      {
        teamId: TEAM,
        supporterId: PRIYA,
        menteeId: MIA,
        topicId: data,
        supporterKind: 'mentor',
        assignedBy: ADMIN,
        notify: false,
      },
      START,
    );
    await t.storage.helpRequests.open(TEAM, { menteeId: MIA, topicId: data, note: 'Stuck on joins' }, START);
    await t.storage.mentorships.end(TEAM, m.id, PRIYA, null, START);
    // 48 working hours on: the admins' digest.
    at('2026-12-01T11:00:00.000Z');
    await sweep();
    const digest = t.fake.dmsTo(ADMIN).at(-1)!;
    const text = JSON.stringify(digest.args.blocks);
    expect(text).toContain('Stuck on joins');
    expect(text).toContain('No active supporter now to answer it');
    expect(text).toContain(ACTIONS.openAssignModal);
    expect(text).not.toContain('A friendly word with the supporter');
  });

  it('leaves the ended pair out of the digest once the ending closed its request', async () => {
    const m = await assignAndAccept(PRIYA, 'Data analysis');
    await askFromHome('Stuck on joins');
    await menteeEnds(m.id);
    at('2026-12-01T11:00:00.000Z');
    await sweep();
    expect(JSON.stringify(t.fake.dmsTo(ADMIN).map((c) => c.args))).not.toContain('Stuck on joins');
  });

  it('Home thanks both sides once their only mentorship ended, and offers the mentee another supporter', async () => {
    const m = await assignAndAccept(PRIYA);
    at('2026-12-07T10:00:00.000Z');
    await menteeEnds(m.id);
    const mia = JSON.stringify((await home(MIA)).blocks);
    expect(mia).toContain(`Your mentorship with <@${PRIYA}> ended on 7 Dec. Thank you`);
    expect(mia).not.toContain('Welcome to Lifering');
    expect(mia).not.toContain('You have no mentorships yet');
    expect(mia).toContain(ACTIONS.openRequestForm);
    const priya = JSON.stringify((await home(PRIYA)).blocks);
    expect(priya).toContain(`Your mentorship with <@${MIA}> ended on 7 Dec. Thank you`);
    expect(priya).not.toContain('Welcome to Lifering');
    expect(priya).not.toContain(ACTIONS.openRequestForm);
    // The button opens the request form, as a bare /mentor request does; sending it asks the admins.
    const h = t.fake.homeViews.get(MIA)!;
    t.fake.clearCalls();
    await t.driver.blockAction(MIA, { action_id: ACTIONS.openRequestForm }, { viewId: String(h.id) });
    await t.settle();
    const form = t.fake.lastCall('views.open')!;
    expect(form.response.ok).toBe(true);
    await t.driver.submitView(MIA, String((form.response.view as { id: string }).id), {});
    await t.settle();
    expect(await t.storage.supporterRequests.listOpenFor(TEAM, MIA)).toHaveLength(1);
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(1);
  });

  it('puts End in a ⋯ menu whose confirmation asks "End your mentorship with Priya?" with a danger button, and the reason after', async () => {
    const m = await assignAndAccept(PRIYA);
    const h = await home(MIA);
    const all = elements(h.blocks);
    expect(all.filter((e) => e.action_id === ACTIONS.confirmEnd)).toEqual([]);
    const menu = all.find((e) => e.action_id === ACTIONS.mentorshipMenu);
    expect(menu?.type).toBe('overflow');
    expect(JSON.stringify(menu)).toContain(`end:${m.id}`);
    const confirm = await menteeEnds(m.id);
    expect(JSON.stringify(confirm.blocks)).toContain(`End your mentorship with <@${PRIYA}>?`);
    const danger = elements(confirm.blocks).find((e) => e.action_id === ACTIONS.endNow);
    expect(danger).toMatchObject({ style: 'danger', text: { text: 'End mentorship' } });
    // Ended; the same modal now asks for the optional private reason.
    const after = lastView('views.update');
    expect(JSON.stringify(after)).toContain(`Your mentorship with <@${PRIYA}>`);
    await t.driver.submitView(MIA, after.id, { reason: { reason: textValue('We never found a time') } });
    await t.settle();
    expect(await t.storage.db('mentorships').where({ id: m.id }).first()).toMatchObject({
      status: 'ended',
      ended_by: MIA,
      end_reason: 'We never found a time',
    });
    // The supporter's side of Home has the menu too.
    expect(elements((await home(PRIYA)).blocks).filter((e) => e.action_id === ACTIONS.confirmEnd)).toEqual([]);
  });
});

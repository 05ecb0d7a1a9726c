import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import {
  checkboxes,
  numberValue,
  radio,
  selectedDate,
  selectedOption,
  selectedUser,
  textValue,
} from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedMentorships } from '../../support/seed.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const KIM = 'UKIM0001';
const LEE = 'ULEE0001';
const MIA = 'UMIA0001';
const NOOR = 'UNOOR001';
const OTHER = 'UOTHER01';
const ZED = 'UZED0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

type Body = { text: string; response_action?: string; errors?: Record<string, string>; view?: { blocks: unknown[] } };
const viewIdOf = (t: TestApp, method = 'views.open') =>
  String((t.fake.lastCall(method)!.response.view as { id: string }).id);
/** The suggestion lines of a surface, in order: each section whose accessory assigns in one click. */
function suggestions(blocks: unknown): { who: string; text: string; value: string }[] {
  return (
    (blocks ?? []) as { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } }[]
  )
    .filter((b) => b.accessory?.action_id === ACTIONS.assignSuggested)
    .map((b) => ({
      // The suggested supporter is the last mention before the reasons (the unmatched list names the mentee first).
      who: [...b.text!.text.matchAll(/<@(\w+)>/g)].at(-1)?.[1] ?? '',
      text: b.text!.text,
      value: b.accessory!.value,
    }));
}

describe('supporter profiles and suggested supporters', () => {
  let t: TestApp;
  let data: number;
  let speaking: number;

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam', tz: 'Europe/London' },
        { id: KIM, name: 'kim', tz: 'Europe/London' },
        { id: LEE, name: 'lee', tz: 'Asia/Tokyo' },
        { id: MIA, name: 'mia', tz: 'Europe/Paris' },
        { id: NOOR, name: 'noor', tz: 'Europe/London' },
        { id: OTHER, name: 'other' },
        { id: ZED, name: 'zed', tz: 'Europe/London' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
    data = (await t.storage.topics.create(t.fake.teamId, { name: 'Data analysis', createdBy: ADMIN }, NOW)).id;
    speaking = (await t.storage.topics.create(t.fake.teamId, { name: 'Public speaking', createdBy: ADMIN }, NOW)).id;
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.settle();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    t.fake.reset();
  });

  async function offer(who: string, levels: Record<number, string>, capacity?: number, away?: string) {
    await t.driver.command(who, 'offer');
    await t.settle();
    const viewId = viewIdOf(t);
    const values: Record<string, Record<string, ReturnType<typeof selectedOption>>> = {};
    for (const [topicId, level] of Object.entries(levels))
      values[`offer_topic_${topicId}`] = { value: selectedOption(level) };
    if (capacity !== undefined) values.offer_capacity = { value: numberValue(capacity) };
    if (away) values.offer_away = { value: selectedDate(away) };
    return t.driver.submitView(who, viewId, values);
  }

  it('a supporter offers two topics from /mentor offer, and bad input is refused field by field', async () => {
    const bad = await offer(SAM, { [data]: '4' }, 3, '2026-11-01');
    expect((bad.body as Body).errors).toEqual({ offer_away: expect.stringContaining('Pick a day from today on') });
    expect(await t.storage.profiles.get(t.fake.teamId, SAM)).toBeUndefined();

    const res = await offer(SAM, { [data]: '4', [speaking]: '3' }, 3);
    expect((res.body as Body).response_action).toBe('update');
    expect(JSON.stringify((res.body as Body).view)).toContain(
      'Data analysis (4 of 4), Public speaking (3 of 4) · up to 3 mentees · available now',
    );
    const saved = await t.storage.profiles.get(t.fake.teamId, SAM);
    expect(saved).toMatchObject({ capacity: 3, awayUntil: null });
    expect(saved!.topics.map((x) => [x.topicName, x.level])).toEqual([
      ['Data analysis', 4],
      ['Public speaking', 3],
    ]);

    // The form opens again with what was saved.
    await t.driver.command(SAM, 'offer');
    await t.settle();
    const reopened = JSON.stringify(t.fake.view(viewIdOf(t))?.blocks);
    expect(reopened).toContain('"initial_value":"3"');
    expect(reopened).toContain('4 · can teach it');
  });

  it('the Home tab opens the same form', async () => {
    await t.driver.appHomeOpened(SAM);
    await t.settle();
    await t.driver.blockAction(
      SAM,
      { action_id: ACTIONS.openOffer },
      { container: 'view', view: t.fake.homeViews.get(SAM)! },
    );
    await t.settle();
    expect(t.fake.lastCall('views.open')?.args.view).toMatchObject({ callback_id: ACTIONS.saveOffer });
  });

  it('the assign modal ranks supporters for a mentee new to a topic, with reasons, and assigns in one click', async () => {
    // Kim knows Data as well as Sam but is full (1 of 1); Lee is away.
    await offer(KIM, { [data]: '4' }, 1);
    await offer(LEE, { [data]: '4' }, 5, '2026-12-20');
    await seedMentorships(t.storage.db, t.fake.teamId, [{ supporter_id: KIM, mentee_id: OTHER, status: 'active' }]);
    await t.storage.familiarity.setLevel(t.fake.teamId, MIA, data, 1, NOW);
    t.fake.reset();

    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    const viewId = viewIdOf(t);
    expect(suggestions(t.fake.view(viewId)?.blocks)).toEqual([]);
    const values = {
      mentee: { [ACTIONS.assignMenteePicked]: selectedUser(MIA) },
      topic: { [ACTIONS.assignTopicPicked]: selectedOption(String(data)) },
      kind: { kind: radio('coach') },
    };
    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.assignTopicPicked,
        type: 'static_select',
        selected_option: selectedOption(String(data)).selected_option,
      },
      { viewId, values },
    );
    await t.settle();
    const shown = suggestions(t.fake.view(viewId)?.blocks);
    expect(shown.map((s) => s.who)).toEqual([SAM, KIM, LEE]);
    expect(shown[0]!.text).toBe(`<@${SAM}> · teaches Data analysis · 0 of 3 places taken · 1 h apart`);
    expect(shown[1]!.text).toContain('full: 1 of 1 place taken');
    expect(shown[2]!.text).toContain('away until 20 Dec');

    // One click on Sam assigns, with the kind chosen in the form, and Sam is asked to accept.
    await t.driver.blockAction(ADMIN, { action_id: ACTIONS.assignSuggested }, { viewId, values });
    await t.settle();
    const row = await t.storage.db('mentorships').where({ supporter_id: SAM, mentee_id: MIA }).first();
    expect(row).toMatchObject({ status: 'pending', topic_id: data, supporter_kind: 'coach', assigned_by: ADMIN });
    expect(JSON.stringify(t.fake.view(viewId)?.blocks)).toContain("I've asked");
    expect(t.fake.dmsTo(SAM).at(-1)?.args.text).toContain('support a mentee (Data analysis, as coach)');

    // Sam now has 1 of 3, and is no longer suggested for Mia on Data.
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    const again = viewIdOf(t);
    await t.driver.blockAction(
      ADMIN,
      { action_id: ACTIONS.assignMenteePicked, type: 'users_select', selected_user: MIA },
      { viewId: again, values },
    );
    await t.settle();
    expect(suggestions(t.fake.view(again)?.blocks).map((s) => s.who)).toEqual([KIM, LEE]);
  });

  it('a supporter request DMs admins the suggestions; one click assigns and closes the request; the unmatched list offers one each', async () => {
    await t.storage.familiarity.setLevel(t.fake.teamId, NOOR, speaking, 2, NOW);
    await t.driver.command(NOOR, 'request Public speaking I present next month');
    await t.settle();
    const dm = t.fake.dmsTo(ADMIN).at(-1)!;
    const inDm = suggestions(dm.args.blocks);
    expect(inDm[0]!.who).toBe(SAM);
    expect(inDm[0]!.text).toContain(`<@${SAM}> · confident in Public speaking · 1 of 3 places taken · same time zone`);

    const list = await t.driver.command(ADMIN, 'unmatched');
    const listed = suggestions((list.body as { blocks: unknown }).blocks);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.text).toContain(`<@${NOOR}> for *Public speaking*`);
    expect(listed[0]!.text).toContain(`Suggested: <@${SAM}>`);

    // Not an admin: refused, nothing stored.
    await t.driver.blockAction(
      NOOR,
      { action_id: ACTIONS.assignSuggested, value: inDm[0]!.value },
      { channelId: t.fake.dmChannel(ADMIN), messageTs: String(dm.response.ts) },
    );
    await t.settle();
    expect(await t.storage.db('mentorships').where({ mentee_id: NOOR })).toEqual([]);

    await t.driver.blockAction(ADMIN, { action_id: ACTIONS.assignSuggested }, { channelId: t.fake.dmChannel(ADMIN) });
    await t.settle();
    expect(t.fake.lastCall('response_url')?.args.text).toContain("I've asked");
    const made = await t.storage.db('mentorships').where({ mentee_id: NOOR }).first();
    expect(made).toMatchObject({ supporter_id: SAM, topic_id: speaking, status: 'pending' });
    expect(await t.storage.supporterRequests.listOpen(t.fake.teamId)).toEqual([]);
    expect(text(await t.driver.command(ADMIN, 'unmatched'))).toContain('Nobody is waiting');
    expect(text(await t.driver.command(NOOR, 'unmatched'))).not.toContain('Nobody is waiting');
  });

  it('a 🛟 from a mentee with no supporter DMs admins the three best candidates; the no-match list on Home assigns in one click', async () => {
    await t.driver.command(ZED, 'assist');
    await t.settle();
    await t.driver.submitView(ZED, viewIdOf(t), {
      assist_topic: { value: selectedOption(String(data)) },
      assist_level: { value: radio('1') },
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue('Stuck on pivot tables') },
    });
    await t.settle();
    const dm = t.fake.dmsTo(ADMIN).at(-1)!;
    expect(String(dm.args.text)).toContain(`<@${ZED}> asked for help`);
    const shown = suggestions(dm.args.blocks);
    // Sam has room (Mia and Noor pending: 2 of 3); Kim is full; Lee is away.
    expect(shown.map((s) => s.who)).toEqual([SAM, KIM, LEE]);
    expect(shown[0]!.text).toContain('teaches Data analysis · 2 of 3 places taken · same time zone');
    expect(shown[1]!.text).toContain('full: 1 of 1 place taken');
    // The admin's Home opens the programme-wide "no match yet" list; its Assign works in place.
    await t.driver.appHomeOpened(ADMIN);
    await t.settle();
    await t.driver.blockAction(
      ADMIN,
      { action_id: ACTIONS.openSupporterRequests },
      { container: 'view', view: t.fake.homeViews.get(ADMIN)! },
    );
    await t.settle();
    const listId = viewIdOf(t);
    const listed = suggestions(t.fake.view(listId)?.blocks);
    expect(listed.map((l) => l.text.split('\n')[0])).toEqual([
      expect.stringContaining(`<@${ZED}> for *Data analysis*, waiting since`),
    ]);
    expect(listed[0]!.text).toContain(`Suggested: <@${SAM}>`);
    await t.driver.blockAction(
      ADMIN,
      { action_id: ACTIONS.assignSuggested, value: listed[0]!.value },
      { viewId: listId },
    );
    await t.settle();
    expect(await t.storage.db('mentorships').where({ mentee_id: ZED }).first()).toMatchObject({
      supporter_id: SAM,
      topic_id: data,
      status: 'pending',
    });
    expect(JSON.stringify(t.fake.view(listId)?.blocks)).toContain("I've asked");
    expect(await t.storage.supporterRequests.findOpen(t.fake.teamId, ZED, data)).toBeUndefined();
  });
});

const text = (res: { body: unknown }) => (res.body as Body).text;

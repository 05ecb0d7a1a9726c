import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { radio, selectedOption, selectedUser } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedMentorships, seedTopic } from '../../support/seed.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const LEE = 'ULEE0001';
const KAI = 'UKAI0001';
const MIA = 'UMIA0001';
const LEO = 'ULEO0001';
const EVE = 'UEVE0001';
const now = new Date('2026-11-23T10:00:00.000Z');

type View = { id: string; blocks: unknown[]; private_metadata: string };

describe('everyone in the programme (admins)', () => {
  let t: TestApp;
  let data: number;
  let sql: number;
  const ids = { pending: 0, declined: 0, active: 0, ended: 0 };
  const team = () => t.fake.teamId;
  const rowByPair = async (s: string, m: string) =>
    Number(
      (await t.storage.db('mentorships').where({ supporter_id: s, mentee_id: m }).orderBy('id', 'desc').first()).id,
    );

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SAM, LEE, KAI, MIA, LEO, EVE].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => now,
    });
    const db = t.storage.db;
    data = await seedTopic(db, team(), 'Data analysis');
    sql = await seedTopic(db, team(), 'SQL');
    await seedMentorships(db, team(), [
      { supporter_id: SAM, mentee_id: MIA, topic_id: data, status: 'pending', created_at: '2026-11-03T09:00:00.000Z' },
      { supporter_id: KAI, mentee_id: LEO, topic_id: sql, status: 'declined', created_at: '2026-11-10T09:00:00.000Z' },
      {
        supporter_id: SAM,
        mentee_id: EVE,
        status: 'active',
        created_at: '2026-09-01T09:00:00.000Z',
        feedback_from: '2026-10-01T09:00:00.000Z',
      },
      {
        supporter_id: LEE,
        mentee_id: MIA,
        topic_id: sql,
        status: 'ended',
        created_at: '2026-09-01T09:00:00.000Z',
        accepted_at: '2026-09-02T09:00:00.000Z',
        ended_at: '2026-11-05T09:00:00.000Z',
        end_reason: 'REASON-FOR-ADMINS',
      },
    ]);
    ids.pending = await rowByPair(SAM, MIA);
    ids.declined = await rowByPair(KAI, LEO);
    ids.active = await rowByPair(SAM, EVE);
    ids.ended = await rowByPair(LEE, MIA);
    await db('mentorships').where({ id: ids.declined }).update({ declined_at: '2026-11-12T09:00:00.000Z' });
    await db('mentorships').where({ id: ids.ended }).update({ ended_by: LEE });
    await db('assistance_requests').insert({
      team_id: team(),
      mentee_id: EVE,
      topic_id: null,
      note: 'stuck',
      opened_at: '2026-11-22T09:00:00.000Z',
    });
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });
  beforeEach(() => t.fake.clearCalls());

  const shown = (viewId: string) => JSON.stringify(t.fake.view(viewId)?.blocks);
  async function open(words = ''): Promise<View> {
    const res = await t.driver.command(ADMIN, `admin mentorships${words ? ` ${words}` : ''}`);
    expect(res.status).toBe(200);
    await t.settle();
    const call = t.fake.lastCall('views.open');
    expect(call?.response.ok).toBe(true);
    return call!.response.view as View;
  }
  async function pick(view: View, action: Record<string, unknown> & { action_id: string }) {
    await t.driver.blockAction(ADMIN, action, { viewId: view.id });
    await t.settle();
    const update = t.fake.lastCall('views.update');
    expect(update?.response.ok).toBe(true);
    return shown(view.id);
  }
  const select = (action_id: string, value: string) => ({
    action_id,
    type: 'static_select',
    selected_option: { text: { type: 'plain_text', text: value }, value },
  });

  it('is for admins only', async () => {
    const res = await t.driver.command(SAM, 'admin mentorships');
    expect(JSON.stringify(res.body)).toContain('Only Lifering admins');
    await t.settle();
    expect(t.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('lists every mentorship, declined and long-pending first, each with what resolves it and end reasons for admins', async () => {
    const view = await open();
    const text = shown(view.id);
    expect(text).toContain('*4 mentorships*');
    expect(text.indexOf(`<@${KAI}> → <@${LEO}>`)).toBeLessThan(text.indexOf(`<@${SAM}> → <@${MIA}>`));
    expect(text).toContain(':no_entry_sign: declined 12 Nov');
    expect(text).toContain(':hourglass_flowing_sand: pending since 3 Nov (20 days, no answer yet)');
    expect(text).toContain(`:ring_buoy: *<@${SAM}> → <@${EVE}>*`);
    expect(text).toContain('*overdue 23 days*');
    expect(text).toContain('Reason (admins only): REASON-FOR-ADMINS');
    expect(text).toContain(`"value":"assign:${ids.declined}"`);
    expect(text).toContain(`"value":"nudge:${ids.pending}"`);
    expect(text).toContain(`"value":"reassign:${ids.pending}"`);
    expect(text).toContain(`"value":"end:${ids.active}"`);
  });

  it('filters by state, topic, supporter, overdue and 🛟, and clears', async () => {
    const view = await open();
    expect(await pick(view, select(ACTIONS.oversightState, 'ended'))).toContain('*1 mentorship* · ended');
    expect(await pick(view, select(ACTIONS.oversightState, 'all'))).toContain('*4 mentorships*');
    const topic = await pick(view, select(ACTIONS.oversightTopic, String(sql)));
    expect(topic).toContain('*2 mentorships* · topic SQL');
    await pick(view, select(ACTIONS.oversightTopic, 'any'));
    const bySam = await pick(view, { action_id: ACTIONS.oversightSupporter, type: 'users_select', selected_user: SAM });
    expect(bySam).toContain(`*2 mentorships* · supported by <@${SAM}>`);
    const overdue = await pick(view, {
      action_id: ACTIONS.oversightFlags,
      type: 'checkboxes',
      selected_options: [{ text: { type: 'plain_text', text: 'o' }, value: 'overdue' }],
    });
    expect(overdue).toContain('*1 mentorship*');
    expect(overdue).toContain(`<@${EVE}>`);
    const help = await pick(view, {
      action_id: ACTIONS.oversightFlags,
      type: 'checkboxes',
      selected_options: [{ text: { type: 'plain_text', text: 'h' }, value: 'help' }],
    });
    expect(help).toContain('*1 mentorship*');
    expect(await pick(view, { action_id: ACTIONS.oversightClear })).toContain('*4 mentorships*');
    // From the command too, with a clear answer for a word it does not know.
    expect(shown((await open('declined')).id)).toContain('*1 mentorship* · declined');
    const bad = await t.driver.command(ADMIN, 'admin mentorships stalled');
    expect(JSON.stringify(bad.body)).toContain("I don't know the filter `stalled`");
  });

  it('pages a large programme', async () => {
    await seedMentorships(
      t.storage.db,
      team(),
      Array.from({ length: 30 }, (_, i) => ({
        supporter_id: 'UBULK001',
        mentee_id: `UBM${String(i).padStart(5, '0')}`,
        status: 'active' as const,
        feedback_from: '2026-11-20T09:00:00.000Z',
      })),
    );
    try {
      const view = await open('active');
      expect(shown(view.id)).toContain('Mentorships 1–20 of 31 · page 1 of 2');
      const second = await pick(view, { action_id: ACTIONS.oversightPage, value: '2' });
      expect(second).toContain('Mentorships 21–31 of 31 · page 2 of 2');
      expect((t.fake.view(view.id)!.blocks as unknown[]).length).toBeLessThanOrEqual(100);
    } finally {
      await t.storage.db('mentorships').where({ supporter_id: 'UBULK001' }).delete();
    }
  });

  it('from Home: the pairs that need an admin, resolved by assigning someone else and by reassigning; a nudge re-asks', async () => {
    await t.driver.appHomeOpened(ADMIN);
    await t.settle();
    const home = t.fake.homeViews.get(ADMIN)!;
    expect(JSON.stringify(home.blocks)).toContain('*2 pairs need you*');
    await t.driver.blockAction(ADMIN, { action_id: ACTIONS.openOversight }, { viewId: String(home.id) });
    await t.settle();
    const view = t.fake.lastCall('views.open')!.response.view as View;
    expect(shown(view.id)).toContain('*2 mentorships* · needs you');

    // Nudge the supporter who has not answered: the offer again, with Accept and Decline.
    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.oversightRow,
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'n' }, value: `nudge:${ids.pending}` },
      },
      { viewId: view.id },
    );
    await t.settle();
    const nudge = t.fake.dmsTo(SAM).at(-1);
    expect(nudge?.response.ok).toBe(true);
    expect(JSON.stringify(nudge?.args.blocks)).toContain('still waiting for your answer');
    expect(JSON.stringify(nudge?.args.blocks)).toContain(ACTIONS.acceptAssignment);
    // The admin closes the "Nudge sent" notice (no notify_on_close, so Slack tells the app nothing).
    t.fake.closeView(String((t.fake.lastCall('views.push')!.response.view as View).id));

    // The declined pair: assign someone else, prefilled with the mentee and topic.
    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.oversightRow,
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'a' }, value: `assign:${ids.declined}` },
      },
      { viewId: view.id },
    );
    await t.settle();
    const assign = t.fake.lastCall('views.push')!.response.view as View;
    expect(JSON.stringify(assign)).toContain(`"initial_user":"${LEO}"`);
    const form = (supporter: string, mentee: string, topic: number) => ({
      supporter: { supporter: selectedUser(supporter) },
      mentee: { mentee: selectedUser(mentee) },
      topic: { topic: selectedOption(String(topic)) },
      kind: { kind: radio('mentor') },
    });
    expect(JSON.stringify(assign)).toContain('"initial_option":{"text":{"type":"plain_text","text":"SQL"');
    const done = await t.driver.submitView(ADMIN, assign.id, form(LEE, LEO, sql));
    expect(JSON.stringify(done.body)).toContain('response_action');
    await t.settle();
    expect(
      await t.storage.db('mentorships').where({ supporter_id: LEE, mentee_id: LEO, topic_id: sql, status: 'pending' }),
    ).toHaveLength(1);
    // The list underneath is redrawn: the declined pair no longer needs the admin.
    expect(shown(view.id)).toContain('*1 mentorship* · needs you');
    expect(shown(view.id)).not.toContain(`<@${KAI}> → <@${LEO}>`);
    t.fake.closeView(assign.id);

    // The long-pending pair: reassign, which ends it and asks the new supporter, in one step.
    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.oversightRow,
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'r' }, value: `reassign:${ids.pending}` },
      },
      { viewId: view.id },
    );
    await t.settle();
    const reassign = t.fake.lastCall('views.push')!.response.view as View;
    expect(JSON.stringify(reassign)).toContain('The current mentorship ends');
    const moved = await t.driver.submitView(ADMIN, reassign.id, form(KAI, MIA, data));
    expect(JSON.stringify(moved.body)).toContain('Mentorship reassigned');
    await t.settle();
    expect((await t.storage.mentorships.get(team(), ids.pending))?.status).toBe('ended');
    expect(
      await t.storage.db('mentorships').where({ supporter_id: KAI, mentee_id: MIA, topic_id: data, status: 'pending' }),
    ).toHaveLength(1);
    expect(shown(view.id)).toContain('Nothing needs you');
    // The offer SAM never answered is withdrawn in place.
    expect(t.fake.callsTo('chat.update').some((c) => String(c.args.text).includes('was withdrawn'))).toBe(true);

    // Nothing needs the admin any more.
    expect(await t.storage.oversight.attentionCount(team(), { now, intervalDays: 30, staleAfterDays: 7 })).toBe(0);
    await t.driver.appHomeOpened(ADMIN);
    await t.settle();
    expect(JSON.stringify(t.fake.homeViews.get(ADMIN)!.blocks)).not.toContain('need you');
  });

  it('refuses the row menu to someone who is not an admin', async () => {
    const view = await open();
    await t.driver.blockAction(
      SAM,
      {
        action_id: ACTIONS.oversightRow,
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'n' }, value: `end:${ids.active}` },
      },
      { viewId: view.id },
    );
    await t.settle();
    // The policy answers with a small modal saying who can; the end confirmation never opens.
    const pushes = t.fake.callsTo('views.push');
    expect(pushes).toHaveLength(1);
    expect(JSON.stringify(pushes[0]!.args.view)).toContain('Only Lifering admins');
    expect(JSON.stringify(pushes[0]!.args.view)).not.toContain(ACTIONS.endSubmit);
    expect((await t.storage.mentorships.get(team(), ids.active))?.status).toBe('active');
  });
});

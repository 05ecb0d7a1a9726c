import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { radio, selectedOption, selectedUser, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { overflowChoice } from '../../support/progress.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEE = 'ULEE0001';
const BOT = 'UBOT0001';
const GONE = 'UGONE001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

type Body = { response_type?: string; text: string };
const text = (res: { body: unknown }) => (res.body as Body).text;
const allOk = (t: TestApp) => t.fake.calls.filter((c) => c.status !== 200 || c.response.ok === false);

describe('assigning, accepting, declining, ending and reassigning', () => {
  let t: TestApp;
  let dataId: number;
  let oldId: number;

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam', tz: 'Europe/London' },
        { id: MIA, name: 'mia' },
        { id: LEE, name: 'lee' },
        { id: BOT, name: 'robot', is_bot: true },
        { id: GONE, name: 'gone', deleted: true },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
    dataId = (await t.storage.topics.create(t.fake.teamId, { name: 'Data analysis', createdBy: ADMIN }, NOW)).id;
    oldId = (await t.storage.topics.create(t.fake.teamId, { name: 'Old stuff', createdBy: ADMIN }, NOW)).id;
    await t.storage.topics.setArchived(t.fake.teamId, oldId, true, NOW);
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.settle();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.storage.db('supporter_requests').delete();
    await t.storage.db('mentorships').delete();
    t.fake.reset();
  });

  const mentorshipRows = () => t.storage.db('mentorships').select('*').orderBy('id');

  it('assigns directly with a topic and kind, and the supporter accepts once', async () => {
    const res = await t.driver.command(ADMIN, `assign <@${SAM}|sam> <@${MIA}> data ANALYSIS as coach`);
    expect((res.body as Body).response_type).toBe('ephemeral');
    expect(text(res)).toContain("I've asked");
    await t.settle();
    const [row] = await mentorshipRows();
    expect(row).toMatchObject({ status: 'pending', supporter_kind: 'coach', topic_id: dataId, assigned_by: ADMIN });
    const offer = t.fake.dmsTo(SAM).at(-1)!;
    expect(JSON.stringify(offer.args.blocks)).toContain('Data analysis, as coach');

    // Someone else clicking the supporter's button changes nothing.
    await t.driver.blockAction(LEE, { action_id: ACTIONS.acceptAssignment }, { channelId: t.fake.dmChannel(SAM) });
    await t.settle();
    expect((await mentorshipRows())[0].status).toBe('pending');
    expect(t.fake.lastCall('response_url')?.args.text).toContain(`Only <@${SAM}>`);

    await t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment });
    await t.settle();
    expect((await mentorshipRows())[0]).toMatchObject({ status: 'active', accepted_at: NOW.toISOString() });
    const updated = t.fake.messagesIn(SAM).find((m) => m.ts === offer.response.ts)!;
    expect(updated.text).toContain('You accepted on 23 Nov');
    expect(JSON.stringify(updated.blocks)).toContain(ACTIONS.openReport);
    expect(JSON.stringify(updated.blocks)).toContain(ACTIONS.openProgress);
    expect(t.fake.dmsTo(MIA).at(-1)?.args.text).toContain(`<@${SAM}> is now your supporter (Data analysis, as coach)`);

    // A second click (on the old message, as a slow client might send) says why nothing happens.
    await t.driver.blockAction(
      SAM,
      { action_id: ACTIONS.acceptAssignment, value: String(row.id) },
      { messageTs: String(offer.response.ts) },
    );
    await t.settle();
    expect(t.fake.lastCall('response_url')?.args.text).toContain('You already accepted this on 23 Nov');
    expect(t.fake.dmsTo(MIA)).toHaveLength(1);
    expect(allOk(t)).toEqual([]);
    const audit = (await t.storage.audit.list(t.fake.teamId)).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['mentorship.assigned', 'mentorship.accepted']));
  });

  it('refuses what cannot be assigned, saying what to do', async () => {
    const cases: [string, string, string][] = [
      [MIA, `assign <@${SAM}> <@${MIA}>`, 'Only Lifering admins'],
      // Slack turns a typed @handle of someone in the workspace into a mention; other handles stay words.
      [ADMIN, 'assign @samuel @mia', 'Mention them like `/mentor assign @sam @mia'],
      [
        ADMIN,
        `assign <@${SAM}> <@${MIA}> R&D <core>`,
        "couldn't find a topic called *R&amp;D &lt;core&gt;*. Topics you can use: *Data analysis*",
      ],
      [ADMIN, `assign <@${SAM}> mia`, "I couldn't find a user in `mia`"],
      [ADMIN, `assign <@${SAM}> <@${SAM}>`, 'cannot support themselves'],
      [ADMIN, `assign <@${BOT}> <@${MIA}>`, 'is a bot'],
      [ADMIN, `assign <@${SAM}> <@${GONE}>`, 'deactivated'],
      [
        ADMIN,
        `assign <@${SAM}> <@${MIA}> Cooking`,
        "couldn't find a topic called *Cooking*. Topics you can use: *Data analysis*",
      ],
      [ADMIN, `assign <@${SAM}> <@${MIA}> old stuff`, 'is archived'],
      [ADMIN, `assign <@${SAM}> <@${MIA}> as wizard`, 'as on-demand advisor'],
    ];
    for (const [who, cmd, expected] of cases) {
      const res = await t.driver.command(who, cmd);
      expect(text(res), cmd).toContain(expected);
    }
    await t.settle();
    expect(await mentorshipRows()).toEqual([]);
    expect(t.fake.dmsTo(SAM)).toEqual([]);
  });

  it('refuses a duplicate of a pending or active mentorship, and `silently` makes it active with no DM', async () => {
    const first = await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> silently`);
    expect(text(first)).toContain('active at once');
    const again = await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    expect(text(again)).toContain(`<@${SAM}> already supports <@${MIA}>`);
    await t.settle();
    expect(await mentorshipRows()).toHaveLength(1);
    expect((await mentorshipRows())[0].status).toBe('active');
    expect(t.fake.dmsTo(SAM)).toEqual([]);
    // Same pair for a topic is a different mentorship.
    expect(
      text(await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> Data analysis as on-demand advisor`)),
    ).toContain("I've asked");
    await t.settle();
  });

  it('assigns from the modal: shows the load as the supporter is picked, errors inline, stores once', async () => {
    // Sam already has one overdue active mentee and an open help request from them.
    const old = new Date('2026-09-01T10:00:00.000Z');
    await t.storage.mentorships.create(
      {
        teamId: t.fake.teamId,
        supporterId: SAM,
        menteeId: LEE,
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: ADMIN,
        notify: false,
      },
      old,
    );
    await t.storage
      .db('assistance_requests')
      .insert({ team_id: t.fake.teamId, mentee_id: LEE, opened_at: NOW.toISOString() });

    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    const viewId = String((opened.response.view as { id: string }).id);

    const values = {
      supporter: { [ACTIONS.assignSupporterPicked]: selectedUser(SAM) },
      mentee: { mentee: selectedUser(SAM) },
      topic: { topic: selectedOption(String(dataId)) },
      kind: { kind: radio('advisor') },
    };
    await t.driver.blockAction(
      ADMIN,
      { action_id: ACTIONS.assignSupporterPicked, type: 'users_select', selected_user: SAM },
      { viewId, values },
    );
    await t.settle();
    const update = t.fake.lastCall('views.update')!;
    expect(update.response.ok).toBe(true);
    const shown = JSON.stringify(t.fake.view(viewId)?.blocks);
    expect(shown).toContain('supports 1 of up to 5 mentees');
    expect(shown).toContain('1 meeting report is overdue');
    expect(shown).toContain('1 help request is open');
    expect(shown).toContain(':warning:');

    const bad = await t.driver.submitView(ADMIN, viewId, values);
    expect(bad.body).toMatchObject({
      response_action: 'errors',
      errors: { mentee: expect.stringContaining('cannot support themselves') },
    });
    expect(bad.viewErrors).toEqual([]);

    const good = { ...values, mentee: { mentee: selectedUser(MIA) } };
    const submitted = structuredClone(t.fake.view(viewId)!);
    const ok = await t.driver.submitView(ADMIN, viewId, good);
    expect(ok.body).toMatchObject({ response_action: 'update' });
    expect(ok.viewErrors).toEqual([]);
    // Slack may deliver the same submission twice: it is stored once.
    const repeat = await t.driver.submitView(ADMIN, submitted, good);
    expect(repeat.status).toBe(200);
    await t.settle();
    const rows = (await mentorshipRows()).filter((r) => r.mentee_id === MIA);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', supporter_kind: 'advisor', topic_id: dataId });
    expect(t.fake.dmsTo(SAM)).toHaveLength(1);
    expect(allOk(t)).toEqual([]);
  });

  it('tells the assigning admin when the supporter declines, with a button to assign someone else', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    await t.driver.blockAction(SAM, { action_id: ACTIONS.declineAssignment });
    await t.settle();
    expect((await mentorshipRows())[0].status).toBe('declined');
    expect(t.fake.messagesIn(SAM).at(-1)?.text).toContain('You declined on 23 Nov');
    const told = t.fake.dmsTo(ADMIN).at(-1)!;
    expect(told.args.text).toContain(`<@${SAM}> declined supporting <@${MIA}>`);
    expect(JSON.stringify(told.args.blocks)).toContain(ACTIONS.openAssignModal);
    expect(t.fake.dmsTo(MIA)).toEqual([]);
  });

  it('lets the mentee end a mentorship after confirming; the supporter is told kindly, never the reason', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> silently`);
    const res = await t.driver.command(MIA, `end <@${SAM}> <@${MIA}>`);
    expect(res.status).toBe(200);
    await t.settle();
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    const viewId = String((opened.response.view as { id: string }).id);
    expect((await mentorshipRows())[0].status).toBe('active');
    const submit = await t.driver.submitView(MIA, viewId, { reason: { reason: textValue('We never clicked, sorry') } });
    expect(submit.viewErrors).toEqual([]);
    await t.settle();
    expect((await mentorshipRows())[0]).toMatchObject({
      status: 'ended',
      ended_by: MIA,
      end_reason: 'We never clicked, sorry',
    });
    const dm = t.fake.dmsTo(SAM).at(-1)!;
    expect(dm.args.text).toContain(`Your mentorship with <@${MIA}> (as mentor) has ended`);
    expect(JSON.stringify(dm.args)).not.toContain('clicked');
    expect(t.fake.dmsTo(MIA)).toEqual([]);
    expect((await t.storage.audit.list(t.fake.teamId)).map((a) => a.action)).toContain('mentorship.ended');
  });

  it("`/mentor end @other` means my mentorship with them, from either side; nobody else's", async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> silently`);
    // The mentee names the supporter; the supporter names the mentee: both get the confirmation.
    for (const [who, other] of [
      [MIA, SAM],
      [SAM, MIA],
    ] as const) {
      t.fake.clearCalls();
      const res = await t.driver.command(who, `end <@${other}>`);
      expect(res.status).toBe(200);
      await t.settle();
      const opened = t.fake.lastCall('views.open');
      expect(opened?.response.ok).toBe(true);
      // Asked in the second person, naming the other one of the two.
      expect(JSON.stringify(opened?.args.view)).toContain(`End your mentorship with <@${other}>?`);
    }
    // Someone with no mentorship with that person is told so, and how admins end other people's.
    const none = await t.driver.command(LEE, `end <@${MIA}>`);
    expect(text(none)).toContain(`You have no open mentorship with <@${MIA}>`);
    expect(text(none)).toContain('/mentor end @sam @mia');
    const viewId = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
    await t.driver.submitView(SAM, viewId, { reason: { reason: textValue('') } });
    await t.settle();
    expect((await mentorshipRows())[0]).toMatchObject({ status: 'ended', ended_by: SAM });
  });

  it('offers End in the ⋯ menu on Home, in /mentor list and on the progress page, each opening the no-blame confirmation', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> silently`);
    const [row] = await mentorshipRows();
    const confirmOpened = (call: { args: Record<string, unknown>; response: Record<string, unknown> } | undefined) => {
      expect(call?.response.ok).toBe(true);
      expect(JSON.stringify(call?.args.view)).toContain(ACTIONS.endNow);
      expect(JSON.stringify(call?.args.view)).toContain('no blame');
    };
    // Home: the supporter's row and the mentee's supporter line, each in its ⋯ menu.
    for (const who of [SAM, MIA]) {
      await t.driver.appHomeOpened(who);
      await t.settle();
      const home = t.fake.homeViews.get(who)!;
      expect(JSON.stringify(home.blocks)).toContain(`"action_id":"${ACTIONS.mentorshipMenu}"`);
      expect(JSON.stringify(home.blocks)).toContain(`"value":"end:${row.id}"`);
      t.fake.clearCalls();
      await t.driver.blockAction(who, overflowChoice(ACTIONS.mentorshipMenu, `end:${row.id}`), {
        viewId: String(home.id),
      });
      await t.settle();
      confirmOpened(t.fake.lastCall('views.open'));
    }
    // The list: a picker of the person's mentorships.
    const list = await t.driver.command(MIA, 'list');
    expect(JSON.stringify(list.body)).toContain(`"action_id":"${ACTIONS.endPicked}"`);
    expect(JSON.stringify(list.body)).toContain('With @sam (supports you)');
    t.fake.clearCalls();
    await t.driver.blockAction(
      MIA,
      {
        action_id: ACTIONS.endPicked,
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: 'With @sam' }, value: String(row.id) },
      },
      { channelId: 'C0GENERAL', messageTs: '1700000000.000100' },
    );
    await t.settle();
    confirmOpened(t.fake.lastCall('views.open'));
    // The progress page: pushed over it, for the supporter (End mentorship under the page) and for
    // the mentee (the ⋯ menu by the supporter's name, as on Home).
    for (const [who, cmd, click] of [
      [SAM, `progress <@${MIA}>`, { action_id: ACTIONS.confirmEnd, value: String(row.id) }],
      [MIA, 'progress', overflowChoice(ACTIONS.mentorshipMenu, `end:${row.id}`)],
    ] as const) {
      await t.driver.command(who, cmd);
      await t.settle();
      const page = t.fake.lastCall('views.open')!.response.view as { id: string };
      expect(JSON.stringify(t.fake.view(page.id))).toContain(
        who === MIA ? `"value":"end:${row.id}"` : `"action_id":"${ACTIONS.confirmEnd}","value":"${row.id}"`,
      );
      t.fake.clearCalls();
      await t.driver.blockAction(who, click, { viewId: page.id });
      await t.settle();
      confirmOpened(t.fake.lastCall('views.push'));
    }
    expect((await mentorshipRows())[0].status).toBe('active');
  });

  it('ended from the progress page, the page underneath is redrawn without the ended supporter', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> silently`);
    const [row] = await mentorshipRows();
    await t.driver.command(MIA, 'progress');
    await t.settle();
    const page = t.fake.lastCall('views.open')!.response.view as { id: string };
    expect(JSON.stringify(t.fake.view(page.id))).toContain(`"value":"end:${row.id}"`);
    await t.driver.blockAction(MIA, overflowChoice(ACTIONS.mentorshipMenu, `end:${row.id}`), { viewId: page.id });
    await t.settle();
    const confirm = t.fake.lastCall('views.push')!.response.view as { id: string };
    const res = await t.driver.blockAction(
      MIA,
      { action_id: ACTIONS.endNow, value: String(row.id) },
      { viewId: confirm.id },
    );
    expect(res.status).toBe(200);
    await t.settle();
    expect((await mentorshipRows())[0]).toMatchObject({ status: 'ended', ended_by: MIA });
    const redrawn = t.fake
      .callsTo('views.update')
      .filter((c) => c.args.view_id === page.id)
      .at(-1);
    expect(redrawn?.response.ok).toBe(true);
    expect(JSON.stringify(t.fake.view(page.id))).not.toContain(`"value":"end:${row.id}"`);
  });

  it('refuses to end for someone outside the mentorship, and asks which one when a pair has several', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> silently`);
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> Data analysis silently`);
    const outsider = await t.driver.command(LEE, `end <@${SAM}> <@${MIA}>`);
    expect(text(outsider)).toContain('Only the supporter, the mentee or a Lifering admin');
    const which = await t.driver.command(SAM, `end <@${SAM}> <@${MIA}>`);
    expect(text(which)).toContain('have 2 open mentorships. Which one');
    await t.settle();
    expect(t.fake.callsTo('views.open')).toEqual([]);
    // With the topic it is clear which one.
    await t.driver.command(SAM, `end <@${SAM}> <@${MIA}> data analysis`);
    await t.settle();
    expect(JSON.stringify(t.fake.lastCall('views.open')?.args.view)).toContain('Data analysis');
  });

  it('opens the end confirmation from an "End this one" button, only for someone who may end it', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> silently`);
    const [row] = await mentorshipRows();
    const click = (who: string) =>
      t.driver.blockAction(
        who,
        { action_id: ACTIONS.confirmEnd, value: String(row.id) },
        { channelId: 'C0GENERAL', messageTs: '1700000000.000100' },
      );
    await click(LEE);
    await t.settle();
    expect(JSON.stringify(t.fake.lastCall('views.open')?.args.view)).toContain("You can't end that mentorship");
    await click(SAM);
    await t.settle();
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    expect(JSON.stringify(opened.args.view)).toContain(ACTIONS.endNow);
    expect((await mentorshipRows())[0].status).toBe('active');
  });

  it('answers an Accept click on a mentorship that was ended meanwhile without changing it', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    const offer = t.fake.dmsTo(SAM).at(-1)!;
    const [row] = await mentorshipRows();
    await t.driver.command(ADMIN, `end <@${SAM}> <@${MIA}>`);
    await t.settle();
    const viewId = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
    await t.driver.submitView(ADMIN, viewId, { reason: { reason: textValue('') } });
    await t.settle();
    // The offer was withdrawn in place.
    expect(t.fake.messagesIn(SAM).find((m) => m.ts === offer.response.ts)?.text).toContain('withdrawn');
    await t.driver.blockAction(
      SAM,
      { action_id: ACTIONS.acceptAssignment, value: String(row.id) },
      { messageTs: String(offer.response.ts) },
    );
    await t.settle();
    expect(t.fake.lastCall('response_url')?.args.text).toContain(
      `The request to support <@${MIA}> was withdrawn on 23 Nov, so there's nothing to do here.`,
    );
    expect((await mentorshipRows())[0].status).toBe('ended');
    expect(t.fake.dmsTo(MIA)).toEqual([]);
  });

  it('reassigns in one step: the old mentorship ends, the new supporter is asked', async () => {
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> Data analysis as coach silently`);
    const refused = await t.driver.command(MIA, `reassign <@${SAM}> <@${LEE}> <@${MIA}>`);
    expect(text(refused)).toContain('Only Lifering admins');
    await t.driver.command(ADMIN, `reassign <@${SAM}> <@${LEE}> <@${MIA}>`);
    await t.settle();
    const viewId = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
    await t.driver.submitView(ADMIN, viewId, { reason: { reason: textValue('Sam is moving teams') } });
    await t.settle();
    const rows = await mentorshipRows();
    expect(rows.map((r) => [r.supporter_id, r.status, r.topic_id, r.supporter_kind])).toEqual([
      [SAM, 'ended', dataId, 'coach'],
      [LEE, 'pending', dataId, 'coach'],
    ]);
    expect(t.fake.dmsTo(LEE).at(-1)?.args.text).toContain(`<@${ADMIN}> asks you to support`);
    expect(t.fake.dmsTo(SAM).at(-1)?.args.text).toContain('has ended');
    expect(t.fake.dmsTo(MIA).at(-1)?.args.text).toContain('has ended');
    // The mentee hears that someone new is on the way, not to go and ask for one.
    const toMia = JSON.stringify(t.fake.dmsTo(MIA).at(-1)?.args.blocks);
    expect(toMia).toContain(`I've asked <@${LEE}> to take over`);
    expect(toMia).not.toContain('/mentor request');
    expect(allOk(t)).toEqual([]);
  });
});

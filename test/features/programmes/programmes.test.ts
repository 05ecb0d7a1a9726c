import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import {
  numberValue,
  radio,
  type StateValues,
  selectedDate,
  selectedOption,
  selectedUsers,
  textValue,
} from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { programmeSettings } from '../../support/programmes.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEE = 'ULEE0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

type Body = { response_type?: string; text: string; blocks?: unknown[] };
const body = (res: { body: unknown }) => res.body as Body;

/** A filled-in programme form; `over` replaces fields. */
function form(over: Partial<Record<string, StateValues[string]>> = {}): StateValues {
  return {
    name: { name: textValue('Leadership coaching') },
    purpose: { purpose: textValue('For new team leads.') },
    status: { status: selectedOption('open') },
    kind: { kind: radio('ongoing') },
    every: { every: numberValue(14) },
    max: { max: numberValue(2) },
    pairing: { pairing: radio('assign') },
    managers: { managers: selectedUsers([LEE]) },
    agreement: { agreement: textValue('Meet every fortnight.') },
    ...over,
  } as StateValues;
}

describe('programmes: the list, a page, and the form', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
        { id: LEE, name: 'lee' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.settle();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    t.fake.reset();
  });

  const openForm = async (who: string) => {
    const list = await t.driver.command(who, 'programmes');
    expect(JSON.stringify(body(list).blocks)).toContain(ACTIONS.programmeNew);
    await t.driver.blockAction(
      who,
      { action_id: ACTIONS.programmeNew },
      { channelId: 'C0GENERAL', messageTs: '1.000001' },
    );
    await t.settle();
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    return String((opened.response.view as { id: string }).id);
  };

  it('lists the default programme to anyone, with New programme for admins only', async () => {
    const res = await t.driver.command(MIA, 'programmes');
    expect(body(res).response_type).toBe('ephemeral');
    expect(body(res).text).toContain('Programmes: 1');
    expect(JSON.stringify(body(res).blocks)).toContain('*Mentoring* · open · ongoing · 0 active pairs');
    expect(JSON.stringify(body(res).blocks)).not.toContain(ACTIONS.programmeNew);
  });

  it('refuses a cohort without dates and an end before its start, inline', async () => {
    const viewId = await openForm(ADMIN);
    const noDates = await t.driver.submitView(ADMIN, viewId, form({ kind: { kind: radio('cohort') } }));
    expect(noDates.body).toMatchObject({
      response_action: 'errors',
      errors: { starts: 'A cohort needs a start date.', ends: 'A cohort needs an end date.' },
    });
    const backwards = await t.driver.submitView(
      ADMIN,
      viewId,
      form({
        kind: { kind: radio('cohort') },
        starts: { starts: selectedDate('2027-03-01') },
        ends: { ends: selectedDate('2027-01-01') },
      }),
    );
    expect(backwards.body).toMatchObject({ errors: { ends: 'The end date must come after the start date.' } });
    const duplicate = await t.driver.submitView(ADMIN, viewId, form({ name: { name: textValue('  mentoring ') } }));
    expect(duplicate.body).toMatchObject({ errors: { name: expect.stringContaining('already a programme called') } });
    expect(await t.storage.programmes.list(t.fake.teamId)).toHaveLength(1);
  });

  it('makes a programme with its managers and agreement, shows its page, and versions a changed agreement', async () => {
    const viewId = await openForm(ADMIN);
    const saved = await t.driver.submitView(ADMIN, viewId, form());
    expect(saved.viewErrors).toEqual([]);
    await t.settle();
    const p = (await t.storage.programmes.byName(t.fake.teamId, 'leadership coaching'))!;
    expect(p).toMatchObject({ status: 'open', kind: 'ongoing', reportEveryDays: 14, maxMentees: 2, pairing: 'assign' });
    expect(await t.storage.programmes.managers(t.fake.teamId, p.id)).toEqual([LEE]);
    expect((await t.storage.programmes.agreement(t.fake.teamId, p.id))?.version).toBe(1);

    // Matched like topic names; a near miss names the closest.
    const near = await t.driver.command(MIA, 'programme leadership coachin');
    expect(body(near).text).toContain('Did you mean *Leadership coaching*?');
    await t.driver.command(MIA, 'programme LEADERSHIP   coaching');
    await t.settle();
    const page = JSON.stringify(t.fake.lastCall('views.open')!.args.view);
    expect(page).toContain('a meeting report every 14 days · up to 2 mentees per supporter');
    expect(page).toContain('Meet every fortnight.');
    expect(page).toContain(`<@${LEE}>`);
    expect(page).not.toContain(ACTIONS.programmeEdit);

    // An active supporter in it is sent the new version once, and the page names who has not agreed.
    await t.storage.mentorships.create(
      {
        teamId: t.fake.teamId,
        supporterId: SAM,
        menteeId: MIA,
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: ADMIN,
        notify: false,
        programmeId: p.id,
      },
      NOW,
    );
    const editForm = async () => {
      await t.driver.command(ADMIN, 'programme Leadership coaching');
      await t.settle();
      const adminPage = t.fake.lastCall('views.open')!;
      const pageId = String((adminPage.response.view as { id: string }).id);
      await t.driver.blockAction(ADMIN, { action_id: ACTIONS.programmeEdit, value: String(p.id) }, { viewId: pageId });
      await t.settle();
      return {
        page: JSON.stringify(adminPage.args.view),
        editId: String((t.fake.lastCall('views.push')!.response.view as { id: string }).id),
      };
    };
    const first = await editForm();
    expect(first.page).toContain(`Not yet agreed to this version: <@${SAM}>`);
    const changed = form({ agreement: { agreement: textValue('Meet every fortnight, and keep notes.') } });
    expect((await t.driver.submitView(ADMIN, first.editId, changed)).viewErrors).toEqual([]);
    await t.settle();
    // Saved again unchanged: no new version, no second DM.
    await t.driver.submitView(ADMIN, (await editForm()).editId, changed);
    await t.settle();
    expect((await t.storage.programmes.agreement(t.fake.teamId, p.id))?.version).toBe(2);
    const dms = t.fake.dmsTo(SAM);
    expect(dms).toHaveLength(1);
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain('keep notes');

    await t.driver.blockAction(SAM, { action_id: ACTIONS.agreeAgreement }, { channelId: t.fake.dmChannel(SAM) });
    await t.settle();
    expect(await t.storage.programmes.agreedBy(t.fake.teamId, p.id, SAM)).toMatchObject({ version: 2 });
    expect(await t.storage.programmePairs.notAgreed(t.fake.teamId, p.id, 2)).toEqual([]);
    expect(t.fake.calls.filter((c) => c.status !== 200 || c.response.ok === false)).toEqual([]);
  });

  it("lets a programme's manager edit theirs, not another's, and make none", async () => {
    const team = t.fake.teamId;
    const make = (name: string) => t.storage.programmes.create(team, programmeSettings({ name }), ADMIN, NOW);
    const [mine, theirs] = [await make('Onboarding buddies'), await make('ERG peers')];
    await t.storage.programmes.setManagers(team, mine.id, [SAM], ADMIN, NOW);
    await t.storage.programmes.setManagers(team, theirs.id, [MIA], ADMIN, NOW);
    // No "New programme" for a manager, and the button itself is refused.
    expect(JSON.stringify(body(await t.driver.command(SAM, 'programmes')).blocks)).not.toContain(ACTIONS.programmeNew);
    await t.driver.blockAction(
      SAM,
      { action_id: ACTIONS.programmeNew },
      { channelId: 'C0GENERAL', messageTs: '1.000002' },
    );
    await t.settle();
    // What opens says why, not the form.
    const refusal = JSON.stringify(t.fake.callsTo('views.open').map((c) => c.args.view));
    expect(refusal).not.toContain(ACTIONS.programmeSave);
    expect(refusal).toMatch(/admin/i);
    // Their own programme's page has Edit, and the form saves; another's has none and refuses.
    const pageFor = async (name: string) => {
      await t.driver.command(SAM, `programme ${name}`);
      await t.settle();
      const opened = t.fake.lastCall('views.open')!;
      return { json: JSON.stringify(opened.args.view), id: String((opened.response.view as { id: string }).id) };
    };
    const own = await pageFor('Onboarding buddies');
    expect(own.json).toContain(ACTIONS.programmeEdit);
    expect(own.json).not.toContain(ACTIONS.programmeJoin);
    await t.driver.blockAction(SAM, { action_id: ACTIONS.programmeEdit, value: String(mine.id) }, { viewId: own.id });
    await t.settle();
    const editId = String((t.fake.lastCall('views.push')!.response.view as { id: string }).id);
    const saved = await t.driver.submitView(
      SAM,
      editId,
      form({ name: { name: textValue('Onboarding buddies') }, managers: { managers: selectedUsers([SAM]) } }),
    );
    expect(saved.viewErrors).toEqual([]);
    await t.settle();
    expect((await t.storage.programmes.get(team, mine.id))?.reportEveryDays).toBe(14);
    const other = await pageFor('ERG peers');
    expect(other.json).not.toContain(ACTIONS.programmeEdit);
    // Someone who does not run it is offered Join instead.
    expect(other.json).toContain(ACTIONS.programmeJoin);
    t.fake.clearCalls();
    await t.driver.blockAction(
      SAM,
      { action_id: ACTIONS.programmeEdit, value: String(theirs.id) },
      { viewId: other.id },
    );
    await t.settle();
    expect(JSON.stringify(t.fake.calls.map((c) => c.args))).not.toContain(ACTIONS.programmeSave);
    expect((await t.storage.programmes.get(team, theirs.id))?.reportEveryDays).toBeNull();
  });
});

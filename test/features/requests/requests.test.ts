import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { checkboxes, radio, selectedUser } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';

describe('/mentor request', () => {
  let t: TestApp;
  let dataId: number;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
    dataId = (await t.storage.topics.create(t.fake.teamId, { name: 'Data analysis', createdBy: ADMIN }, new Date())).id;
  });
  afterAll(async () => {
    await t.stop();
  });

  it('stores the request, DMs the admins once, and the Assign button opens the modal prefilled; assigning closes it', async () => {
    const res = await t.driver.command(MIA, 'request data analysis stuck on SQL windows');
    expect((res.body as { text: string }).text).toContain(
      "I've asked the Lifering admins to find you a supporter for *Data analysis*",
    );
    await t.settle();
    const [open] = await t.storage.supporterRequests.listOpen(t.fake.teamId);
    expect(open).toMatchObject({ requesterId: MIA, topicId: dataId, note: 'stuck on SQL windows' });
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(1);

    const again = await t.driver.command(MIA, 'request Data analysis');
    expect((again.body as { text: string }).text).toContain('You already asked');
    await t.settle();
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(1);

    // A non-admin clicking the button is told who can.
    await t.driver.blockAction(MIA, { action_id: ACTIONS.openAssignModal }, { channelId: t.fake.dmChannel(ADMIN) });
    await t.settle();
    expect(JSON.stringify(t.fake.lastCall('views.open')?.args.view)).toContain('Only Lifering admins');

    await t.driver.blockAction(ADMIN, { action_id: ACTIONS.openAssignModal });
    await t.settle();
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    const view = opened.response.view as { id: string; blocks: unknown[]; private_metadata: string };
    expect(JSON.stringify(view.blocks)).toContain(`"initial_user":"${MIA}"`);
    expect(JSON.stringify(view.blocks)).toContain(`"value":"${dataId}"`);
    expect(JSON.parse(view.private_metadata)).toEqual({ requestId: open!.id });

    const submit = await t.driver.submitView(ADMIN, view.id, {
      supporter: { [ACTIONS.assignSupporterPicked]: selectedUser(SAM) },
      mentee: { mentee: selectedUser(MIA) },
      topic: {
        topic: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Data analysis' }, value: String(dataId) },
        },
      },
      kind: { kind: radio('mentor') },
      silent: { silent: checkboxes(['silent']) },
    });
    expect(submit.viewErrors).toEqual([]);
    await t.settle();
    expect(await t.storage.supporterRequests.listOpen(t.fake.teamId)).toEqual([]);
    const m = await t.storage.mentorships.findOpen(t.fake.teamId, SAM, MIA, dataId);
    expect(m?.status).toBe('active');
    expect((await t.storage.supporterRequests.get(t.fake.teamId, open!.id))?.mentorshipId).toBe(m?.id);
  });

  it('tells the requester when a silent assignment answers their request', async () => {
    await t.driver.command(SAM, 'request someone to talk to');
    await t.settle();
    expect(await t.storage.supporterRequests.findOpen(t.fake.teamId, SAM, null)).toBeDefined();
    const before = t.fake.dmsTo(SAM).length;
    await t.driver.command(ADMIN, `assign <@${MIA}> <@${SAM}> silently`);
    await t.settle();
    expect(await t.storage.supporterRequests.findOpen(t.fake.teamId, SAM, null)).toBeUndefined();
    const told = t.fake.dmsTo(SAM).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]!.response.ok).toBe(true);
    expect(told[0]!.args.text).toContain(`<@${MIA}> is now your supporter`);
    // A silent assignment nobody asked for still messages nobody.
    const quiet = t.fake.dmsTo(ADMIN).length;
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${ADMIN}> silently`);
    await t.settle();
    expect(t.fake.dmsTo(ADMIN)).toHaveLength(quiet);
  });

  it('takes a request with no topic, keeping the words as the note', async () => {
    const res = await t.driver.command(SAM, 'request I would like a coach');
    expect((res.body as { text: string }).text).toContain('find you a supporter.');
    const [r] = (await t.storage.supporterRequests.listOpen(t.fake.teamId)).filter((x) => x.requesterId === SAM);
    expect(r).toMatchObject({ topicId: null, note: 'I would like a coach' });
  });
});

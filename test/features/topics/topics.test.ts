import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { radio, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';

describe('/mentor topics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const openModal = async () => {
    await t.driver.command(ADMIN, 'topics');
    await t.settle();
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    return String((opened.response.view as { id: string }).id);
  };

  it('is for admins only', async () => {
    const res = await t.driver.command(MIA, 'topics');
    expect((res.body as { text: string }).text).toContain('Only Lifering admins');
    await t.settle();
    expect(t.fake.callsTo('views.open')).toEqual([]);
  });

  it('adds topics with unique names ignoring case, renames and archives them', async () => {
    const viewId = await openModal();
    const added = await t.driver.submitView(ADMIN, viewId, {
      'name.0': { name: textValue('Data analysis') },
      'kind.0': { kind: radio('skillset') },
    });
    expect(added.body).toMatchObject({ response_action: 'update' });
    expect(added.viewErrors).toEqual([]);
    const dup = await t.driver.submitView(ADMIN, viewId, {
      'name.1': { name: textValue('DATA  analysis') },
      'kind.1': { kind: radio('role') },
    });
    expect(dup.body).toMatchObject({
      response_action: 'errors',
      errors: { 'name.1': expect.stringContaining('already a topic') },
    });
    await t.driver.submitView(ADMIN, viewId, {
      'name.1': { name: textValue('Leadership') },
      'kind.1': { kind: radio('role') },
    });
    const list = await t.storage.topics.list(t.fake.teamId);
    expect(list.map((x) => [x.name, x.kind])).toEqual([
      ['Data analysis', 'skillset'],
      ['Leadership', 'role'],
    ]);
    const data = list[0]!;

    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.topicMenu,
        type: 'overflow',
        selected_option: { value: `archive:${data.id}`, text: { type: 'plain_text', text: 'Archive' } },
      },
      { viewId },
    );
    await t.settle();
    expect(t.fake.lastCall('views.update')?.response.ok).toBe(true);
    expect((await t.storage.topics.get(t.fake.teamId, data.id))?.archivedAt).not.toBeNull();
    expect(JSON.stringify(t.fake.view(viewId)?.blocks)).toContain('_archived_');
    // Archived topics are refused for new assignments.
    const refused = await t.driver.command(ADMIN, `assign <@${ADMIN}> <@${MIA}> data analysis`);
    expect((refused.body as { text: string }).text).toContain('is archived');

    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.topicMenu,
        type: 'overflow',
        selected_option: { value: `rename:${data.id}`, text: { type: 'plain_text', text: 'Rename' } },
      },
      { viewId },
    );
    await t.settle();
    const pushed = t.fake.lastCall('views.push')!;
    expect(pushed.response.ok).toBe(true);
    const renameId = String((pushed.response.view as { id: string }).id);
    const clash = await t.driver.submitView(ADMIN, renameId, { rename: { rename: textValue('leadership') } });
    expect(clash.body).toMatchObject({ response_action: 'errors' });
    await t.driver.submitView(ADMIN, renameId, { rename: { rename: textValue('Data science') } });
    await t.settle();
    expect((await t.storage.topics.get(t.fake.teamId, data.id))?.name).toBe('Data science');
    expect(JSON.stringify(t.fake.view(viewId)?.blocks)).toContain('Data science');
    const actions = (await t.storage.audit.list(t.fake.teamId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['topic.created', 'topic.archived', 'topic.renamed']));
    expect(t.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
  });

  it('keeps the modal within Slack limits with many long topic names', async () => {
    for (let i = 0; i < 95; i++)
      await t.storage.topics.create(
        t.fake.teamId,
        { name: `Topic ${i} ${'x'.repeat(60)}`, createdBy: ADMIN },
        new Date(),
      );
    await openModal();
  });
});

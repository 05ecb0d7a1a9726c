import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedMentorships, seedTopic } from '../../support/seed.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const start = new Date('2026-11-23T10:00:00.000Z');

type View = { id: string };

describe("the oversight view's nudge: one a pair a day", () => {
  let t: TestApp;
  let clock = start;
  let pending = 0;
  let list: View;

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SAM, MIA].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => clock,
    });
    const team = t.fake.teamId;
    const data = await seedTopic(t.storage.db, team, 'Data analysis');
    await seedMentorships(t.storage.db, team, [
      { supporter_id: SAM, mentee_id: MIA, topic_id: data, status: 'pending', created_at: '2026-11-03T09:00:00.000Z' },
    ]);
    pending = Number((await t.storage.db('mentorships').where({ supporter_id: SAM }).first()).id);
    await t.driver.command(ADMIN, 'admin mentorships');
    await t.settle();
    list = t.fake.lastCall('views.open')!.response.view as View;
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  const nudge = () =>
    t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.oversightRow,
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'n' }, value: `nudge:${pending}` },
      },
      { viewId: list.id },
    );
  const nudgesTo = () =>
    t.fake.dmsTo(SAM).filter((c) => JSON.stringify(c.args.blocks).includes('still waiting for your answer'));
  const lastNotice = () => JSON.stringify(t.fake.lastCall('views.push')?.response.view);

  const closeNotice = () => {
    const pushed = t.fake.lastCall('views.push')?.response.view as View | undefined;
    if (pushed) t.fake.closeView(pushed.id);
  };

  it('two clicks at once send one DM; fifty more, each notice closed, send none', async () => {
    const both = await Promise.all([nudge(), nudge()]);
    await t.settle();
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(nudgesTo()).toHaveLength(1);
    const pushed = t.fake.callsTo('views.push').map((c) => JSON.stringify(c.response.view));
    expect(pushed.filter((v) => v.includes('Nudge sent'))).toHaveLength(1);
    expect(pushed.filter((v) => v.includes('Already nudged'))).toHaveLength(1);
    for (const c of t.fake.callsTo('views.push')) t.fake.closeView((c.response.view as View).id);
    for (let i = 0; i < 50; i++) {
      await nudge();
      await t.settle();
      expect(lastNotice()).toContain('Already nudged');
      closeNotice();
    }
    expect(nudgesTo()).toHaveLength(1);
    const audit = await t.storage.db('audit_events').where({ action: 'mentorship.nudged', subject_id: pending });
    expect(audit).toHaveLength(1);
  });

  const nudgedToken = (at: Date) => `last nudged <!date^${Math.floor(at.getTime() / 1000)}^`;

  it('the row says when the last nudge went, in the list it was sent from and when the list is opened again', async () => {
    expect(JSON.stringify(t.fake.view(list.id)?.blocks)).toContain(nudgedToken(start));
    await t.driver.command(ADMIN, 'admin mentorships pending');
    await t.settle();
    const reopened = t.fake.lastCall('views.open')!.response.view as View;
    expect(JSON.stringify(reopened)).toContain(nudgedToken(start));
    t.fake.closeView(reopened.id);
  });

  it('a click later that day sends nothing and answers when the last nudge went', async () => {
    clock = new Date(start.getTime() + 6 * 3600_000);
    t.fake.clearCalls();
    await nudge();
    await t.settle();
    expect(nudgesTo()).toHaveLength(0);
    const notice = lastNotice();
    expect(notice).toContain('Already nudged');
    expect(notice).toContain(`<!date^${Math.floor(start.getTime() / 1000)}^`);
    expect(notice).toContain(`<@${ADMIN}>`);
    closeNotice();
  });

  it('the next day a nudge goes again', async () => {
    clock = new Date(start.getTime() + 24 * 3600_000 + 60_000);
    t.fake.clearCalls();
    await nudge();
    await t.settle();
    expect(nudgesTo()).toHaveLength(1);
    expect(lastNotice()).toContain('Nudge sent');
    const row = JSON.stringify(t.fake.view(list.id)?.blocks);
    expect(row).toContain(nudgedToken(clock));
    expect(row).not.toContain(nudgedToken(start));
  });
});

describe('a nudge whose DM could not be sent', () => {
  it('does not count: the next click sends it', async () => {
    const t = await startTestApp({
      users: [ADMIN, SAM, MIA].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => start,
    });
    try {
      await seedMentorships(t.storage.db, t.fake.teamId, [
        { supporter_id: SAM, mentee_id: MIA, status: 'pending', created_at: '2026-11-03T09:00:00.000Z' },
      ]);
      const id = Number((await t.storage.db('mentorships').where({ supporter_id: SAM }).first()).id);
      await t.driver.command(ADMIN, 'admin mentorships');
      await t.settle();
      const list = t.fake.lastCall('views.open')!.response.view as View;
      const nudge = async () => {
        await t.driver.blockAction(
          ADMIN,
          {
            action_id: ACTIONS.oversightRow,
            type: 'overflow',
            selected_option: { text: { type: 'plain_text', text: 'n' }, value: `nudge:${id}` },
          },
          { viewId: list.id },
        );
        await t.settle();
      };
      t.fake.fail('chat.postMessage', { error: 'fatal_error' });
      await nudge();
      expect(await t.storage.db('audit_events').where({ action: 'mentorship.nudged' })).toHaveLength(0);
      await nudge();
      expect(t.fake.dmsTo(SAM).map((c) => JSON.stringify(c.args.blocks))).toEqual([
        expect.stringContaining('still waiting for your answer'),
      ]);
      expect(await t.storage.db('audit_events').where({ action: 'mentorship.nudged' })).toHaveLength(1);
    } finally {
      await t.stop();
    }
  });
});

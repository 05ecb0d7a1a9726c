import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const PRIYA = 'UPRIYA01';
const MEI = 'UMEI0001';
const NOW = new Date('2027-01-12T10:00:00.000Z');

/** What a mentee needs on her Home: her page, her tasks to tick off, what is overdue, her open help request. */
describe("the mentee's Home", () => {
  let t: TestApp;
  let overdue: number;
  let later: number;
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
    const team = t.fake.teamId;
    await t.driver.command(ADMIN, `assign <@${PRIYA}> <@${MEI}>`);
    await t.settle();
    await t.driver.blockAction(PRIYA, { action_id: ACTIONS.acceptAssignment });
    await t.settle();
    const task = (title: string, dueDate: string) =>
      t.storage.tasks
        .create(team, MEI, { title, goalId: null, dueDate, suggestedBy: null }, NOW)
        .then((r) => r.task.id);
    overdue = await task('Draft the talk outline', '2026-12-18');
    later = await task('Book a practice room', '2027-01-20');
    await t.storage.helpRequests.open(
      team,
      { menteeId: MEI, topicId: null, note: 'Stuck on the opening' },
      new Date(NOW.getTime() - 2 * 86_400_000),
    );
  });
  afterAll(async () => {
    await t.stop();
  });

  async function home(): Promise<string> {
    await t.driver.appHomeOpened(MEI);
    await t.settle();
    return JSON.stringify(t.fake.homeViews.get(MEI));
  }

  it('shows her progress page button, an overdue mark, and her open help request with its age', async () => {
    const view = await home();
    expect(view).toContain('"text":"Open your progress page"');
    expect(view).toContain(`"action_id":"${ACTIONS.openProgress}","value":"${MEI}"`);
    expect(view).toContain('Overdue: was due 18 Dec 2026');
    expect(view).toContain('Due 20 Jan');
    expect(view).toContain('You asked for help 2 days ago');
  });

  it('ticks a task off in place: done, and gone from the list', async () => {
    await t.driver.blockAction(
      MEI,
      {
        action_id: ACTIONS.tickTasks,
        type: 'checkboxes',
        selected_options: [{ text: { type: 'plain_text', text: 'Draft the talk outline' }, value: String(overdue) }],
      },
      { viewId: t.fake.homeViews.get(MEI)!.id },
    );
    await t.settle();
    const row = await t.storage.db('tasks').where({ id: overdue }).first();
    expect(row.done_at).toBe(NOW.toISOString());
    const view = JSON.stringify(t.fake.homeViews.get(MEI));
    expect(view).not.toContain('Draft the talk outline');
    expect(view).toContain('Book a practice room');
    // Someone else's tick of her task changes nothing.
    await t.driver.blockAction(
      PRIYA,
      {
        action_id: ACTIONS.tickTasks,
        type: 'checkboxes',
        selected_options: [{ text: { type: 'plain_text', text: 'x' }, value: String(later) }],
      },
      { viewId: t.fake.homeViews.get(MEI)!.id },
    );
    await t.settle();
    expect((await t.storage.db('tasks').where({ id: later }).first()).done_at).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedDate, selectedOption, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { activeMentorship, commandAnswer, lastOpened, now, overflowChoice, TEAM } from '../../support/progress.ts';

const MIA = 'UMIA0001';
const SAM = 'USAM0001';
const LEO = 'ULEO0001';

const goalValues = (title: string, target?: string) => ({
  goal_title: { value: textValue(title) },
  goal_detail: { value: textValue('') },
  goal_target: { value: target ? selectedDate(target) : { type: 'datepicker', selected_date: null } },
});

describe('goals and tasks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [MIA, SAM, LEO].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      now: () => now,
    });
    await activeMentorship(t, SAM, MIA);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('adds a goal from /mentor goal once, even when Slack delivers the submission twice', async () => {
    await t.driver.command(MIA, 'goal');
    await t.settle();
    const modal = lastOpened(t);
    const first = await t.driver.submitView(MIA, modal, goalValues('Lead a review', '2026-12-20'));
    await t.driver.submitView(MIA, modal, goalValues('Lead a review', '2026-12-20'));
    await t.settle();
    expect(first.body).toBe('');
    const goals = await t.storage.goals.listForMentee(TEAM, MIA);
    expect(goals).toEqual([
      expect.objectContaining({ title: 'Lead a review', targetDate: '2026-12-20', status: 'open' }),
    ]);
    const audit = (await t.storage.audit.list(TEAM)).filter((a) => a.action === 'goal.create');
    expect(audit).toHaveLength(1);
  });

  it('keeps what was typed and says what to fix for a past date or a missing title', async () => {
    await t.driver.command(MIA, 'goal');
    await t.settle();
    const res = await t.driver.submitView(MIA, lastOpened(t), goalValues('', '2026-01-01'));
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { goal_title: 'Give your goal a short title.', goal_target: 'Pick today or a later date.' },
    });
    expect(res.viewErrors).toEqual([]);
  });

  it('adds a task under a goal, then completes, edits and drops from the progress page, redrawing it each time', async () => {
    const [goal] = await t.storage.goals.listForMentee(TEAM, MIA);
    await t.driver.command(MIA, 'task');
    await t.settle();
    const taskModal = lastOpened(t);
    expect(JSON.stringify(taskModal)).toContain('Lead a review');
    await t.driver.submitView(MIA, taskModal, {
      task_title: { value: textValue('Draft the agenda') },
      task_goal: { value: selectedOption(String(goal!.id)) },
      task_due: { value: selectedDate('2026-12-01') },
    });
    await t.settle();
    const [task] = await t.storage.tasks.listOpenForMentee(TEAM, MIA);
    expect(task).toMatchObject({ title: 'Draft the agenda', goalId: goal!.id, suggestedBy: null });

    await t.driver.command(MIA, 'progress');
    await t.settle();
    const page = lastOpened(t);
    expect(JSON.stringify(page)).toContain('Draft the agenda');

    // Edit the task: a modal is pushed over the page; saving updates the task and redraws the page.
    await t.driver.blockAction(MIA, overflowChoice('task.menu', `edit:${task!.id}`), { viewId: page.id });
    await t.settle();
    const edit = lastOpened(t, 'views.push');
    expect(JSON.stringify(edit)).toContain('Draft the agenda');
    t.fake.clearCalls();
    await t.driver.submitView(MIA, edit, {
      task_title: { value: textValue('Draft and share the agenda') },
      task_goal: { value: selectedOption(String(goal!.id)) },
      task_due: { value: selectedDate('2026-12-01') },
    });
    await t.settle();
    expect((await t.storage.tasks.get(TEAM, task!.id))?.title).toBe('Draft and share the agenda');
    const redrawn = lastOpened(t, 'views.update');
    expect(redrawn.id).toBe(page.id);
    expect(JSON.stringify(redrawn)).toContain('Draft and share the agenda');

    // Mark the task done twice (double click): done once, audited once.
    await t.driver.blockAction(MIA, overflowChoice('task.menu', `done:${task!.id}`), { viewId: page.id });
    await t.driver.blockAction(MIA, overflowChoice('task.menu', `done:${task!.id}`), { viewId: page.id });
    await t.settle();
    expect((await t.storage.tasks.get(TEAM, task!.id))?.doneAt).toBe(now.toISOString());
    expect((await t.storage.audit.list(TEAM)).filter((a) => a.action === 'task.done')).toHaveLength(1);
    expect(JSON.stringify(t.fake.view(page.id))).not.toContain('Draft and share the agenda');

    // Drop the goal.
    await t.driver.blockAction(MIA, overflowChoice('goal.menu', `drop:${goal!.id}`), { viewId: page.id });
    await t.settle();
    expect((await t.storage.goals.get(TEAM, goal!.id))?.status).toBe('dropped');
    expect(JSON.stringify(t.fake.view(page.id))).toContain('No open goals yet');
  });

  it("does not let anyone else change a mentee's goals", async () => {
    const { goal } = await t.storage.goals.create(
      TEAM,
      MIA,
      { title: 'Speak at a meetup', detail: null, targetDate: null },
      now,
    );
    await t.driver.command(SAM, `progress <@${MIA}>`);
    await t.settle();
    const page = lastOpened(t);
    await t.driver.blockAction(SAM, overflowChoice('goal.menu', `done:${goal.id}`), { viewId: page.id });
    await t.settle();
    expect((await t.storage.goals.get(TEAM, goal.id))?.status).toBe('open');
    expect(JSON.stringify(lastOpened(t, 'views.push'))).toContain('Only the mentee can change');
  });

  it('lets an active supporter suggest a task, marked as theirs, and tells the mentee', async () => {
    await t.driver.command(SAM, `task <@${MIA}|mia>`);
    await t.settle();
    const modal = lastOpened(t);
    expect(JSON.stringify(modal)).toContain('Suggest a task');
    await t.driver.submitView(SAM, modal, {
      task_title: { value: textValue('Pair with Leo on SQL') },
      task_due: { value: { type: 'datepicker', selected_date: null } },
    });
    await t.settle();
    const suggested = (await t.storage.tasks.listOpenForMentee(TEAM, MIA)).find(
      (x) => x.title === 'Pair with Leo on SQL',
    );
    expect(suggested?.suggestedBy).toBe(SAM);
    const dm = t.fake.dmsTo(MIA).at(-1);
    expect(dm?.response.ok).toBe(true);
    expect(String(dm?.args.text)).toContain(`<@${SAM}> suggested a task for you`);
    await t.driver.command(MIA, 'progress');
    await t.settle();
    expect(JSON.stringify(lastOpened(t))).toContain(`suggested by <@${SAM}>`);
  });

  it('also offers Suggest a task on the progress page', async () => {
    await t.driver.command(SAM, `progress <@${MIA}>`);
    await t.settle();
    const page = lastOpened(t);
    await t.driver.blockAction(SAM, { action_id: 'task.suggest', value: MIA }, { viewId: page.id });
    await t.settle();
    const pushed = lastOpened(t, 'views.push');
    expect(JSON.stringify(pushed)).toContain('Suggest a task');
    expect(JSON.parse(pushed.private_metadata)).toMatchObject({ menteeId: MIA, progressViewId: page.id });
  });

  it('refuses a suggestion from someone who does not support the mentee, and from a supporter whose mentorship ended', async () => {
    const res = await t.driver.command(LEO, `task <@${MIA}>`);
    await t.settle();
    expect(commandAnswer(t, res, LEO)).toContain('You can suggest tasks only to mentees you support');

    const ended = await activeMentorship(t, LEO, MIA);
    await t.driver.command(LEO, `task <@${MIA}>`);
    await t.settle();
    const modal = lastOpened(t);
    await t.storage.mentorships.end(TEAM, ended.id, MIA, null, now);
    const submit = await t.driver.submitView(LEO, modal, {
      task_title: { value: textValue('Sneaky') },
      task_due: { value: { type: 'datepicker', selected_date: null } },
    });
    expect(JSON.stringify(submit.body)).toContain('You can suggest tasks only to mentees you support');
    expect((await t.storage.tasks.listOpenForMentee(TEAM, MIA)).map((x) => x.title)).not.toContain('Sneaky');
  });

  it('logged nothing unexpected', () => {
    expect(t.logs.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
  });
});

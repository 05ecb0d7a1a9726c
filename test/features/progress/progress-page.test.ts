import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { activeMentorship, commandAnswer, lastOpened, now, TEAM } from '../../support/progress.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const SAM = 'USAM0001';
const LEO = 'ULEO0001';
const EVE = 'UEVE0001';
const OLD = 'UOLD0001';

describe('the progress page', () => {
  let t: TestApp;
  let oldMentorshipId: number;
  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, MIA, SAM, LEO, EVE, OLD].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => now,
    });
    const topic = await t.storage.topics.create(TEAM, { name: 'Data analysis', createdBy: ADMIN }, now);
    await activeMentorship(t, SAM, MIA, topic.id);
    oldMentorshipId = (await activeMentorship(t, OLD, MIA)).id;
    // A mentorship that ended, with the private reason its supporter gave.
    const past = await activeMentorship(t, EVE, MIA);
    await t.storage.mentorships.end(TEAM, past.id, EVE, 'REASON-FOR-ADMINS', now);
    await t.storage.goals.create(
      TEAM,
      MIA,
      { title: 'Lead a review', detail: 'by spring', targetDate: '2026-12-20' },
      now,
    );
    const m = await t.storage.mentorships.listForMentee(TEAM, MIA, ['active']);
    await t.storage.db('meeting_reports').insert({
      team_id: TEAM,
      mentorship_id: m[0]!.id,
      author_id: SAM,
      mentee_id: MIA,
      met_on: '2026-11-20',
      duration_minutes: 45,
      format: 'video',
      summary: 'Talked through the review plan',
      progress: 4,
      private_note: 'PRIVATE-FOR-ADMINS',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('opens for the mentee with their goals, supporters, reports and their own buttons, never the private note', async () => {
    await t.driver.command(MIA, 'progress');
    await t.settle();
    const view = lastOpened(t);
    const json = JSON.stringify(view);
    expect(json).toContain('Your progress page');
    expect(json).toContain('Lead a review');
    expect(json).toContain(`<@${SAM}> · mentor · Data analysis · since 23 Nov`);
    expect(json).toContain('Talked through the review plan');
    expect(json).not.toContain('PRIVATE-FOR-ADMINS');
    for (const id of ['goal.add', 'task.add', 'assistance.open', 'goal.menu'])
      expect(json).toContain(`"action_id":"${id}"`);
    expect(json).not.toContain('report.open');
  });

  it('opens for an active supporter with Log meeting report (their mentorship id) and Suggest a task, but no edit menus', async () => {
    await t.driver.command(SAM, `progress <@${MIA}|mia>`);
    await t.settle();
    const json = JSON.stringify(lastOpened(t));
    expect(json).toContain(`<@${MIA}>'s progress page`);
    const sams = (await t.storage.mentorships.listForMentee(TEAM, MIA, ['active'])).find((m) => m.supporterId === SAM)!;
    expect(json).toContain(`"action_id":"report.open","value":"${sams.id}"`);
    expect(json).toContain('"action_id":"task.suggest"');
    expect(json).not.toContain('goal.menu');
    // Its author reads their own private note ("only you and Lifering admins"); nobody else but admins does.
    expect(json).toContain('Private note for admins: PRIVATE-FOR-ADMINS');
  });

  it('opens for an admin, read only', async () => {
    await t.driver.command(ADMIN, `progress <@${MIA}>`);
    await t.settle();
    const json = JSON.stringify(lastOpened(t));
    expect(json).toContain('Lead a review');
    expect(json).not.toContain('goal.menu');
    expect(json).not.toContain('report.open');
  });

  it('shows an admin the private notes and end reasons, marked as such; never the mentee or another supporter (OLD)', async () => {
    await t.driver.command(ADMIN, `progress <@${MIA}>`);
    await t.settle();
    const admin = JSON.stringify(lastOpened(t));
    expect(admin).toContain('Private note for admins: PRIVATE-FOR-ADMINS');
    expect(admin).toContain(`<@${EVE}> · mentor · ended 23 Nov by <@${EVE}>`);
    expect(admin).toContain('Reason (admins only): REASON-FOR-ADMINS');
    expect(admin).not.toContain('never shown here');
    for (const viewer of [MIA, OLD]) {
      await t.driver.command(viewer, viewer === MIA ? 'progress' : `progress <@${MIA}>`);
      await t.settle();
      const json = JSON.stringify(lastOpened(t));
      expect(json).not.toContain('PRIVATE-FOR-ADMINS');
      expect(json).not.toContain('REASON-FOR-ADMINS');
      expect(json).not.toContain('Past mentorships');
    }
  });

  it('refuses anyone else with the same words whether or not the person exists or has supporters', async () => {
    t.fake.clearCalls();
    const answers: string[] = [];
    for (const target of [MIA, 'UNOBODY99', EVE]) {
      const res = await t.driver.command(LEO, `progress <@${target}>`);
      await t.settle();
      answers.push(commandAnswer(t, res, LEO));
    }
    expect(answers[0]).toContain('You can open a progress page only for yourself');
    expect(new Set(answers).size).toBe(1);
    expect(t.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('explains how to mention someone when the argument is not a mention', async () => {
    const res = await t.driver.command(SAM, 'progress mia');
    expect(commandAnswer(t, res, SAM)).toContain('Mention them like `/mentor progress @mia`');
  });

  it('opens from an Open progress page button in a DM; a supporter whose mentorship ended is told so, and refused by command', async () => {
    // A DM with the button, as the life-ring and assignment DMs carry it.
    const client = t.lifering.deps.clientFor(TEAM);
    for (const to of [SAM, OLD]) {
      await client.chat.postMessage({
        channel: to,
        text: 'x',
        blocks: [
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                text: { type: 'plain_text', text: 'Open progress page' },
                action_id: 'progress.open',
                value: MIA,
              },
            ],
          },
        ],
      });
    }
    t.fake.clearCalls();
    await t.driver.blockAction(SAM, { action_id: 'progress.open' });
    await t.settle();
    expect(JSON.stringify(lastOpened(t))).toContain('Lead a review');

    await t.storage.mentorships.end(TEAM, oldMentorshipId, ADMIN, null, now);
    t.fake.clearCalls();
    await t.driver.blockAction(OLD, { action_id: 'progress.open' });
    await t.settle();
    expect(t.fake.callsTo('views.open')).toHaveLength(0);
    const refusal = t.fake
      .messagesIn(t.fake.dmChannel(OLD))
      .filter((m) => m.ephemeralTo === OLD)
      .at(-1);
    // Their old DM's button answers with what happened, not a refusal.
    expect(refusal?.text).toContain(`Your mentorship with <@${MIA}> ended on`);
    const res = await t.driver.command(OLD, `progress <@${MIA}>`);
    await t.settle();
    expect(commandAnswer(t, res, OLD)).toContain('You can open a progress page only for yourself');
  });

  it('pages a long page within 100 blocks, and the page button moves between pages', async () => {
    for (let i = 0; i < 120; i++)
      await t.storage.tasks.create(
        TEAM,
        MIA,
        { title: `Task ${i}`, goalId: null, dueDate: null, suggestedBy: null },
        now,
      );
    await t.driver.command(MIA, 'progress');
    await t.settle();
    const first = lastOpened(t);
    expect(first.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(first)).toContain('page 1 of 2');
    await t.driver.blockAction(MIA, { action_id: 'progress.page', value: '2' }, { viewId: first.id });
    await t.settle();
    const second = lastOpened(t, 'views.update');
    expect(second.id).toBe(first.id);
    expect(second.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(second)).toContain('page 2 of 2');
    expect(JSON.stringify(second)).toContain('Task 119');
    expect(JSON.parse(second.private_metadata)).toEqual({ menteeId: MIA, page: 2 });
  });

  it('logged nothing unexpected', () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

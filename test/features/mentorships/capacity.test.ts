import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const LEE = 'ULEE0001';
const now = new Date('2026-11-23T10:00:00.000Z');

describe('the capacity warning on every path that assigns', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SAM, LEE, 'UM1', 'UM2', 'UM3', 'UM4'].map((id) => ({ id, name: id.toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN, MAX_MENTEES_PER_SUPPORTER: '2' },
      now: () => now,
    });
    for (const mentee of ['UM1', 'UM2']) {
      await t.storage.mentorships.create(
        {
          teamId: t.fake.teamId,
          supporterId: SAM,
          menteeId: mentee,
          topicId: null,
          supporterKind: 'mentor',
          assignedBy: ADMIN,
          notify: false,
        },
        now,
      );
    }
    await t.storage.mentorships.create(
      {
        teamId: t.fake.teamId,
        supporterId: LEE,
        menteeId: 'UM4',
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: ADMIN,
        notify: false,
      },
      now,
    );
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it('`/mentor assign` says the supporter was at the limit, in the words of the modal and the report', async () => {
    const res = await t.driver.command(ADMIN, `assign <@${SAM}> <@UM3> silently`);
    const text = (res.body as { text: string }).text;
    expect(text).toContain(`Done: <@${SAM}> now supports <@UM3>`);
    expect(text).toContain(`:warning: <@${SAM}> supports 2 of up to 2 mentees`);
    expect(text).toContain('One more mentee takes them above the limit of 2.');
    // Someone with room gets no warning.
    const roomy = await t.driver.command(ADMIN, `assign <@${LEE}> <@UM1> silently`);
    expect((roomy.body as { text: string }).text).not.toContain(':warning:');
  });

  it('`/mentor reassign` shows the new supporter’s load in its confirmation', async () => {
    await t.driver.command(ADMIN, `reassign <@${LEE}> <@${SAM}> <@UM4>`);
    await t.settle();
    const view = JSON.stringify(t.fake.lastCall('views.open')?.args.view);
    expect(view).toContain('Reassign mentorship');
    expect(view).toContain(`:warning: <@${SAM}> supports 3 of up to 2 mentees`);
    expect(view).toContain('They are already above the limit of 2.');
  });
});

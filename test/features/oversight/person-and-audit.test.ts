import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEO = 'ULEO0001';
const now = new Date('2026-11-23T10:00:00.000Z');

describe("one person's page and the audit log (admins)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SAM, MIA, LEO].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN, MAX_MENTEES_PER_SUPPORTER: '3' },
      now: () => now,
    });
    await t.storage.topics.create(t.fake.teamId, { name: 'Data analysis', createdBy: ADMIN }, now);
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> Data analysis silently`);
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${LEO}> silently`);
    await t.driver.command(ADMIN, `assign <@${MIA}> <@${SAM}> as coach silently`);
    // LEO ends his mentorship with a private reason.
    await t.driver.command(LEO, `end <@${SAM}>`);
    await t.settle();
    const form = t.fake.lastCall('views.open')!.response.view as { id: string };
    await t.driver.submitView(LEO, form.id, { reason: { reason: textValue('REASON-PRIVATE moved teams') } });
    await t.settle();
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  it('`/mentor admin person @x`: what they support and are supported in, per topic, their load and history', async () => {
    const refused = await t.driver.command(MIA, `admin person <@${SAM}>`);
    expect(JSON.stringify(refused.body)).toContain('Only Lifering admins');
    const res = await t.driver.command(ADMIN, `admin person <@${SAM}>`);
    await t.settle();
    expect(res.body).toBe('');
    const page = JSON.stringify(t.fake.lastCall('views.open')?.args.view);
    expect(t.fake.lastCall('views.open')?.response.ok).toBe(true);
    expect(page).toContain(`*<@${SAM}>* · 1 active mentee of up to 3`);
    expect(page).toContain(`• *Data analysis*: <@${MIA}> (mentor)`);
    expect(page).toContain(`*Supported in*\\n• *No topic*: <@${MIA}> (coach)`);
    expect(page).toContain(`supported <@${LEO}> · No topic · ended 23 Nov by <@${LEO}>`);
    expect(page).toContain('REASON-PRIVATE moved teams');
  });

  it('`/mentor admin audit` shows who did what and when, without typed reasons; Export CSV sends the whole log', async () => {
    await t.driver.command(ADMIN, 'admin audit');
    await t.settle();
    const open = t.fake.lastCall('views.open')!;
    expect(open.response.ok).toBe(true);
    const log = JSON.stringify(open.args.view);
    expect(log).toContain(`<@${ADMIN}> *mentorship.assigned*`);
    expect(log).toContain(`<@${LEO}> *mentorship.ended*`);
    expect(log).not.toContain('REASON-PRIVATE');
    const viewId = (open.response.view as { id: string }).id;
    await t.driver.blockAction(ADMIN, { action_id: ACTIONS.exportAudit }, { viewId });
    await t.settle();
    const csv = [...t.fake.files.values()].at(-1)?.bytes?.toString('utf8') ?? '';
    expect(csv.split('\r\n')[0]).toBe(
      '"Entry id","When (UTC)","Actor id","Action","Subject type","Subject id","Details"',
    );
    expect(csv).toContain(`,"${ADMIN}","mentorship.assigned","mentorship",`);
    expect(csv).toContain(`,"${LEO}","mentorship.ended","mentorship",`);
    expect(csv).not.toContain('REASON-PRIVATE');
    expect((await t.storage.audit.list(t.fake.teamId)).map((a) => a.action)).toContain('audit.exported');
  });
});

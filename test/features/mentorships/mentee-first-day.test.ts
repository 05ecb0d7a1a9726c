// A mentee's first day, counted in what lands in her DMs (issue 23: five DMs in her first 35
// minutes was too many): she asks for a supporter, an admin assigns one, the supporter accepts,
// files the first meeting report and corrects it. Everything else she reads on Home and her
// progress page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, REPORT_FIELDS as F } from '../../../src/slack/ids.ts';
import { numberValue, radio, selectedDate, selectedOption, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const PRIYA = 'UPRIYA01';
const MEI = 'UMEI0001';
const START = new Date('2026-11-23T10:00:00.000Z');
const MINUTE = 60_000;

describe("a mentee's first day", () => {
  let t: TestApp;
  let clock = START;

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: PRIYA, name: 'priya' },
        { id: MEI, name: 'mei' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => clock,
    });
    await t.storage.topics.create(t.fake.teamId, { name: 'Public speaking', createdBy: ADMIN }, START);
  });
  afterAll(async () => {
    await t.stop();
  });

  const later = (minutes: number) => {
    clock = new Date(START.getTime() + minutes * MINUTE);
  };

  it('sends her at most three DMs: asking, assignment, accept, first report and its correction', async () => {
    await t.driver.command(MEI, 'request public speaking I want to present at the all-hands');
    await t.settle();
    later(5);
    await t.driver.command(ADMIN, `assign <@${PRIYA}> <@${MEI}> public speaking`);
    await t.settle();
    later(10);
    const offer = t.fake.dmsTo(PRIYA).at(-1)!;
    await t.driver.blockAction(
      PRIYA,
      { action_id: ACTIONS.acceptAssignment },
      { messageTs: String(offer.response.ts) },
    );
    await t.settle();

    later(30);
    await t.driver.command(PRIYA, `report <@${MEI}|mei>`);
    await t.settle();
    const form = t.fake.lastCall('views.open')!;
    expect(form.response.ok).toBe(true);
    // Only what the form requires: the date comes filled in.
    const required = {
      [F.metOn]: { [F.metOn]: selectedDate('2026-11-23') },
      [F.duration]: { [F.duration]: numberValue(30) },
      [F.format]: { [F.format]: selectedOption('video') },
      [F.summary]: { [F.summary]: textValue('Met, agreed to practise the talk weekly.') },
      [F.progress]: { [F.progress]: radio('4') },
    };
    const filed = await t.driver.submitView(PRIYA, String((form.response.view as { id: string }).id), required);
    expect(filed.body).toBe('');
    await t.settle();

    later(35);
    await t.driver.blockAction(PRIYA, { action_id: ACTIONS.editReport });
    await t.settle();
    const edit = t.fake.lastCall('views.open')!;
    expect(edit.response.ok).toBe(true);
    const edited = await t.driver.submitView(PRIYA, String((edit.response.view as { id: string }).id), {
      ...required,
      [F.summary]: { [F.summary]: textValue('Met, agreed to practise the talk every Friday.') },
    });
    expect(edited.body).toBe('');
    await t.settle();

    const dms = t.fake.dmsTo(MEI).map((c) => String(c.args.text));
    expect(dms.length, dms.join('\n')).toBeLessThanOrEqual(3);
    expect(dms.join('\n')).toContain(`<@${PRIYA}> is now your supporter`);
    expect(t.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
  });
});

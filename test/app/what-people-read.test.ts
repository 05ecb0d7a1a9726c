import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, REPORT_FIELDS as F } from '../../src/slack/ids.ts';
import { checkboxes, numberValue, radio, selectedDate, selectedOption, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { readable } from '../support/readable.ts';
import { seedMentorships } from '../support/seed.ts';
import { runReminderSweep } from '../support/sweep.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEO = 'ULEO0001';
const KAI = 'UKAI0001';
const T = 'T0LIFERING';

/** Buttons anywhere in what Lifering sent. */
function buttons(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const n of node) buttons(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'button') out.push(o);
    for (const v of Object.values(o)) buttons(v, out);
  }
  return out;
}

/**
 * A tour of the programme as each of its people would take it (supporter, mentee, admin), then
 * a look at everything Lifering sent them: dates read one way ("23 Nov", "1 Oct 2025"), never as
 * YYYY-MM-DD or an ISO instant (CSV files keep ISO dates, and are not read here), and every
 * button whose text is only an icon or arrow has an accessibility label for screen readers.
 */
describe('what people read', () => {
  let t: TestApp;
  let clock = new Date('2026-11-23T10:00:00.000Z');
  const acks: unknown[] = [];
  const command = async (who: string, text: string) => {
    acks.push((await t.driver.command(who, text)).body);
    await t.settle();
  };
  const lastView = () => t.fake.lastCall('views.open')!.response.view as { id: string };

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, SAM, MIA, LEO, KAI].map((id) => ({ id, name: id.slice(1, 4).toLowerCase(), tz: 'Europe/London' })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => clock,
    });
    const topic = await t.storage.topics.create(
      T,
      { name: 'Data analysis', createdBy: ADMIN },
      new Date('2025-01-01T00:00:00.000Z'),
    );
    // An old pair (from last year, so its dates carry the year), a declined one and a waiting mentee.
    await seedMentorships(t.storage.db, T, [
      {
        supporter_id: SAM,
        mentee_id: LEO,
        topic_id: topic.id,
        status: 'active',
        created_at: '2025-10-01T09:00:00.000Z',
        feedback_from: '2025-10-01T09:00:00.000Z',
      },
      {
        supporter_id: KAI,
        mentee_id: LEO,
        status: 'declined',
        created_at: '2026-11-01T09:00:00.000Z',
        ended_at: '2026-11-02T09:00:00.000Z',
      },
      {
        supporter_id: KAI,
        mentee_id: MIA,
        status: 'ended',
        created_at: '2025-03-01T09:00:00.000Z',
        ended_at: '2025-06-01T09:00:00.000Z',
        end_reason: 'Moved team',
      },
    ]);
    await t.storage
      .db('supporter_profiles')
      .insert({ team_id: T, user_id: KAI, capacity: 2, away_until: '2026-12-20', updated_at: clock.toISOString() })
      .catch(() => undefined);
    await command(LEO, 'request Data analysis');

    // The admin assigns Sam to Mia; Sam accepts.
    await command(ADMIN, `assign <@${SAM}> <@${MIA}> Data analysis`);
    await t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment });
    await t.settle();
    // Sam files a report with a next meeting; Mia asks for help; Sam resolves it.
    await command(SAM, `report <@${MIA}>`);
    await t.driver.submitView(SAM, lastView().id, {
      [F.metOn]: { [F.metOn]: selectedDate('2026-11-23') },
      [F.duration]: { [F.duration]: numberValue(30) },
      [F.format]: { [F.format]: selectedOption('video') },
      [F.summary]: { [F.summary]: textValue('Planned the review.') },
      [F.progress]: { [F.progress]: radio('3') },
      [F.nextMeeting]: { [F.nextMeeting]: selectedDate('2026-11-25') },
    });
    await t.settle();
    await command(MIA, 'assist');
    await t.driver.submitView(MIA, lastView().id, {
      assist_topic: { value: selectedOption(String(topic.id)) },
      assist_level: { value: radio('2') },
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue('Stuck on window functions') },
    });
    await t.settle();
    await command(MIA, 'goal');
    await command(MIA, 'progress');
    await command(SAM, `progress <@${MIA}>`);
    await command(ADMIN, `progress <@${LEO}>`);
    await command(ADMIN, `progress <@${MIA}>`);
    await t.driver.blockAction(SAM, { action_id: ACTIONS.resolveHelp });
    await t.settle();
    for (const text of ['help', 'help all', 'list', 'offer', 'messages'])
      for (const who of [SAM, MIA]) await command(who, text);
    for (const text of [
      'admin report',
      'admin mentorships',
      'admin mentorships declined',
      'admin audit',
      `admin person <@${SAM}>`,
      `admin person <@${LEO}>`,
      'unmatched',
      'topics',
      'assign',
      `end <@${SAM}> <@${MIA}>`,
    ]) {
      await command(ADMIN, text);
    }
    await command(ADMIN, `assign <@${KAI}> <@${LEO}>`);
    for (const who of [ADMIN, SAM, MIA, LEO, KAI]) {
      await t.driver.appHomeOpened(who);
      await t.settle();
    }
    // The morning of the meeting, and weeks later: meeting-day DMs, reminders, the admins' digest.
    for (const at of ['2026-11-25T09:00:00.000Z', '2027-01-04T10:00:00.000Z', '2027-01-05T10:00:00.000Z']) {
      clock = new Date(at);
      await runReminderSweep({
        now: clock,
        storage: t.storage,
        clientFor: t.lifering.deps.clientFor,
        config: t.config,
        logger: t.lifering.deps.logger,
      });
    }
    await t.driver.appHomeOpened(SAM);
    await t.settle();
  }, 60_000);
  afterAll(async () => {
    await t.stop();
  });

  const sent = () => [
    ...acks,
    ...t.fake.calls.filter((c) => c.method !== 'auth.test' && c.method !== 'users.info').map((c) => c.args),
  ];

  it('went everywhere it meant to', () => {
    const methods = new Set(t.fake.calls.map((c) => c.method));
    for (const m of ['chat.postMessage', 'chat.update', 'views.open', 'views.publish']) expect(methods, m).toContain(m);
    const all = readable(sent()).join('\n');
    for (const seen of ['asked 23 Nov at', 'You meet', 'Audit log', 'away until 20 Dec', 'Who supports you'])
      expect(all, seen).toContain(seen);
  });

  it('writes every date one way, never as YYYY-MM-DD', () => {
    const raw = readable(sent()).filter((s) => /\d{4}-\d{2}-\d{2}/.test(s));
    expect(raw).toEqual([]);
  });

  it('gives every button whose text has no letters an accessibility label Slack takes', () => {
    const all = buttons(sent());
    expect(all.length).toBeGreaterThan(20);
    const unlabelled = all.filter(
      (b) => !/\p{L}/u.test(String((b.text as { text?: string } | undefined)?.text ?? '')) && !b.accessibility_label,
    );
    expect(unlabelled).toEqual([]);
    for (const b of all)
      if (b.accessibility_label !== undefined) expect(String(b.accessibility_label).length).toBeLessThanOrEqual(75);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedMentorships } from '../../support/seed.ts';
import { runReminderSweep } from '../../support/sweep.ts';

const ADMIN_F = 'UADMINF1';
const ADMIN_N = 'UADMINN1';
const SUP_F = 'USUPF001';
const SUP_N = 'USUPN001';
const MEN_F = 'UMENF001';
const MEN_N = 'UMENN001';
const OTHER1 = 'UOTHER01';
const OTHER2 = 'UOTHER02';
const FEWER = [ADMIN_F, SUP_F, MEN_F];
const DAY = 86_400_000;

/**
 * A simulated quarter with every kind of nudge falling due all the time: overdue reminders that
 * repeat daily, a daily admin digest, and two meeting check-ins a week for each mentee. The sweep
 * runs twice a day; every DM is counted at the instant it went out.
 */
describe('"fewer messages" holds across every kind of nudge over a quarter', () => {
  let t: TestApp;
  let clock = new Date('2026-11-23T09:30:00.000Z');
  const sent = new Map<string, number[]>();
  /** Check-in questions only (not the silent-partner notices, which are nudges of their own). */
  const questions = new Map<string, number[]>();

  beforeAll(async () => {
    const london = (id: string) => ({ id, name: id.toLowerCase(), tz: 'Europe/London' });
    t = await startTestApp({
      users: [ADMIN_F, ADMIN_N, SUP_F, SUP_N, MEN_F, MEN_N, OTHER1, OTHER2].map(london),
      env: { ADMIN_USER_IDS: `${ADMIN_F},${ADMIN_N}`, REMINDER_REPEAT_DAYS: '1', ESCALATE_AFTER_DAYS: '1' },
      now: () => clock,
    });
    for (const who of FEWER) {
      const res = await t.driver.command(who, 'messages fewer');
      expect((res.body as { text: string }).text).toContain('fewer messages');
    }
    await seedMentorships(t.storage.db, t.fake.teamId, [
      { supporter_id: SUP_F, mentee_id: OTHER1, status: 'active', feedback_from: '2026-09-01T09:00:00.000Z' },
      { supporter_id: SUP_N, mentee_id: OTHER2, status: 'active', feedback_from: '2026-09-01T09:00:00.000Z' },
      { supporter_id: OTHER1, mentee_id: MEN_F, status: 'active', feedback_from: '2026-11-23T09:00:00.000Z' },
      { supporter_id: OTHER2, mentee_id: MEN_N, status: 'active', feedback_from: '2026-11-23T09:00:00.000Z' },
    ]);
    t.fake.reset();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('each person with fewer messages gets at most one nudge in any 7 days, and still hears; the others get more', async () => {
    const pairs = await t.storage
      .db('mentorships')
      .whereIn('mentee_id', [MEN_F, MEN_N])
      .select('id', 'mentee_id', 'supporter_id');
    let reportId = 1;
    const end = new Date('2027-02-22T00:00:00.000Z'); // 91 days
    for (let day = new Date('2026-11-23T00:00:00.000Z'); day < end; day = new Date(day.getTime() + DAY)) {
      const weekday = day.getUTCDay();
      // Two meetings a week for each mentee: each queues a check-in, as filing a report does.
      if (weekday === 1 || weekday === 4) {
        for (const p of pairs) {
          await t.storage.checkins.queue(
            {
              teamId: t.fake.teamId,
              kind: 'meeting',
              mentorshipId: p.id,
              reportId: reportId++,
              personId: p.mentee_id,
              otherId: p.supporter_id,
            },
            day,
          );
        }
      }
      for (const hour of [9.5, 14.5]) {
        clock = new Date(day.getTime() + hour * 3_600_000);
        const before = t.fake.calls.length;
        await runReminderSweep({
          now: clock,
          storage: t.storage,
          clientFor: t.lifering.deps.clientFor,
          config: t.config,
          logger: t.lifering.deps.logger,
        });
        for (const c of t.fake.calls.slice(before)) {
          if (c.method !== 'chat.postMessage' || c.response.ok !== true) continue;
          const to = String(c.args.channel);
          sent.set(to, [...(sent.get(to) ?? []), clock.getTime()]);
          if (/How was/i.test(String(c.args.text))) questions.set(to, [...(questions.get(to) ?? []), clock.getTime()]);
        }
      }
    }
    const quietTo = (who: string) => t.fake.dmsTo(who).filter((c) => /quiet/.test(String(c.args.text))).length;
    const counts = Object.fromEntries(
      [ADMIN_F, ADMIN_N, SUP_F, SUP_N, MEN_F, MEN_N].map((id) => [id, sent.get(id)?.length ?? 0]),
    );
    console.log('DMs over the quarter', JSON.stringify(counts));

    for (const who of FEWER) {
      const times = sent.get(who) ?? [];
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!, `${who}: DMs ${i} and ${i + 1}`).toBeGreaterThanOrEqual(7 * DAY);
      // Thirteen weeks: one a week at most, and nothing silently dropped for good.
      expect(counts[who], who).toBeGreaterThanOrEqual(10);
      expect(counts[who], who).toBeLessThanOrEqual(13);
    }
    // Without the setting, reminders repeat daily and the digest comes every working day.
    expect(counts[SUP_N]).toBeGreaterThan(50);
    expect(counts[ADMIN_N]).toBeGreaterThan(50);
    // Questions are once a week for everyone, setting or not.
    const mentee = questions.get(MEN_N) ?? [];
    for (let i = 1; i < mentee.length; i++) expect(mentee[i]! - mentee[i - 1]!).toBeGreaterThanOrEqual(7 * DAY);
    expect(mentee.length).toBeGreaterThanOrEqual(12);
    // The pairs went quiet (no reports filed), so the silent-partner notice is among the nudges too.
    for (const who of [SUP_F, SUP_N, MEN_F, MEN_N]) expect(quietTo(who), who).toBe(1);
    // Held-back check-ins were merged or dropped, never sent late in a burst.
    const asked = await t.storage.db('checkins').where({ person_id: MEN_F }).whereNotNull('asked_at').count({ n: '*' });
    expect(Number((asked[0] as { n: number | string }).n)).toBe(questions.get(MEN_F)?.length);
  }, 240_000);
});

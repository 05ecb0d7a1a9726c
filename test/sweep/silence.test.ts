import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../support/storage.ts';
import { schedule, startWorker, T } from './support.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEO = 'ULEO0001';
const KIM = 'UKIM0001';
const NED = 'UNED0001'; // "fewer messages"
const ZOE = 'UZOE0001';
const DAY = 86_400_000;

type Worker = Awaited<ReturnType<typeof startWorker>>;

/**
 * Three pairs accepted on Monday 2 February 2026, and the sweep twice a day until mid-May:
 * - Sam and Mia never report: both are told after 6 weeks, the admin 2 weeks after that.
 * - Kim answered a check-in on 2 March: their quiet starts then; a report after the notice
 *   ends the quiet spell before the admin hears of it.
 * - Ned, on "fewer messages", also gets his weekly overdue reminders: the notice shares that budget.
 */
describe(`silent partners over a spring on ${testEngine}`, () => {
  let w: Worker;
  beforeAll(async () => {
    const london = (id: string) => ({ id, name: id.toLowerCase(), tz: 'Europe/London' });
    w = await startWorker([ADMIN, SAM, MIA, LEO, KIM, NED, ZOE].map(london), { ADMIN_USER_IDS: ADMIN });
  });
  afterAll(async () => {
    await w.stop();
  });

  it('tells both sides once, with the no-blame way out, then the admins, and stops when the pair reports', async () => {
    const { storage } = w;
    const accepted = new Date('2026-02-02T10:00:00Z');
    const create = (supporterId: string, menteeId: string) =>
      storage.mentorships.create(
        { teamId: T, supporterId, menteeId, topicId: null, supporterKind: 'mentor', assignedBy: ADMIN, notify: false },
        accepted,
      );
    const sam = await create(SAM, MIA);
    const leo = await create(LEO, KIM);
    const ned = await create(NED, ZOE);
    await storage.checkins.setFewerMessages(T, NED, true, accepted);
    await storage.db('checkins').insert({
      team_id: T,
      kind: 'meeting',
      mentorship_id: leo.id,
      person_id: KIM,
      other_id: LEO,
      queued_at: '2026-02-27T10:00:00.000Z',
      asked_at: '2026-02-27T10:00:00.000Z',
      answered_at: '2026-03-02T12:00:00.000Z',
      score: 4,
    });
    const reportOnLeo = async () =>
      storage.reports.file(
        {
          teamId: T,
          mentorshipId: leo.id,
          authorId: LEO,
          menteeId: KIM,
          metOn: '2026-04-20',
          durationMinutes: 30,
          format: 'call',
          summary: 'Caught up.',
          progress: 3,
          goalsDiscussed: [],
          nextMeetingOn: null,
          privateNote: null,
          suggestedTasks: [],
          submissionKey: 'k-leo',
        },
        new Date('2026-04-20T12:00:00Z'),
      );

    let reported = false;
    for (const at of schedule('2026-02-02', '2026-05-15', ['10:00', '14:00'])) {
      if (!reported && at.toISOString() >= '2026-04-20T12:00:00Z') {
        await reportOnLeo();
        reported = true;
      }
      expect((await w.sweep(at)).ran).toBe(true);
    }

    const quiet = w
      .dmLog()
      .filter((l) => /quiet/.test(l))
      .sort();
    expect(quiet).toEqual([
      `2026-03-16 10:00 ${MIA}: It's been quiet: <@${SAM}>.`,
      `2026-03-16 10:00 ${NED}: It's been quiet: <@${ZOE}>.`,
      `2026-03-16 10:00 ${SAM}: It's been quiet: <@${MIA}>.`,
      `2026-03-16 10:00 ${ZOE}: It's been quiet: <@${NED}>.`,
      `2026-03-30 11:00 ${ADMIN}: It's been quiet: 2 quiet pairs.`,
      // Six weeks from Kim's check-in at 12:00 on 2 March.
      `2026-04-13 15:00 ${KIM}: It's been quiet: <@${LEO}>.`,
      `2026-04-13 15:00 ${LEO}: It's been quiet: <@${KIM}>.`,
    ]);

    // The supporter is offered a report or the end; the mentee the end; the admin the pairs.
    const to = (who: string) =>
      JSON.stringify(w.fake.dmsTo(who).find((c) => /quiet/.test(String(c.args.text)))!.args.blocks);
    expect(to(SAM)).toContain(`"action_id":"report.open","value":"${sam.id}"`);
    expect(to(SAM)).toContain(`"action_id":"mentorship.end.confirm","value":"${sam.id}"`);
    expect(to(SAM)).toContain('no meeting report or check-in for 6 weeks');
    expect(to(MIA)).toContain(`"action_id":"mentorship.end.confirm","value":"${sam.id}"`);
    expect(to(MIA)).not.toContain('report.open');
    expect(to(MIA)).toContain('no blame attached');
    expect(to(ADMIN)).toContain(`<@${SAM}> → <@${MIA}>: quiet for 8 weeks`);
    expect(to(ADMIN)).toContain(`<@${NED}> → <@${ZOE}>: quiet for 8 weeks`);
    expect(to(ADMIN)).not.toContain(`<@${LEO}>`);

    // "Fewer messages": every DM Ned had, the notice included, is at least a week after the one before.
    const nedTimes = w.fake.dmsTo(NED).map((c) => c.at);
    for (let i = 1; i < nedTimes.length; i++) expect(nedTimes[i]! - nedTimes[i - 1]!).toBeGreaterThanOrEqual(7 * DAY);
    expect(nedTimes.length).toBeGreaterThan(5);

    // Each notice exists once: one per person and quiet spell, whatever the number of sweeps.
    const rows = await storage.db('silence_notices').select('mentorship_id', 'stage', 'recipient_id', 'status');
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    // Leo and Kim reported before the admins were due to hear: no admins' notice was ever owed.
    expect(
      rows
        .filter((r) => r.stage === 'admins')
        .map((r) => Number(r.mentorship_id))
        .sort(),
    ).toEqual([sam.id, ned.id].sort());
  }, 120_000);
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import type { Programme } from '../../../src/storage/programmes.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { programmeSettings } from '../../support/programmes.ts';
import { runReminderSweep } from '../../support/sweep.ts';

const ADMIN = 'UADMIN01';
/** The cohort's manager; an admin too, until managers have their own row in the policy (P2). */
const MGR = 'UMGR0001';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const KIM = 'UKIM0001';
const NOOR = 'UNOOR001';
const LEO = 'ULEO0001';
const LONDON = 'Europe/London';
const users = [ADMIN, MGR, SAM, MIA, KIM, NOOR, LEO].map((id) => ({
  id,
  name: id.slice(1, 4).toLowerCase(),
  tz: LONDON,
}));

type Block = { elements?: { action_id: string; value?: string }[] };

describe("a cohort's end", () => {
  let t: TestApp;
  let clock = new Date('2027-04-29T10:00:00.000Z');
  let grad: Programme;
  let team: string;
  const pairs: Record<string, number> = {};
  const sweep = (holder: string) =>
    runReminderSweep({
      now: clock,
      storage: t.storage,
      clientFor: t.lifering.deps.clientFor,
      config: t.config,
      logger: t.lifering.deps.logger,
      holder,
    });
  const pair = async (supporterId: string, menteeId: string, notify: boolean, programmeId?: number) =>
    (
      await t.storage.mentorships.create(
        {
          teamId: team,
          supporterId,
          menteeId,
          topicId: null,
          supporterKind: 'mentor',
          assignedBy: MGR,
          notify,
          programmeId,
        },
        new Date('2026-11-10T10:00:00.000Z'),
      )
    ).id;
  const status = async (id: number) => (await t.storage.mentorships.get(team, id))?.status;

  beforeAll(async () => {
    t = await startTestApp({ users, env: { ADMIN_USER_IDS: `${ADMIN},${MGR}` }, now: () => clock });
    team = t.fake.teamId;
    grad = await t.storage.programmes.create(
      team,
      programmeSettings({
        name: 'Graduate mentoring',
        kind: 'cohort',
        startsOn: '2026-11-01',
        endsOn: '2027-04-30',
        enrolOpensOn: '2026-10-01',
        enrolClosesOn: '2026-11-15',
        reportEveryDays: 30,
        questions: [{ text: 'What would you like to get better at?' }],
      }),
      ADMIN,
      clock,
    );
    await t.storage.programmes.setManagers(team, grad.id, [MGR], ADMIN, clock);
    await t.storage.programmes.setAgreement(
      team,
      grad.id,
      'Meet monthly; keep what is said between you.',
      ADMIN,
      clock,
    );
    pairs.active = await pair(SAM, MIA, false, grad.id);
    pairs.pending = await pair(KIM, NOOR, true, grad.id);
    // Mia's other supporter is in the workspace's default programme: the cohort's end leaves it alone.
    pairs.outside = await pair(LEO, MIA, false);
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.settle();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('ends nothing before its end date', async () => {
    await sweep('before');
    expect(await status(pairs.active!)).toBe('active');
    expect((await t.storage.programmes.get(team, grad.id))?.status).toBe('open');
  });

  it('on its end date ends the pairs with the kind words and the close-out, once, even when two sweeps run', async () => {
    clock = new Date('2027-04-30T10:00:00.000Z');
    t.fake.clearCalls();
    const runs = await Promise.all([sweep('instance-a'), sweep('instance-b')]);
    await sweep('later');
    await t.settle();
    expect(runs.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);

    expect(await status(pairs.active!)).toBe('ended');
    expect(await status(pairs.pending!)).toBe('ended');
    expect(await status(pairs.outside!)).toBe('active');
    const ended = await t.storage.db('mentorships').where({ id: pairs.active }).first();
    expect(ended).toMatchObject({ ended_by: null, ended_at: clock.toISOString() });

    // Each side: the usual ending words, then (asked in the same sweep) the close-out question; once each.
    const endedDms = (who: string) => t.fake.dmsTo(who).filter((c) => /has ended\.$/.test(String(c.args.text)));
    const closeoutDms = (who: string) => t.fake.dmsTo(who).filter((c) => String(c.args.text).includes('How did it go'));
    expect(endedDms(SAM)).toHaveLength(1);
    expect(endedDms(MIA)).toHaveLength(1);
    expect(closeoutDms(SAM)).toHaveLength(1);
    expect(closeoutDms(MIA)).toHaveLength(1);
    expect(JSON.stringify(endedDms(MIA)[0]!.args.blocks)).toContain('Ending a mentorship carries no blame');
    const closeouts = await t.storage.db('checkins').where({ mentorship_id: pairs.active, kind: 'closeout' });
    expect(closeouts.map((c) => c.person_id).sort()).toEqual([MIA, SAM]);
    // A pending assignment ends without a close-out: nobody had begun.
    expect(await t.storage.db('checkins').where({ mentorship_id: pairs.pending })).toEqual([]);

    const p = await t.storage.programmes.get(team, grad.id);
    expect(p).toMatchObject({ status: 'closed', endedAt: clock.toISOString() });

    // The final report goes to the cohort's manager, once, with its CSV; not to the other admin.
    const reports = t.fake.dmsTo(MGR).filter((c) => String(c.args.text).includes('ended on'));
    expect(reports).toHaveLength(1);
    expect(String(reports[0]!.args.text)).toContain('The cohort *Graduate mentoring* ended on 30 Apr');
    expect(JSON.stringify(reports[0]!.args.blocks)).toContain(
      '2 mentorships were still open and ended with it (1 active, 1 not yet accepted)',
    );
    expect(t.fake.dmsTo(ADMIN).filter((c) => String(c.args.text).includes('ended on'))).toHaveLength(0);
    const uploads = t.fake.callsTo('files.completeUploadExternal');
    expect(uploads).toHaveLength(1);
    const [file] = [...t.fake.files.values()];
    expect(file?.filename).toBe('lifering-graduate-mentoring-mentorships-2027-04-30.csv');
    const csv = file?.bytes?.toString('utf8') ?? '';
    // The cohort's two pairs and the header; not Mia's mentorship in the default programme.
    expect(csv.trim().split('\n')).toHaveLength(3);
    expect(csv).toContain(SAM);
    expect(csv).not.toContain(LEO);
  });

  it('Run again makes the next cohort as a draft with the same settings, managers and agreement, dates shifted, no pairs; once', async () => {
    const report = t.fake.dmsTo(MGR).find((c) => String(c.args.text).includes('ended on'))!;
    const again = (report.args.blocks as Block[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === ACTIONS.cohortRunAgain)!;
    const where = { channelId: t.fake.dmChannel(MGR), messageTs: String(report.response.ts) };
    await t.driver.blockAction(MGR, { action_id: ACTIONS.cohortRunAgain, value: again.value }, where);
    await t.settle();
    expect(t.fake.lastCall('response_url')?.args.text).toContain("I've made *Graduate mentoring (2)* as a draft");
    const next = await t.storage.programmes.byName(team, 'Graduate mentoring (2)');
    expect(next).toMatchObject({
      status: 'draft',
      kind: 'cohort',
      startsOn: '2027-05-01',
      endsOn: '2027-10-28',
      enrolOpensOn: '2027-03-31',
      enrolClosesOn: '2027-05-15',
      reportEveryDays: 30,
      questions: [{ text: 'What would you like to get better at?' }],
      previousId: grad.id,
      endedAt: null,
    });
    expect(await t.storage.programmes.managers(team, next!.id)).toEqual([MGR]);
    expect((await t.storage.programmes.agreement(team, next!.id))?.text).toBe(
      'Meet monthly; keep what is said between you.',
    );
    expect(await t.storage.db('mentorships').where({ programme_id: next!.id })).toEqual([]);

    await t.driver.blockAction(MGR, { action_id: ACTIONS.cohortRunAgain, value: again.value }, where);
    await t.settle();
    expect(t.fake.lastCall('response_url')?.args.text).toContain('already run again as *Graduate mentoring (2)*');
    expect((await t.storage.programmes.list(team)).filter((p) => p.previousId === grad.id)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../support/storage.ts';
import { schedule, startWorker, T } from './support.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001'; // London
const MIA = 'UMIA0001';
const KIRI = 'UKIRI001'; // Auckland: far east of the date line, DST ends 5 Apr 2026
const TUI = 'UTUI0001';
const PELE = 'UPELE001'; // Pago Pago: just west of the date line, UTC-11
const SINA = 'USINA001';

type Worker = Awaited<ReturnType<typeof startWorker>>;

async function file(w: Worker, mentorshipId: number, supporterId: string, menteeId: string, at: string) {
  await w.storage.reports.file(
    {
      teamId: T,
      mentorshipId,
      authorId: supporterId,
      menteeId,
      metOn: at.slice(0, 10),
      durationMinutes: 30,
      format: 'call',
      summary: 'Talked.',
      progress: 3,
      goalsDiscussed: [],
      nextMeetingOn: null,
      privateNote: null,
      suggestedTasks: [],
      submissionKey: `k-${mentorshipId}-${at}`,
    },
    new Date(at),
  );
}

describe(`the reminder sweep over a simulated year on ${testEngine}`, () => {
  let w: Worker;
  beforeAll(async () => {
    w = await startWorker(
      [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
        { id: KIRI, name: 'kiri', tz: 'Pacific/Auckland' },
        { id: TUI, name: 'tui', tz: 'Pacific/Auckland' },
        { id: PELE, name: 'pele', tz: 'Pacific/Pago_Pago' },
        { id: SINA, name: 'sina', tz: 'Pacific/Pago_Pago' },
      ],
      // Silent-partner notices have their own test (silence.test.ts); this one is about reminders.
      { ADMIN_USER_IDS: ADMIN, SILENT_AFTER_WEEKS: '0' },
    );
  });
  afterAll(async () => {
    await w.stop();
  });

  it('sends exactly the reminders the feedback rule asks for, on the right local days and hours', async () => {
    const { storage } = w;
    const create = (supporterId: string, menteeId: string, at: string) =>
      storage.mentorships.create(
        { teamId: T, supporterId, menteeId, topicId: null, supporterKind: 'mentor', assignedBy: ADMIN, notify: false },
        new Date(at),
      );
    // Monday 5 Jan 2026, 10:00 in London.
    const sam = await create(SAM, MIA, '2026-01-05T10:00:00Z');
    // Accepted on Tuesday 10 Feb at 08:00 in Auckland (still Monday 9 Feb in UTC).
    const kiri = await create(KIRI, TUI, '2026-02-09T19:00:00Z');
    // Accepted on Monday 2 Mar at 16:00 in Pago Pago (already Tuesday 3 Mar in UTC).
    const pele = await create(PELE, SINA, '2026-03-03T03:00:00Z');

    // Sweeps four times a day: 03:00Z (Auckland 16:00/15:00, Pago Pago 16:00 the day before),
    // 10:00Z (London 10:00/11:00), 20:00Z (Auckland 09:00 NZDT, 08:00 NZST), 22:00Z (Auckland 11:00/10:00, Pago Pago 11:00).
    const events: [string, () => Promise<void>][] = [
      [
        '2026-02-16T11:00:00Z',
        async () => void (await storage.reminders.snooze(T, sam.id, SAM, new Date('2026-02-19T11:00:00Z'))),
      ],
      ['2026-03-02T12:00:00Z', () => file(w, sam.id, SAM, MIA, '2026-03-02T12:00:00Z')],
      ['2026-03-31T12:00:00Z', () => file(w, sam.id, SAM, MIA, '2026-03-31T12:00:00Z')],
      [
        '2026-04-29T12:00:00Z',
        async () => void (await storage.mentorships.end(T, sam.id, MIA, null, new Date('2026-04-29T12:00:00Z'))),
      ],
      [
        '2026-04-20T00:00:00Z',
        async () => void (await storage.mentorships.end(T, kiri.id, KIRI, null, new Date('2026-04-20T00:00:00Z'))),
      ],
      [
        '2026-04-20T00:00:00Z',
        async () => void (await storage.mentorships.end(T, pele.id, PELE, null, new Date('2026-04-20T00:00:00Z'))),
      ],
    ];
    events.sort((a, b) => a[0].localeCompare(b[0]));
    for (const at of schedule('2026-01-05', '2026-12-31', ['03:00', '10:00', '20:00', '22:00'])) {
      while (events[0] && events[0][0] <= at.toISOString()) await events.shift()![1]();
      const r = await w.sweep(at);
      expect(r.ran).toBe(true);
    }
    const log = w.dmLog().map((l) => l.replace(/ — /g, ' - '));
    expect(log).toMatchInlineSnapshot(`
      [
        "2026-02-02 10:00 USAM0001: Time for a meeting report: <@UMIA0001> due in 2 days",
        "2026-02-05 10:00 USAM0001: Time for a meeting report: <@UMIA0001> due yesterday",
        "2026-02-12 10:00 USAM0001: Time for a meeting report: <@UMIA0001> due 8 days ago",
        "2026-02-18 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-02-19 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-02-20 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-02-20 10:00 USAM0001: Time for a meeting report: <@UMIA0001> due 16 days ago",
        "2026-02-23 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-02-24 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-02-25 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-02-26 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-02-27 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-02-27 10:00 USAM0001: Time for a meeting report: <@UMIA0001> due 23 days ago",
        "2026-03-02 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-03-09 09:00 UKIRI001: Time for a meeting report: <@UTUI0001> due in 3 days",
        "2026-03-13 09:00 UKIRI001: Time for a meeting report: <@UTUI0001> due yesterday",
        "2026-03-20 09:00 UKIRI001: Time for a meeting report: <@UTUI0001> due 8 days ago",
        "2026-03-26 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-03-27 09:00 UKIRI001: Time for a meeting report: <@UTUI0001> due 15 days ago",
        "2026-03-27 10:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-03-30 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-03-30 11:00 USAM0001: Time for a meeting report: <@UMIA0001> due in 2 days",
        "2026-03-30 09:00 UPELE001: Time for a meeting report: <@USINA001> due in 2 days",
        "2026-03-31 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-01 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-02 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-03 09:00 UKIRI001: Time for a meeting report: <@UTUI0001> due 22 days ago",
        "2026-04-02 09:00 UPELE001: Time for a meeting report: <@USINA001> due yesterday",
        "2026-04-03 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-06 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-07 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-08 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-09 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-09 09:00 UPELE001: Time for a meeting report: <@USINA001> due 8 days ago",
        "2026-04-10 10:00 UKIRI001: Time for a meeting report: <@UTUI0001> due 29 days ago",
        "2026-04-10 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-13 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-14 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-15 11:00 UADMIN01: Lifering needs an admin: 1 overdue meeting report.",
        "2026-04-16 11:00 UADMIN01: Lifering needs an admin: 2 overdue meeting reports.",
        "2026-04-16 09:00 UPELE001: Time for a meeting report: <@USINA001> due 15 days ago",
        "2026-04-17 10:00 UKIRI001: Time for a meeting report: <@UTUI0001> due 36 days ago",
        "2026-04-17 11:00 UADMIN01: Lifering needs an admin: 2 overdue meeting reports.",
        "2026-04-27 11:00 USAM0001: Time for a meeting report: <@UMIA0001> due in 3 days",
      ]
    `);
  }, 120_000);
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Driver } from '../harness/driver.ts';
import { checkboxes, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/storage.ts';

const ADA = 'UADA0001';
const BEA = 'UBEA0001';
const MIA = 'UMIA0001';
const LEO = 'ULEO0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

let t: TestApp;
let drivers: Driver[];
let second: Awaited<ReturnType<TestApp['startInstance']>>;
afterEach(async () => {
  await t?.stop();
});

/** Two instances of the app behind a balancer, on one database and one Slack. */
async function start(): Promise<void> {
  t = await startTestApp({
    users: [
      { id: ADA, name: 'ada' },
      { id: BEA, name: 'bea' },
      { id: MIA, name: 'mia' },
      { id: LEO, name: 'leo' },
    ],
    env: { ADMIN_USER_IDS: `${ADA},${BEA}` },
    now: () => NOW,
  });
  second = await t.startInstance();
  drivers = [t.driver, second.driver];
}

/** The same thing five times at once, spread over both instances. */
const fiveAtOnce = <T>(send: (driver: Driver, i: number) => Promise<T>) =>
  Promise.all([0, 1, 2, 3, 4].map((i) => send(drivers[i % 2]!, i)));

describe(`several instances at once (${testEngine})`, () => {
  it('five /mentor request at once: one open request, one DM to each admin', async () => {
    await start();
    await fiveAtOnce((d) => d.command(MIA, 'request I would like a mentor'));
    await t.settle();
    expect(await t.storage.db('supporter_requests').where({ requester_id: MIA })).toHaveLength(1);
    expect(t.fake.dmsTo(ADA)).toHaveLength(1);
    expect(t.fake.dmsTo(BEA)).toHaveLength(1);
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('five life rings at once from a mentee with no supporter: one request, one DM to each admin and one to the mentee', async () => {
    await start();
    const views: string[] = [];
    for (let i = 0; i < 5; i++) {
      await drivers[i % 2]!.command(LEO, 'assist');
      await t.settle();
      views.push(String((t.fake.lastCall('views.open')!.response.view as { id: string }).id));
    }
    t.fake.clearCalls();
    const values = {
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue('Nobody to ask') },
    };
    const answers = await fiveAtOnce((d, i) => d.submitView(LEO, views[i]!, values));
    await t.settle();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await t.storage.db('supporter_requests').where({ requester_id: LEO })).toHaveLength(1);
    expect(t.fake.dmsTo(ADA)).toHaveLength(1);
    expect(t.fake.dmsTo(BEA)).toHaveLength(1);
    expect(t.fake.dmsTo(LEO)).toHaveLength(1);
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('five `admin add` at once: one grant, one audit entry, one DM to the new admin', async () => {
    await start();
    await fiveAtOnce((d) => d.command(ADA, `admin add <@${MIA}>`));
    await t.settle();
    expect((await t.storage.people.get(t.fake.teamId, MIA))?.adminGrantedBy).toBe(ADA);
    expect(await t.storage.db('audit_events').where({ action: 'admin.granted' })).toHaveLength(1);
    expect(t.fake.dmsTo(MIA)).toHaveLength(1);
  });

  it('the CSV export asked for on both instances at once sends one file', async () => {
    await start();
    await t.storage.mentorships.create(
      {
        teamId: t.fake.teamId,
        supporterId: BEA,
        menteeId: MIA,
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: ADA,
        notify: false,
      },
      NOW,
    );
    // The first export is held at its last step, so the second (on the other instance) finds it running.
    const release = t.fake.hold('files.completeUploadExternal');
    await t.driver.command(ADA, 'admin export');
    // Two uploads make one export: the CSV and its trends chart.
    await vi.waitFor(() => expect(t.fake.callsTo('files.getUploadURLExternal')).toHaveLength(2), { timeout: 10_000 });
    await second.driver.command(ADA, 'admin export');
    await second.lifering.idle();
    release();
    await t.settle();
    expect(t.fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect([...t.fake.files.values()].map((f) => f.filename.slice(-4)).sort()).toEqual(['.csv', '.png']);
  });
});

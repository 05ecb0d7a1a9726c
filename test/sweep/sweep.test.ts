import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEND_CONCURRENCY } from '../../src/features/reminders/send.ts';
import { testEngine } from '../support/storage.ts';
import { startWorker, T } from './support.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEO = 'ULEO0001';
const GONE = 'UGONE001';
// Monday 9 March 2026, 10:00 in London: 35 days after the 2 February acceptances below.
const NOW = new Date('2026-03-09T10:00:00Z');
const ACCEPTED = new Date('2026-02-02T10:00:00Z');

type Worker = Awaited<ReturnType<typeof startWorker>>;

describe(`reminder sweep delivery on ${testEngine}`, () => {
  let w: Worker;
  const activate = (supporterId: string, menteeId: string) =>
    w.storage.mentorships.create(
      { teamId: T, supporterId, menteeId, topicId: null, supporterKind: 'mentor', assignedBy: ADMIN, notify: false },
      ACCEPTED,
    );
  beforeEach(async () => {
    w = await startWorker(
      [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
        { id: LEO, name: 'leo' },
        { id: GONE, name: 'gone', deleted: true },
      ],
      // Reminder delivery only: silent-partner notices have their own test (silence.test.ts).
      { ADMIN_USER_IDS: ADMIN, SILENT_AFTER_WEEKS: '0' },
    );
  });
  afterEach(async () => {
    await w.stop();
  });

  it('groups all of a supporter’s due mentees into one DM, each with its two buttons', async () => {
    const a = await activate(SAM, MIA);
    const b = await activate(SAM, LEO);
    await w.sweep(NOW);
    const dms = w.fake.dmsTo(SAM);
    expect(dms).toHaveLength(1);
    const blocks = JSON.stringify(dms[0]!.args.blocks);
    for (const id of [a.id, b.id]) expect(blocks).toContain(`"block_id":"reminder:${id}"`);
    expect(blocks.match(/Log meeting report/g)).toHaveLength(2);
    expect(blocks.match(/Snooze 3 days/g)).toHaveLength(2);
    // A second run the same hour sends nothing more.
    await w.sweep(new Date(NOW.getTime() + 60_000));
    expect(w.fake.dmsTo(SAM)).toHaveLength(1);
  });

  it('sends each reminder once when two sweeps start at the same moment', async () => {
    await activate(SAM, MIA);
    await activate(LEO, MIA);
    const [one, two] = await Promise.all([
      w.sweep(NOW, { holder: 'instance-a' }),
      w.sweep(NOW, { holder: 'instance-b' }),
    ]);
    expect([one.ran, two.ran].filter(Boolean)).toHaveLength(1);
    expect(w.fake.dmsTo(SAM)).toHaveLength(1);
    expect(w.fake.dmsTo(LEO)).toHaveLength(1);
    // And again once the first has finished: still nothing twice.
    await Promise.all([w.sweep(NOW, { holder: 'instance-a' }), w.sweep(NOW, { holder: 'instance-b' })]);
    expect(w.fake.dmsTo(SAM)).toHaveLength(1);
  });

  it('sends many supporters their DMs a few at a time, each exactly once', async () => {
    const supporters = Array.from({ length: 60 }, (_, i) => `USUP${String(i).padStart(4, '0')}`);
    for (const id of supporters) {
      w.fake.addUser({ id, name: id.toLowerCase() });
      await activate(id, MIA);
    }
    // Counts the DMs in flight on the way to the fake (which answers them all the same).
    const client = new WebClient(w.fake.token, { slackApiUrl: w.fake.url, retryConfig: { retries: 0 } });
    const post = client.chat.postMessage.bind(client.chat);
    let inFlight = 0;
    let most = 0;
    client.chat.postMessage = (async (args: Parameters<typeof post>[0]) => {
      most = Math.max(most, ++inFlight);
      try {
        return await post(args);
      } finally {
        inFlight--;
      }
    }) as typeof post;
    const result = await w.sweep(NOW, { clientFor: () => client });
    expect(result.sent).toBe(60);
    for (const id of supporters) expect(w.fake.dmsTo(id)).toHaveLength(1);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(SEND_CONCURRENCY);
    await w.sweep(new Date(NOW.getTime() + 60_000), { clientFor: () => client });
    for (const id of supporters) expect(w.fake.dmsTo(id)).toHaveLength(1);
  });

  it('retries a send Slack refused with 429 or 5xx on the next run, and sends it once', async () => {
    await activate(SAM, MIA);
    w.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const first = await w.sweep(NOW);
    expect(first.retryLater).toBe(1);
    expect(w.fake.dmsTo(SAM)).toHaveLength(0);
    w.fake.fail('chat.postMessage', { status: 503 });
    await w.sweep(new Date(NOW.getTime() + 3_600_000));
    expect(w.fake.dmsTo(SAM)).toHaveLength(0);
    await w.sweep(new Date(NOW.getTime() + 7_200_000));
    expect(w.fake.dmsTo(SAM)).toHaveLength(1);
    await w.sweep(new Date(NOW.getTime() + 10_800_000));
    expect(w.fake.dmsTo(SAM)).toHaveLength(1);
  });

  it('skips and logs a supporter Slack cannot reach, without retrying every run', async () => {
    await activate(LEO, MIA);
    w.fake.users.get(LEO)!.deleted = true; // deactivated after the profile was cached
    await w.storage.people.saveProfile(
      T,
      { userId: LEO, name: 'leo', tz: 'Europe/London', isWorkspaceAdmin: false, isBot: false, isDeleted: false },
      NOW,
    );
    const r = await w.sweep(NOW);
    expect(r.unreachable).toBe(1);
    expect(w.logs.some((l) => l.includes(`reminder to ${LEO} skipped`))).toBe(true);
    const attempts = w.fake.callsTo('chat.postMessage').length;
    await w.sweep(new Date(NOW.getTime() + 3_600_000));
    await w.sweep(new Date(NOW.getTime() + 86_400_000));
    expect(w.fake.callsTo('chat.postMessage')).toHaveLength(attempts);
  });

  it('drops a pending reminder once the report is filed or the mentorship ends', async () => {
    const m = await activate(SAM, MIA);
    w.fake.fail('chat.postMessage', { status: 500 });
    await w.sweep(NOW);
    await w.storage.mentorships.end(T, m.id, SAM, null, NOW);
    await w.sweep(new Date(NOW.getTime() + 3_600_000));
    expect(w.fake.dmsTo(SAM)).toHaveLength(0);
  });

  it('raises a call for help nobody answered within 48 working hours to the admins once', async () => {
    // Opened Monday 2 March 10:00 London: 7 + 4 × 8 + 8 working hours later it is Tuesday 10 March, 10:00.
    await w.storage
      .db('assistance_requests')
      .insert({ team_id: T, mentee_id: MIA, note: 'Stuck on joins', opened_at: '2026-03-02T10:00:00.000Z' });
    await w.sweep(new Date('2026-03-07T12:00:00Z'));
    await w.sweep(new Date('2026-03-10T09:45:00Z'));
    expect(w.fake.dmsTo(ADMIN)).toHaveLength(0);
    const at = new Date('2026-03-10T10:00:00Z');
    await w.sweep(at);
    const dms = w.fake.dmsTo(ADMIN);
    expect(dms).toHaveLength(1);
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain('Stuck on joins');
    expect((await w.storage.db('assistance_requests').first()).escalated_at).toBe(at.toISOString());
    await w.sweep(new Date('2026-03-10T15:00:00Z'));
    await w.sweep(new Date('2026-03-11T10:00:00Z'));
    expect(w.fake.dmsTo(ADMIN)).toHaveLength(1);
  });

  it("keeps a help note's line breaks from forging a line of the admins' digest", async () => {
    const forged = '*:rotating_light: Lifering: Sam has been removed as a supporter*';
    await w.storage.db('assistance_requests').insert({
      team_id: T,
      mentee_id: MIA,
      note: `Stuck on joins\n${forged}\r\n${forged}\u2028${forged}`,
      opened_at: '2026-03-02T10:00:00.000Z',
    });
    await w.sweep(new Date('2026-03-10T10:00:00Z'));
    const digest = w.fake.dmsTo(ADMIN)[0]!.args;
    expect(JSON.stringify(digest)).toContain('Stuck on joins');
    const texts: string[] = [];
    JSON.stringify(
      digest,
      (key, value: unknown) => (key === 'text' && typeof value === 'string' && texts.push(value), value),
    );
    const lines = texts.flatMap((t) => t.split(/\r\n|[\n\r\u2028\u2029]/)).filter((line) => !line.startsWith('>'));
    expect(lines.filter((line) => line.trimStart().startsWith(forged))).toEqual([]);
  });

  it('leaves a call for help a supporter acknowledged to them, not the admins', async () => {
    await w.storage
      .db('assistance_requests')
      .insert({ team_id: T, mentee_id: MIA, note: 'Stuck on joins', opened_at: '2026-03-02T10:00:00.000Z' });
    // Sam opened Mia's progress page (or filed a report) the next day.
    expect(await w.storage.helpRequests.acknowledgeOpen(T, MIA, SAM, new Date('2026-03-03T10:00:00Z'))).toBe(1);
    expect(await w.storage.helpRequests.acknowledgeOpen(T, MIA, SAM, new Date('2026-03-04T10:00:00Z'))).toBe(0);
    await w.sweep(new Date('2026-03-12T10:00:00Z'));
    expect(w.fake.dmsTo(ADMIN)).toHaveLength(0);
    expect(await w.storage.db('assistance_requests').first()).toMatchObject({
      acknowledged_by: SAM,
      escalated_at: null,
    });
  });

  it('keeps the weekly overdue repeats coming after a sweep was killed in the middle of a send', async () => {
    await activate(SAM, MIA);
    await w.sweep(NOW);
    expect(w.fake.dmsTo(SAM)).toHaveLength(1);
    // What kill -9 between chat.postMessage and marking the row sent leaves behind: the row still
    // claimed, with no time of sending. (The DM may or may not have reached Slack.)
    const claimedAt = NOW.toISOString();
    expect(
      await w.storage
        .db('reminders')
        .where({ status: 'sent' })
        .update({ status: 'sending', sent_at: null, channel: null, ts: null, claimed_at: claimedAt }),
    ).toBe(1);
    await w.storage.db('job_leases').delete(); // the killed sweep's lease has run out by now
    // Within the lease it may still be in flight: nothing else for that pair yet.
    await w.sweep(new Date(NOW.getTime() + 60_000));
    expect(w.fake.dmsTo(SAM)).toHaveLength(1);
    // After it, the interrupted send counts as sent: never resent, and the weekly repeats go on.
    await w.sweep(new Date(NOW.getTime() + 3_600_000));
    expect(w.fake.dmsTo(SAM)).toHaveLength(1);
    for (const week of [1, 2, 3]) {
      await w.sweep(new Date(NOW.getTime() + week * 7 * 86_400_000));
      expect(w.fake.dmsTo(SAM), `week ${week}`).toHaveLength(1 + week);
    }
  });

  it('loses at most the DMs in flight when the sweep is killed, and the next sweep reminds everyone else once', async () => {
    const supporters = Array.from({ length: 10 }, (_, i) => `USUP${String(i).padStart(4, '0')}`);
    for (const id of supporters) {
      w.fake.addUser({ id, name: id.toLowerCase() });
      await activate(id, MIA);
    }
    // kill -9 at the first DM: that one reaches Slack and never comes back; the process is dead,
    // so every DM it starts after (the other senders in flight) never leaves it.
    const client = new WebClient(w.fake.token, { slackApiUrl: w.fake.url, retryConfig: { retries: 0 } });
    const post = client.chat.postMessage.bind(client.chat);
    const inFlight: string[] = [];
    client.chat.postMessage = (async (args: Parameters<typeof post>[0]) => {
      inFlight.push(String(args.channel));
      if (inFlight.length === 1) await post(args);
      return new Promise(() => undefined);
    }) as typeof post;
    void w.sweep(NOW, { holder: 'killed', clientFor: () => client });
    // Dead once every sender is stuck: it writes nothing more.
    while (inFlight.length < SEND_CONCURRENCY) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(inFlight).toHaveLength(SEND_CONCURRENCY);

    // The next sweep, once the dead one's lease has run out.
    const later = new Date(NOW.getTime() + 10 * 60_000);
    const leaseOver = new Date(Date.now() + 10 * 60_000);
    const next = await w.sweep(later, { holder: 'next', clock: () => leaseOver });
    expect(next.ran).toBe(true);
    for (const id of supporters) {
      const expected = inFlight.includes(id) ? (id === inFlight[0] ? 1 : 0) : 1;
      expect(w.fake.dmsTo(id), id).toHaveLength(expected);
    }
    // And nothing twice after: the rows in flight count as sent, the rest are sent.
    await w.sweep(new Date(later.getTime() + 3_600_000), { holder: 'next', clock: () => leaseOver });
    for (const id of supporters) expect(w.fake.dmsTo(id).length, id).toBeLessThanOrEqual(1);
    expect(w.fake.dmsTo(supporters.find((id) => !inFlight.includes(id))!)).toHaveLength(1);
  });

  it("sends a recipient's second DM on the next sweep when the sweep was killed sending their first", async () => {
    // The admin supports Leo (overdue) and is owed a digest of Mia's unanswered call for help: two DMs.
    await activate(ADMIN, LEO);
    await w.storage
      .db('assistance_requests')
      .insert({ team_id: T, mentee_id: MIA, note: 'Stuck on joins', opened_at: '2026-03-02T10:00:00.000Z' });
    const client = new WebClient(w.fake.token, { slackApiUrl: w.fake.url, retryConfig: { retries: 0 } });
    const post = client.chat.postMessage.bind(client.chat);
    let calls = 0;
    client.chat.postMessage = (async (args: Parameters<typeof post>[0]) => {
      if (++calls === 1) await post(args);
      return new Promise(() => undefined); // killed while the first DM was in flight
    }) as typeof post;
    const at = new Date('2026-03-10T10:00:00Z');
    void w.sweep(at, { holder: 'killed', clientFor: () => client });
    while (calls < 1) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(w.fake.dmsTo(ADMIN)).toHaveLength(1);

    const leaseOver = new Date(Date.now() + 10 * 60_000);
    await w.sweep(new Date(at.getTime() + 10 * 60_000), { holder: 'next', clock: () => leaseOver });
    const texts = w.fake.dmsTo(ADMIN).map((dm) => JSON.stringify(dm.args.blocks));
    expect(texts).toHaveLength(2);
    expect(texts.filter((t) => t.includes('Stuck on joins'))).toHaveLength(1);
    await w.sweep(new Date(at.getTime() + 3_600_000), { holder: 'next', clock: () => leaseOver });
    expect(w.fake.dmsTo(ADMIN)).toHaveLength(2);
  });

  it('renews its lease from the real clock, so a second sweep started while a long one runs does nothing', async () => {
    await activate(SAM, MIA);
    await activate(LEO, MIA);
    // Real time as the first sweep sees it: four minutes pass each time it looks.
    let t = NOW.getTime();
    const slowClock = () => new Date((t += 4 * 60_000));
    let second: Awaited<ReturnType<Worker['sweep']>> | undefined;
    const client = new WebClient(w.fake.token, { slackApiUrl: w.fake.url, retryConfig: { retries: 0 } });
    const post = client.chat.postMessage.bind(client.chat);
    client.chat.postMessage = async (args) => {
      // Midway, past the first lease's five minutes but within its renewal, an instance starts another sweep.
      if (!second) {
        const later = new Date(Math.max(t, NOW.getTime() + 5 * 60_000) + 60_000);
        second = await w.sweep(later, { holder: 'instance-b', clock: () => later });
      }
      return post(args);
    };
    const first = await w.sweep(NOW, { holder: 'instance-a', clock: slowClock, clientFor: () => client });
    expect(first.ran).toBe(true);
    expect(second?.ran).toBe(false);
    expect(w.fake.dmsTo(SAM)).toHaveLength(1);
    expect(w.fake.dmsTo(LEO)).toHaveLength(1);
  });

  it('prints what it would send on a dry run, and sends and records nothing', async () => {
    await activate(SAM, MIA);
    const r = await w.sweep(NOW, { dryRun: true });
    expect(r.planned.map((p) => p.recipientId)).toEqual([SAM]);
    expect(r.planned[0]!.message.text).toContain('due 5 days ago');
    expect(w.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await w.storage.db('reminders')).toHaveLength(0);
  });
});

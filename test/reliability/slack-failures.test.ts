import { afterEach, describe, expect, it, vi } from 'vitest';
import { SLACK_RETRY } from '../../src/app.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { numberValue, radio, selectedDate, selectedOption, textValue } from '../harness/driver.ts';
import type { Fault } from '../harness/fake-slack.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

/** The ways Slack fails: a server error, a rate limit, a revoked token, a person who is gone. */
const FAULTS: [string, Fault][] = [
  ['a 503', { status: 503 }],
  ['a 429 with Retry-After', { status: 429, retryAfter: 1 }],
  ['invalid_auth', { error: 'invalid_auth' }],
  ['user_not_found', { error: 'user_not_found' }],
];

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

async function start(): Promise<TestApp> {
  t = await startTestApp({
    users: [
      { id: ADMIN, name: 'ada' },
      { id: SAM, name: 'sam' },
      { id: MIA, name: 'mia' },
    ],
    env: { ADMIN_USER_IDS: ADMIN },
    now: () => NOW,
  });
  return t;
}

const ephemeralTexts = () => t.fake.callsTo('response_url').map((c) => String(c.args.text ?? ''));
const errorLogs = () => t.logs.filter((l) => l.level === 'error');

/** A following request is served normally: the app did not wedge or crash. */
async function stillServing(): Promise<void> {
  t.fake.clearCalls();
  const res = await t.driver.command(SAM, 'list');
  expect(res.status).toBe(200);
  expect(JSON.stringify(res.body)).toContain('Who you support');
}

async function activeMentorship(): Promise<number> {
  const m = await t.storage.mentorships.create(
    {
      teamId: t.fake.teamId,
      supporterId: SAM,
      menteeId: MIA,
      topicId: null,
      supporterKind: 'mentor',
      assignedBy: ADMIN,
      notify: false,
    },
    NOW,
  );
  return m.id;
}

describe.each(FAULTS)('Slack answers %s', (_name, fault) => {
  it('views.open from a command: the person is told to try again, and the next request works', async () => {
    await start();
    t.fake.fail('views.open', fault);
    const res = await t.driver.command(ADMIN, 'assign');
    expect(res.status).toBe(200);
    await t.settle();
    expect(ephemeralTexts().join('\n')).toMatch(/didn't work.*try again/);
    await stillServing();
  });

  it('views.open from a button: the person is told to try again, and the next click works', async () => {
    await start();
    const id = await activeMentorship();
    // The "Log meeting report" button, as on an accepted assignment DM.
    t.fake.fail('views.open', fault);
    const click = () =>
      t.driver.blockAction(
        SAM,
        { action_id: ACTIONS.openReport, value: String(id) },
        { messageTs: '1700000000.000100', channelId: t.fake.dmChannel(SAM) },
      );
    expect((await click()).status).toBe(200);
    await t.settle();
    expect(ephemeralTexts().join('\n')).toMatch(/didn't work.*try again/);
    t.fake.clearCalls();
    expect((await click()).status).toBe(200);
    await t.settle();
    expect(t.fake.lastCall('views.open')?.response.ok).toBe(true);
  });

  it('chat.postMessage on assignment: the mentorship is stored and visible, the admin is told', async () => {
    await start();
    t.fake.fail('chat.postMessage', fault);
    const res = await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    expect(res.status).toBe(200);
    await t.settle();
    expect(JSON.stringify(res.body)).toContain('pending until they accept');
    const stored = await t.storage.mentorships.listForMentee(t.fake.teamId, MIA);
    expect(stored.map((m) => m.status)).toEqual(['pending']);
    expect(await t.storage.db('audit_events').where({ action: 'mentorship.assigned' })).toHaveLength(1);
    // The offer DM failed, so the admin hears they should tell the supporter themselves.
    expect(t.fake.dmsTo(ADMIN).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining("I couldn't message"),
    ]);
    const list = await t.driver.command(SAM, 'list');
    expect(JSON.stringify(list.body)).toContain(MIA);
    expect(errorLogs()).toEqual([]);
  });

  it('chat.postMessage after a meeting report: the report is stored once, even when redelivered', async () => {
    await start();
    const id = await activeMentorship();
    await t.driver.command(SAM, `report <@${MIA}>`);
    await t.settle();
    const view = t.fake.lastCall('views.open')!.response.view as { id: string };
    t.fake.fail('chat.postMessage', { ...fault, times: 5 });
    const values = {
      report_met_on: { report_met_on: selectedDate('2026-11-23') },
      report_duration: { report_duration: numberValue(45) },
      report_format: { report_format: selectedOption('video') },
      report_summary: { report_summary: textValue('Talked about SQL window functions.') },
      report_progress: { report_progress: radio('3') },
    };
    expect((await t.driver.submitView(SAM, view.id, values)).status).toBe(200);
    await t.settle();
    expect((await t.driver.redeliver(1)).status).toBe(200);
    await t.settle();
    expect(await t.storage.db('meeting_reports').where({ mentorship_id: id })).toHaveLength(1);
    expect((await t.storage.mentorships.get(t.fake.teamId, id))?.lastReportAt).toBe(NOW.toISOString());
    expect(errorLogs()).toEqual([]);
  });

  it('chat.update on Accept: the acceptance is stored and the mentee told', async () => {
    await start();
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    t.fake.fail('chat.update', fault);
    expect((await t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment })).status).toBe(200);
    await t.settle();
    expect((await t.storage.mentorships.listForMentee(t.fake.teamId, MIA))[0]?.status).toBe('active');
    expect(t.fake.dmsTo(MIA)).toHaveLength(1);
    expect(errorLogs()).toEqual([]);
  });

  it('views.update on archiving a topic: the archive is stored, and the person is told to try again', async () => {
    await start();
    const topic = await t.storage.topics.create(t.fake.teamId, { name: 'Data analysis', createdBy: ADMIN }, NOW);
    await t.driver.command(ADMIN, 'topics');
    await t.settle();
    const view = t.fake.lastCall('views.open')!.response.view as { id: string };
    t.fake.fail('views.update', fault);
    const res = await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.topicMenu,
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'Archive' }, value: `archive:${topic.id}` },
      },
      { viewId: view.id },
    );
    expect(res.status).toBe(200);
    await t.settle();
    expect((await t.storage.topics.get(t.fake.teamId, topic.id))?.archivedAt).toBe(NOW.toISOString());
    // From a modal there is no response_url: the explanation comes by DM.
    expect(
      t.fake
        .dmsTo(ADMIN)
        .map((c) => String(c.args.text))
        .join('\n'),
    ).toMatch(/didn't work.*try again/);
  });

  it('views.publish on opening Home: the next open publishes it', async () => {
    await start();
    t.fake.fail('views.publish', fault);
    expect((await t.driver.appHomeOpened(SAM)).status).toBe(200);
    await t.settle();
    expect(t.fake.homeViews.get(SAM)).toBeUndefined();
    expect((await t.driver.appHomeOpened(SAM)).status).toBe(200);
    await t.settle();
    expect(t.fake.homeViews.get(SAM)).toBeDefined();
  });

  it('users.info while checking who is named: a clear answer, and nothing half-stored', async () => {
    await start();
    t.fake.fail('users.info', { ...fault, times: 10 });
    const res = await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    expect(res.status).toBe(200);
    await t.settle();
    const answer = JSON.stringify([res.body, ephemeralTexts()]);
    if (fault.error === 'user_not_found') expect(answer).toContain("I couldn't find");
    else expect(answer).toMatch(/didn't work.*try again|Slack/);
    expect(await t.storage.mentorships.listForMentee(t.fake.teamId, MIA)).toEqual([]);
  });

  it('conversations.open and the file upload for the CSV export: the admin is told, and can export again', async () => {
    await start();
    await activeMentorship();
    for (const method of [
      'conversations.open',
      'files.getUploadURLExternal',
      'file_upload',
      'files.completeUploadExternal',
    ]) {
      t.fake.clearCalls();
      t.fake.fail(method, fault);
      const res = await t.driver.command(ADMIN, 'admin export');
      expect(res.status, method).toBe(200);
      await t.settle();
      expect(ephemeralTexts().join('\n'), method).toMatch(/didn't work.*try again/);
    }
    t.fake.clearCalls();
    await t.driver.command(ADMIN, 'admin export');
    await t.settle();
    expect(t.fake.lastCall('files.completeUploadExternal')?.response.ok).toBe(true);
  });
});

describe('retries with the production retry policy (its waits shrunk)', () => {
  const startProductionLike = async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
      clientOptions: { retryConfig: { ...SLACK_RETRY, minTimeout: 5, maxTimeout: 10 } },
    });
  };
  const offerAttempts = () => t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === SAM);

  it('a 5xx twice: the offer DM goes out on the third try and its message is remembered for Accept', async () => {
    await startProductionLike();
    t.fake.fail('chat.postMessage', { status: 503, times: 2 });
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    expect(offerAttempts().map((c) => c.status)).toEqual([503, 503, 200]);
    expect((await t.storage.mentorships.listForMentee(t.fake.teamId, MIA))[0]?.offerTs).toBeTruthy();
  });

  it('a 429: retried after its Retry-After', async () => {
    await startProductionLike();
    t.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    expect(offerAttempts().map((c) => c.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('invalid_auth is not retried; a 5xx past the retries gives up; the mentorship stays either way', async () => {
    await startProductionLike();
    t.fake.fail('chat.postMessage', { error: 'invalid_auth' });
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    expect(offerAttempts()).toHaveLength(1);
    t.fake.clearCalls();
    t.fake.fail('chat.postMessage', { status: 500, times: 3 });
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${ADMIN}>`);
    await t.settle();
    expect(
      t.fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === SAM)
        .map((c) => c.status),
    ).toEqual([500, 500, 500]);
    expect(await t.storage.mentorships.listForSupporter(t.fake.teamId, SAM)).toHaveLength(2);
  });
});

describe('a rate limit on background work', () => {
  const LEE = 'ULEE0001';

  it("a 429 on a DM after the ack does not hold up a form: /mentor end opens within the trigger id's 3 s", async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
        { id: LEE, name: 'lee' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
    await activeMentorship();
    // web-api pauses every call of a client for a 429's Retry-After, longer than a trigger id lives.
    t.fake.fail('chat.postMessage', { status: 429, retryAfter: 4, times: 1 });
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${LEE}>`);
    await vi.waitFor(() => expect(t.fake.callsTo('chat.postMessage').map((c) => c.status)).toContain(429));
    expect((await t.driver.command(ADMIN, `end <@${SAM}> <@${MIA}>`)).status).toBe(200);
    await vi.waitFor(() => expect(t.fake.lastCall('views.open')).toBeDefined(), { timeout: 10_000 });
    expect(t.fake.lastCall('views.open')?.response).toMatchObject({ ok: true });
    expect(ephemeralTexts().join('\n')).not.toMatch(/try again/);
    await t.settle();
  });
});

describe('a Slack that hangs', () => {
  it("an answer through response_url is given up on after the clients' timeout, so the work (and shutdown) ends", async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
      clientOptions: { retryConfig: { retries: 0 }, timeout: 300 },
    });
    await activeMentorship();
    const release = t.fake.hold('response_url');
    try {
      // Answered in the ack at once; "Done" goes through response_url once the file is sent.
      await t.driver.command(ADMIN, 'admin export');
      await t.settle();
      // The export went out (the CSV and its trends chart) before the answer hung.
      expect([...t.fake.files.values()].map((f) => f.filename.slice(-4)).sort()).toEqual(['.csv', '.png']);
      expect(t.logs.map((l) => l.text).join('\n')).toMatch(/TimeoutError|aborted/);
    } finally {
      release();
    }
  });
});

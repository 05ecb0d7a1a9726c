import Database from 'better-sqlite3';
import knexFactory from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.ts';
import { checkboxes, radio, selectedOption, selectedUser, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDatabaseUrl, testEngine } from '../support/storage.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const TRY_AGAIN = /didn't work.*try again/;

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
  // Profiles cached, so the first write a request makes is the one under test.
  for (const id of [ADMIN, SAM, MIA]) await t.lifering.deps.people.profile(t.fake.teamId, id);
  return t;
}

const ephemeralTexts = () => t.fake.callsTo('response_url').map((c) => String(c.args.text ?? ''));
const mentorships = () => t.storage.db('mentorships').where({ team_id: t.fake.teamId });

/** Answered within Slack's 3 s, with a 200. */
async function timely<T extends { status: number }>(request: Promise<T>): Promise<T> {
  const started = Date.now();
  const res = await request;
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(3000);
  await t.settle();
  return res;
}

/** Another process (npm run remind, a backup, sqlite3 on the file) holding SQLite's write lock. */
function holdWriteLock(): () => void {
  const filename = (t.storage.db.client.config.connection as { filename: string }).filename;
  const other = new Database(filename);
  other.exec('BEGIN IMMEDIATE');
  return () => {
    other.exec('ROLLBACK');
    other.close();
  };
}

describe.skipIf(testEngine !== 'sqlite')('the database busy: another process holds the write lock', () => {
  it('a command is answered in time with "try again", stores nothing, and works once the lock is gone', async () => {
    await start();
    const release = holdWriteLock();
    try {
      const res = await timely(t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`));
      expect(JSON.stringify([res.body, ephemeralTexts()])).toMatch(TRY_AGAIN);
    } finally {
      release();
    }
    expect(await mentorships()).toHaveLength(0);
    const res = await timely(t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`));
    expect(JSON.stringify(res.body)).toContain('pending until they accept');
    expect(await mentorships()).toHaveLength(1);
  });

  it('a modal submission keeps the form open with "try again" under its first field, then saves', async () => {
    await start();
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    const view = t.fake.lastCall('views.open')!.response.view as { id: string };
    const values = {
      supporter: { [ACTIONS.assignSupporterPicked]: selectedUser(SAM) },
      mentee: { mentee: selectedUser(MIA) },
      kind: { kind: radio('mentor') },
    };
    const release = holdWriteLock();
    let res;
    try {
      res = await timely(t.driver.submitView(ADMIN, view.id, values));
    } finally {
      release();
    }
    expect(res.body).toMatchObject({
      response_action: 'errors',
      errors: { mentee: expect.stringMatching(TRY_AGAIN) },
    });
    expect(await mentorships()).toHaveLength(0);
    res = await timely(t.driver.submitView(ADMIN, view.id, values));
    expect(res.body).toMatchObject({ response_action: 'update' });
    expect(await mentorships()).toHaveLength(1);
  });

  it('a click is told "try again" under its message, and the next click works', async () => {
    await start();
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    t.fake.clearCalls();
    const release = holdWriteLock();
    try {
      await timely(t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment }));
    } finally {
      release();
    }
    expect(ephemeralTexts().join('\n')).toMatch(TRY_AGAIN);
    expect((await mentorships())[0]?.status).toBe('pending');
    await timely(t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment }));
    expect((await mentorships())[0]?.status).toBe('active');
  });
});

describe.skipIf(testEngine !== 'sqlite')('forms keep what was typed when the save fails', () => {
  it.each([
    ['goal', { goal_title: { value: textValue('Lead a project review') } }],
    ['task', { task_title: { value: textValue('Read the style guide') } }],
  ])('%s: the form stays open with "try again", and saves once the lock is gone', async (command, values) => {
    await start();
    await t.driver.command(MIA, command);
    await t.settle();
    const view = t.fake.lastCall('views.open')!.response.view as { id: string };
    const release = holdWriteLock();
    let res;
    try {
      res = await timely(t.driver.submitView(MIA, view.id, values));
    } finally {
      release();
    }
    expect(res.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(res.body)).toMatch(TRY_AGAIN);
    expect(t.fake.view(view.id)).toBeDefined();
    res = await timely(t.driver.submitView(MIA, view.id, values));
    expect(res.body).toBe('');
    expect(await t.storage.db(`${command}s`).where({ mentee_id: MIA })).toHaveLength(1);
  });
});

describe.skipIf(testEngine !== 'sqlite')('a help request is stored before the form closes', () => {
  const NOTE = 'Stuck on window functions';
  /** Mia asks her supporter Sam for help with a topic, saying how familiar she is with it. */
  async function openAssist() {
    await start();
    await t.storage.mentorships.create(
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
    const topic = await t.storage.topics.create(t.fake.teamId, { name: 'SQL', createdBy: ADMIN }, NOW);
    await t.driver.command(MIA, 'assist');
    await t.settle();
    const view = t.fake.lastCall('views.open')!.response.view as { id: string };
    const values = {
      assist_topic: { value: selectedOption(String(topic.id)) },
      assist_level: { value: radio('2') },
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue(NOTE) },
    };
    return { view, values, topicId: topic.id };
  }
  const stored = async (topicId: number) => ({
    requests: await t.storage.db('assistance_requests'),
    alerts: await t.storage.db('assistance_alerts'),
    familiarity: await t.storage.familiarity.get(t.fake.teamId, MIA, topicId),
    audit: (await t.storage.audit.list(t.fake.teamId)).map((a) => a.action),
  });
  const nothingStored = { requests: [], alerts: [], familiarity: undefined, audit: [] };

  it.each([
    ['another process holds the write lock', () => holdWriteLock()],
    [
      'the request itself fails after the familiarity was written',
      () => {
        const created = t.storage.db.raw(
          `CREATE TRIGGER fail_flag BEFORE INSERT ON assistance_requests BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
        );
        return created.then(() => () => t.storage.db.raw('DROP TRIGGER fail_flag'));
      },
    ],
  ])(
    '%s: the form stays open with "try again" and the note, nothing is stored or sent; the retry saves',
    async (_name, inject) => {
      const { view, values, topicId } = await openAssist();
      t.fake.clearCalls();
      const release = await inject();
      let res;
      try {
        res = await timely(t.driver.submitView(MIA, view.id, values));
      } finally {
        await release();
      }
      expect(res.body).toMatchObject({
        response_action: 'errors',
        errors: { assist_topic: expect.stringMatching(TRY_AGAIN) },
      });
      expect(res.viewErrors).toEqual([]);
      expect(t.fake.view(view.id)?.state.values).toMatchObject({ assist_note: { value: { value: NOTE } } });
      expect(await stored(topicId)).toEqual(nothingStored);
      expect(t.fake.dmsTo(SAM)).toHaveLength(0);
      expect(t.fake.dmsTo(MIA)).toHaveLength(0);

      res = await timely(t.driver.submitView(MIA, view.id, values));
      expect(res.body).toBe('');
      expect(t.fake.view(view.id)).toBeUndefined();
      const after = await stored(topicId);
      expect(after.requests).toEqual([expect.objectContaining({ mentee_id: MIA, topic_id: topicId, note: NOTE })]);
      expect(after.familiarity).toMatchObject({ level: 2, helpRequested: true, note: NOTE });
      expect(after.audit.sort()).toEqual(['assistance.open', 'familiarity.set']);
      expect(after.alerts).toEqual([expect.objectContaining({ supporter_id: SAM, ts: expect.any(String) })]);
      expect(t.fake.dmsTo(SAM)).toHaveLength(1);
      expect(String(t.fake.dmsTo(MIA).at(-1)?.args.text)).toContain(`I've told <@${SAM}>`);
    },
  );

  it('a supporter DM that fails after the form closed leaves the request stored, and the mentee still gets their confirmation', async () => {
    const { view, values, topicId } = await openAssist();
    t.fake.fail('chat.postMessage', { error: 'user_not_found' });
    const res = await timely(t.driver.submitView(MIA, view.id, values));
    expect(res.body).toBe('');
    const after = await stored(topicId);
    expect(after.requests).toEqual([expect.objectContaining({ note: NOTE, resolved_at: null })]);
    // The failed DM freed its claim, so the next flag may try Sam again.
    expect(after.alerts).toEqual([]);
    expect(t.fake.dmsTo(SAM)).toHaveLength(0);
    expect(t.fake.dmsTo(MIA)).toHaveLength(1);
    expect(t.logs.filter((l) => l.level === 'warn').map((l) => JSON.stringify(l))).toEqual([
      expect.stringContaining(`could not tell supporter ${SAM}`),
    ]);
  });
});

describe.skipIf(testEngine !== 'sqlite')('an assignment is stored whole or not at all', () => {
  it('a failure inside the transaction (closing the supporter request) leaves no mentorship behind', async () => {
    await start();
    await t.storage.supporterRequests.open(t.fake.teamId, { requesterId: MIA, topicId: null, note: null }, NOW);
    // The last statement of the assignment's transaction fails, after the mentorship row was inserted.
    await t.storage.db.raw(
      `CREATE TRIGGER fail_close BEFORE UPDATE ON supporter_requests BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    const res = await timely(t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`));
    expect(JSON.stringify([res.body, ephemeralTexts()])).toMatch(TRY_AGAIN);
    expect(await mentorships()).toHaveLength(0);
    expect(await t.storage.db('audit_events').where({ action: 'mentorship.assigned' })).toHaveLength(0);
    expect(t.fake.dmsTo(SAM)).toHaveLength(0);
    await t.storage.db.raw('DROP TRIGGER fail_close');
    await timely(t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`));
    expect(await mentorships()).toHaveLength(1);
    expect(await t.storage.db('supporter_requests').whereNull('closed_at')).toHaveLength(0);
  });
});

describe('the database briefly unreachable', () => {
  it('commands, clicks and submissions are answered with "try again"; all work again once it is back', async () => {
    await start();
    await t.driver.command(ADMIN, 'assign');
    await t.settle();
    const view = t.fake.lastCall('views.open')!.response.view as { id: string };
    await t.storage.db.destroy();
    try {
      t.fake.clearCalls();
      const res = await timely(t.driver.command(SAM, 'list'));
      expect(JSON.stringify([res.body, ephemeralTexts()])).toMatch(TRY_AGAIN);
      const submitted = await timely(
        t.driver.submitView(ADMIN, view.id, {
          supporter: { [ACTIONS.assignSupporterPicked]: selectedUser(SAM) },
          mentee: { mentee: selectedUser(MIA) },
        }),
      );
      expect(submitted.body).toMatchObject({
        response_action: 'errors',
        errors: { mentee: expect.stringMatching(TRY_AGAIN) },
      });
      await timely(t.driver.appHomeOpened(SAM));
    } finally {
      t.storage.db.initialize();
    }
    const res = await timely(t.driver.command(SAM, 'list'));
    expect(JSON.stringify(res.body)).toContain('Who you support');
  });
});

describe.skipIf(testEngine !== 'postgres')('PostgreSQL drops the connections (a failover, a restart)', () => {
  it('the request that meets a dead connection is told "try again" or served; the next one is served', async () => {
    await start();
    // This app's own connections only: other test runs may share the server.
    const pids = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.storage.db
          .raw('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)')
          .then((r: { rows: { pid: number }[] }) => r.rows[0]!.pid),
      ),
    );
    const admin = knexFactory({ client: 'pg', connection: testDatabaseUrl, pool: { min: 0, max: 1 } });
    try {
      for (const pid of new Set(pids)) await admin.raw('SELECT pg_terminate_backend(?)', [pid]);
    } finally {
      await admin.destroy();
    }
    t.fake.clearCalls();
    const first = await timely(t.driver.command(SAM, 'list'));
    expect(JSON.stringify([first.body, ephemeralTexts()])).toMatch(/Who you support|didn't work.*try again/);
    const res = await timely(t.driver.command(SAM, 'list'));
    expect(JSON.stringify(res.body)).toContain('Who you support');
  });
});

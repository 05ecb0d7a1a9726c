import { readdirSync, readFileSync } from 'node:fs';
import { stringify as formEncode } from 'node:querystring';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DriverResponse } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * Every payload in test/fixtures/slack-payloads (real shapes, from Slack's published samples), sent
 * signed through the real receiver: none gets a 5xx, a 404 or an unhandled error, and each has the
 * effect it should.
 */

const DIR = new URL('../fixtures/slack-payloads/', import.meta.url);
const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const T = 'T0LIFERING';

const fixture = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');
const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => {
    if (!(key in values)) throw new Error(`no value for ${whole}`);
    // Values go inside JSON strings.
    return JSON.stringify(values[key]).slice(1, -1);
  });

describe('real Slack payloads through the real receiver', () => {
  let t: TestApp;
  let topicId: number;
  let goalId: number;
  let mentorshipId: number;
  let events = 0;
  const sent = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
    topicId = (await t.storage.topics.create(T, { name: 'Q&A', createdBy: ADMIN }, new Date())).id;
    const m = await t.storage.mentorships.create(
      {
        teamId: T,
        supporterId: SAM,
        menteeId: MIA,
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: ADMIN,
        notify: false,
      },
      new Date(Date.now() - 7 * 86_400_000),
    );
    mentorshipId = m.id;
    const now = new Date().toISOString();
    const [g] = await t.storage
      .db('goals')
      .insert({ team_id: T, mentee_id: MIA, title: 'Master SQL', status: 'open', created_at: now, updated_at: now })
      .returning('id');
    goalId = Number(typeof g === 'object' ? g.id : g);
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    t.fake.reset();
    t.logs.length = 0;
  });

  /** Sends one fixture the way Slack sends its kind; `values` fill its placeholders. */
  async function send(name: string, userId: string, values: Record<string, string> = {}): Promise<DriverResponse> {
    sent.add(name);
    const all = {
      TEAM: T,
      USER: userId,
      VERIFICATION_TOKEN: 'legacy-verification-token',
      TRIGGER: t.fake.issueTriggerId({ userId }),
      RESPONSE_URL: t.fake.responseUrl({ channel: t.fake.dmChannel(userId), userId }),
      EVENT_ID: `Ev0CORPUS${String(++events).padStart(3, '0')}`,
      TOPIC: String(topicId),
      GOAL: String(goalId),
      MENTORSHIP: String(mentorshipId),
      ...values,
    };
    const body = JSON.parse(fill(fixture(name), all)) as Record<string, unknown>;
    let res: DriverResponse;
    if (name === 'ssl-check.json')
      res = await t.driver.raw(formEncode(body as Record<string, string>), 'application/x-www-form-urlencoded', {
        signature: 'v0=none',
        timestamp: 0,
      });
    else if (name === 'slash-command.json')
      res = await t.driver.raw(formEncode(body as Record<string, string>), 'application/x-www-form-urlencoded');
    else if ('type' in body && (body.type === 'event_callback' || body.type === 'url_verification'))
      res = await t.driver.raw(JSON.stringify(body), 'application/json');
    else res = await t.driver.interaction(body);
    await t.settle();
    expect(res.status, name).toBe(200);
    expect(
      t.logs.filter((l) => l.level === 'error'),
      name,
    ).toEqual([]);
    expect(
      t.fake.calls.filter((c) => c.response.ok === false),
      name,
    ).toEqual([]);
    return res;
  }

  it('slash command: its escaped text is read as typed', async () => {
    const res = await send('slash-command.json', MIA);
    expect(res.body).toBe('');
    const view = t.fake.lastCall('views.open')?.response.view as {
      callback_id: string;
      blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[];
    };
    expect(view.callback_id).toBe('assistance.save');
    expect(view.blocks.find((b) => b.block_id === 'assist_topic')?.element?.initial_option?.value).toBe(
      String(topicId),
    );
  });

  it('ssl_check: answered without a signature', async () => {
    await send('ssl-check.json', MIA);
  });

  it('url_verification: the challenge comes back', async () => {
    const res = await send('url-verification.json', MIA);
    expect(res.body).toMatchObject({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('block_actions from a message: a reminder snoozed by someone who is not its supporter is refused under the message', async () => {
    await send('block-actions-message.json', MIA);
    const reply = t.fake.callsTo('response_url').at(-1);
    expect(String(reply?.args.text)).toContain('nothing to snooze');
  });

  it('block_actions from Home: "Ask for help" opens the form', async () => {
    await send('block-actions-home.json', MIA);
    expect((t.fake.lastCall('views.open')?.response.view as { callback_id: string }).callback_id).toBe(
      'assistance.save',
    );
  });

  it('block_actions from a modal: archiving a topic from the topics form', async () => {
    const topic = await t.storage.topics.create(T, { name: 'Old stuff', createdBy: ADMIN }, new Date());
    await t.driver.command(ADMIN, 'topics');
    await t.settle();
    const view = t.fake.lastCall('views.open')!.response.view as { id: string; hash: string };
    await send('block-actions-modal.json', ADMIN, { VIEW_ID: view.id, VIEW_HASH: view.hash, TOPIC: String(topic.id) });
    expect((await t.storage.topics.get(T, topic.id))?.archivedAt).not.toBeNull();
    expect(t.fake.lastCall('views.update')?.response.ok).toBe(true);
  });

  it('view_submission (static_select, radio_buttons, checkboxes, plain_text_input): a call for help is stored as typed', async () => {
    // Sam supports Mia with no topic, so the call for help reaches him.
    const res = await send('view-submission-assist.json', MIA);
    expect(res.body).toBe('');
    const [row] = await t.storage.db('assistance_requests').where({ team_id: T, mentee_id: MIA });
    expect(row?.note).toBe('R&D <core> is new to me\nany pointers? :pray:');
    expect(JSON.stringify(t.fake.dmsTo(SAM).at(-1)?.args.blocks)).toContain('R&amp;D &lt;core&gt; is new to me');
    // And on the progress page, escaped once.
    await t.driver.command(SAM, `progress <@${MIA}>`);
    await t.settle();
    const page = JSON.stringify(t.fake.lastCall('views.open')?.response.view);
    expect(page).toContain('R&amp;D &lt;core&gt; is new to me');
    expect(page).not.toContain('&amp;amp;');
  });

  it('view_submission (datepicker, number_input, static_select, multi_static_select, radio_buttons, plain_text_input): a meeting report is filed', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const res = await send('view-submission-report.json', SAM, {
      YESTERDAY: yesterday,
      PRIVATE_METADATA: JSON.stringify({ menteeId: MIA, mentorshipIds: [mentorshipId] }),
    });
    expect(res.body).not.toMatchObject({ response_action: 'errors' });
    const [report] = await t.storage.db('meeting_reports').where({ team_id: T, mentorship_id: mentorshipId });
    expect(report?.summary).toBe('Window functions & <CTEs>; see example.com');
    expect(report?.met_on ?? report?.meeting_date ?? yesterday).toContain(yesterday);
  });

  it('view_closed: a quiet 200', async () => {
    const res = await send('view-closed.json', MIA);
    expect(res.body).toBe('');
    expect(t.fake.calls).toEqual([]);
  });

  it('a global shortcut Lifering does not offer: a quiet 200', async () => {
    await send('shortcut-global.json', MIA);
    expect(t.fake.calls).toEqual([]);
  });

  it('app_home_opened: the Home tab is published', async () => {
    await send('event-app-home-opened.json', MIA);
    const published = t.fake.lastCall('views.publish');
    expect(published?.args.user_id).toBe(MIA);
    expect(published?.response.ok).toBe(true);
  });

  it('user_change: the cached profile follows, names kept as written', async () => {
    await send('event-user-change.json', MIA);
    expect(await t.storage.people.get(T, MIA)).toMatchObject({ name: 'Mia R&D', tz: 'Europe/Rome', isDeleted: false });
  });

  it('team_join: the newcomer is known', async () => {
    await send('event-team-join.json', MIA);
    expect(await t.storage.people.get(T, 'UNEW00001')).toMatchObject({ name: 'نور', tz: 'Asia/Amman' });
  });

  it('covers every fixture in the folder', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect([...sent].sort()).toEqual(files.sort());
  });
});

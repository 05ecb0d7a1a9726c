import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closestTopics } from '../../src/features/requests/rules.ts';
import { REPORT_FIELDS as F } from '../../src/slack/ids.ts';
import { escapeMrkdwn } from '../../src/slack/text.ts';
import type { Topic } from '../../src/storage/rows.ts';
import { numberValue, radio, selectedDate, selectedOption, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { seedMentorships, seedTopic } from '../support/seed.ts';

// Runs on PostgreSQL too (npm run test:postgres), where a NUL in text is an error, not a character.

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const T = 'T0LIFERING';

/** The view Lifering opened last. */
const lastOpened = (t: TestApp) => {
  const call = t.fake.lastCall('views.open')!;
  expect(call.response.ok).toBe(true);
  return call.response.view as {
    id: string;
    blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[];
  };
};

/** The topics the tests below create, as "did you mean" compares a note's first words with them. */
const TOPICS_TYPED = ['Q&A', 'R&D <core>', 'ASP.NET'].map((name, i) => ({ id: i + 1, name }) as Topic);

describe('text typed in Slack reads back as typed (the driver escapes command text as Slack does)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    t.fake.reset();
  });

  it('finds topics named with & < > and link-like words from /mentor assist and /mentor assign', async () => {
    await t.driver.command(ADMIN, 'topics');
    await t.settle();
    const viewId = lastOpened(t).id;
    for (const [i, name] of ['Q&A', 'R&D <core>', 'ASP.NET'].entries()) {
      const res = await t.driver.submitView(ADMIN, viewId, {
        [`name.${i}`]: { name: textValue(name) },
        [`kind.${i}`]: { kind: radio('skillset') },
      });
      expect(res.body).toMatchObject({ response_action: 'update' });
    }
    const topics = await t.storage.topics.list(T);
    expect(topics.map((x) => x.name).sort()).toEqual(['ASP.NET', 'Q&A', 'R&D <core>']);
    const id = (name: string) => String(topics.find((x) => x.name === name)!.id);

    for (const [typed, name] of [
      ['assist Q&A', 'Q&A'],
      ['assist ASP.NET', 'ASP.NET'],
      ['assist r&d   <CORE>', 'R&D <core>'],
    ] as const) {
      const res = await t.driver.command(MIA, typed);
      expect(res.body, typed).toBe('');
      await t.settle();
      const topic = lastOpened(t).blocks.find((b) => b.block_id === 'assist_topic');
      expect(topic?.element?.initial_option?.value, typed).toBe(id(name));
    }

    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}> R&D <core> silently`);
    await t.settle();
    const [m] = await t.storage.mentorships.listForMentee(T, MIA, ['active', 'pending']);
    expect(m?.topicName).toBe('R&D <core>');

    // Shown back: escaped once in mrkdwn (Home), raw in the CSV.
    await t.driver.appHomeOpened(MIA);
    await t.settle();
    const home = JSON.stringify(t.fake.lastCall('views.publish')?.args.view);
    expect(home).toContain('R&amp;D &lt;core&gt;');
    expect(home).not.toContain('&amp;amp;');
    await t.driver.command(ADMIN, 'admin export');
    await t.settle();
    const csv = [...t.fake.files.values()].find((f) => f.filename.endsWith('.csv'));
    expect(csv?.bytes?.toString('utf8')).toContain('"R&D <core>"');
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('keeps a request note with & < > and links as typed, and escapes it once in the admins’ DM', async () => {
    const note = 'R&D <team> 1 < 2 && 3 > 2, see example.com or mail a@b.co  #general';
    const res = await t.driver.command(MIA, `request ${note}`);
    expect((res.body as { text: string }).text).toContain('asked the Lifering admins');
    await t.settle();
    const [row] = await t.storage.db('supporter_requests').where({ team_id: T, requester_id: MIA });
    expect(row.note).toBe(note);
    const dm = JSON.stringify(t.fake.dmsTo(ADMIN).at(-1)?.args.blocks);
    expect(dm).toContain(JSON.stringify(escapeMrkdwn(note)).slice(1, -1));
    expect(dm).not.toContain('&amp;amp;');
    await t.storage.db('supporter_requests').where({ team_id: T }).delete();
  });

  it('stores a report summary, private note, request note and assist topic typed with U+0000 without it', async () => {
    await t.storage.db('mentorships').where({ team_id: T }).delete();
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
      new Date(Date.now() - 86_400_000),
    );
    await t.driver.command(SAM, `report <@${MIA}>`);
    await t.settle();
    const reportView = lastOpened(t).id;
    const filed = await t.driver.submitView(SAM, reportView, {
      [F.metOn]: { [F.metOn]: selectedDate(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)) },
      [F.duration]: { [F.duration]: numberValue(30) },
      [F.format]: { [F.format]: selectedOption('video') },
      [F.summary]: { [F.summary]: textValue('Went\u0000 through\u0000 it') },
      [F.progress]: { [F.progress]: radio('3') },
      [F.privateNote]: { [F.privateNote]: textValue('\u0000private\u0000') },
    });
    expect(filed.status).toBe(200);
    expect(filed.body).not.toMatchObject({ response_action: 'errors' });
    await t.settle();
    const [report] = await t.storage.db('meeting_reports').where({ mentorship_id: m.id });
    expect([report.summary, report.private_note]).toEqual(['Went through it', 'private']);

    const asked = await t.driver.command(MIA, 'request please\u0000 help');
    expect((asked.body as { text: string }).text).toContain('asked the Lifering admins');
    const [request] = await t.storage.db('supporter_requests').where({ team_id: T, requester_id: MIA });
    expect(request.note).toBe('please help');

    const assist = await t.driver.command(MIA, 'assist Q&A\u0000');
    expect(assist.body).toBe('');
    await t.settle();
    expect(lastOpened(t).blocks.find((b) => b.block_id === 'assist_topic')?.element?.initial_option).toBeDefined();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.storage.db('supporter_requests').where({ team_id: T }).delete();
  });

  it('stores any note a person types exactly as typed (property)', async () => {
    const typed = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
      .chain((a) =>
        fc
          .constantFrom('', ' & ', '<b>', ' ASP.NET ', ' a@b.co ', '&amp;lt;', ' https://x.io/?a=1&b=2 ')
          .map((b) => `${a}${b}`),
      )
      // A note that starts with a topic's name is filed under that topic, and one that starts with
      // something close to a name gets "did you mean" (issue 23); `<@U…>` is a mention.
      .filter(
        (s) =>
          s.trim() !== '' &&
          !s.includes('<@') &&
          !s.includes('\u0000') &&
          !/^\s*(q&a|r&d|asp\.net|help)\b/i.test(s) &&
          closestTopics(s.trim().split(/\s+/), TOPICS_TYPED).length === 0 &&
          s.length <= 1000,
      );
    await fc.assert(
      fc.asyncProperty(typed, async (note) => {
        await t.storage.db('supporter_requests').where({ team_id: T }).delete();
        const res = await t.driver.command(MIA, `request ${note}`);
        expect(res.status).toBe(200);
        const [row] = await t.storage.db('supporter_requests').where({ team_id: T, requester_id: MIA });
        expect(row?.note).toBe(note.trim());
      }),
      { numRuns: 60 },
    );
    await t.settle();
  }, 60_000);
});

/** Unicode's explicit direction controls: embeddings, overrides and isolates, and their terminators. */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;

describe('direction controls in what people type or are called never turn the text after them around for others', () => {
  it('a name, a goal, a note and a topic stored before names were normalised reach others without them', async () => {
    const t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        // U+202E (right-to-left override) in a Slack display name.
        { id: MIA, name: 'mia', display_name: 'mia\u202Eevil' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
    try {
      // A topic stored as typed, before topic names were normalised.
      const topic = await seedTopic(t.storage.db, T, 'Data\u2067 analysis');
      await seedMentorships(t.storage.db, T, [
        { supporter_id: SAM, mentee_id: MIA, topic_id: topic, status: 'active', feedback_from: '2026-11-01' },
      ]);
      await t.lifering.deps.people.profile(T, MIA);
      await t.storage.goals.create(
        T,
        MIA,
        { title: 'Ship \u202Bthe thing', detail: null, targetDate: null },
        new Date(),
      );
      const asked = await t.driver.command(MIA, 'request please \u202Dhelp me');
      const list = await t.driver.command(SAM, 'list');
      await t.driver.command(SAM, `progress <@${MIA}>`);
      await t.driver.appHomeOpened(SAM);
      await t.settle();
      const sent = JSON.stringify([
        asked.body,
        list.body,
        t.fake.calls.filter((c) => c.method !== 'users.info').map((c) => c.args),
      ]);
      expect(sent).not.toMatch(DIRECTION_CONTROLS);
      // Everything else of what they wrote is there.
      for (const words of ['@miaevil', 'Data analysis', 'Ship the thing', 'please help me'])
        expect(sent).toContain(words);
      expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    } finally {
      await t.stop();
    }
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, REPORT_FIELDS as F } from '../../src/slack/ids.ts';
import { TEAM_TABLES } from '../../src/storage/installations.ts';
import { ERASED, eraseDetail, WITHHELD } from '../../src/storage/personal-data.ts';
import { insertedId } from '../../src/storage/rows.ts';
import { checkboxes, numberValue, radio, selectedDate, selectedOption, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/storage.ts';
import { runReminderSweep } from '../support/sweep.ts';

/*
 * "About x", exactly (issue 22, 1 and 2): the rows x wrote and the rows whose subject is x, never
 * a row x only acted on. One world per role x can play, each seeded straight into every table
 * next to a programme x has no part in; the export and the forget go through the real
 * `/mentor admin person @x export|forget` and their confirmation modals. Every row of every
 * table is checked: x's rows exported (others' private content withheld) and erased, every
 * other row byte for byte as it was.
 */

type Row = Record<string, unknown>;
type Table = (typeof TEAM_TABLES)[number];

const ADMIN = 'UADMIN01';
const X = 'UXAVI001';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const NED = 'UNED0001';
const NIA = 'UNIA0001';
const BEA = 'UBEA0001';
const NOW = new Date('2026-11-24T10:00:00.000Z');
const at = NOW.toISOString();

/** The primary key of the tables without an `id`. */
const KEYS: Partial<Record<Table, string[]>> = {
  people: ['user_id'],
  familiarity: ['person_id', 'topic_id'],
  supporter_profiles: ['user_id'],
  supporter_topics: ['user_id', 'topic_id'],
  person_settings: ['user_id'],
  meeting_notices: ['mentorship_id', 'person_id', 'meeting_on'],
  processed_events: ['event_key'],
  team_counts: ['kind', 'bucket'],
  team_versions: ['team_id'],
  programme_managers: ['programme_id', 'user_id'],
  programme_agreements: ['programme_id', 'version'],
  programme_agreed: ['programme_id', 'supporter_id', 'version'],
  programme_members: ['programme_id', 'user_id', 'role'],
};
const keyOf = (table: Table, r: Row): string => (KEYS[table] ?? ['id']).map((c) => String(r[c])).join(':');

/** What people typed, by table: what a forget erases (written down here, not read from the code under test). */
const TEXT: Partial<Record<Table, string[]>> = {
  mentorships: ['end_reason'],
  checkins: ['comment'],
  familiarity: ['note'],
  assistance_requests: ['note'],
  supporter_requests: ['note'],
  goals: ['title', 'detail'],
  tasks: ['title'],
  meeting_reports: ['summary', 'goals_discussed', 'private_note'],
  programme_members: ['answers'],
};

/** What its author was told would never reach the others in the pair, and the column naming the author. */
const PRIVATE: Partial<Record<Table, { columns: string[]; author: string }>> = {
  checkins: { columns: ['score', 'comment'], author: 'person_id' },
  meeting_reports: { columns: ['private_note'], author: 'author_id' },
  mentorships: { columns: ['end_reason'], author: 'ended_by' },
};

/** Rows straight into the tables, each marked as x's or not. */
class Seeder {
  readonly mine = new Set<string>();
  constructor(private readonly t: TestApp) {}
  async add(table: Table, row: Row, mine = false): Promise<number> {
    const full = { team_id: this.t.fake.teamId, ...row };
    let id = 0;
    if (KEYS[table]) await this.t.storage.db(table).insert(full);
    else id = insertedId((await this.t.storage.db(table).insert(full).returning('id'))[0]);
    if (mine) this.mine.add(`${table}/${keyOf(table, id ? { ...full, id } : full)}`);
    return id;
  }
}

interface World {
  topic: number;
  /** Sam supports Mia: the programme x has no part in. */
  samMia: number;
  miaHelp: number;
  miaGoal: number;
  programme: number;
}

// Fetched just now, so drawing a Home does not refresh the cached profile (a change of its own).
const person = (userId: string, name: string) => ({
  user_id: userId,
  name,
  tz: 'Europe/London',
  fetched_at: at,
  updated_at: at,
});
const mentorship = (supporterId: string, menteeId: string, more: Row = {}) => ({
  supporter_id: supporterId,
  mentee_id: menteeId,
  status: 'active',
  assigned_by: ADMIN,
  created_at: at,
  accepted_at: at,
  feedback_from: at,
  ...more,
});
const report = (mentorshipId: number, authorId: string, menteeId: string, text: string) => ({
  mentorship_id: mentorshipId,
  author_id: authorId,
  mentee_id: menteeId,
  met_on: '2026-11-20',
  duration_minutes: 30,
  format: 'call',
  summary: `${text} summary`,
  goals_discussed: `${text} goals`,
  private_note: `${text} private note`,
  progress: 4,
  created_at: at,
  updated_at: at,
});
const checkin = (mentorshipId: number, personId: string, otherId: string, comment: string, kind = 'meeting') => ({
  kind,
  mentorship_id: mentorshipId,
  person_id: personId,
  other_id: otherId,
  queued_at: at,
  asked_at: at,
  score: 2,
  comment,
  answered_at: at,
});
const reminder = (recipientId: string, more: Row) => ({
  recipient_id: recipientId,
  due_on: '2026-11-24',
  kind: 'due',
  status: 'sent',
  created_at: at,
  sent_at: at,
  ...more,
});
const audit = (actorId: string, action: string, more: Row = {}) => ({
  actor_id: actorId,
  action,
  created_at: at,
  ...more,
  ...(more.detail ? { detail: JSON.stringify(more.detail) } : {}),
});

/** A whole programme without x: Sam supports Mia, Ned waits for a supporter. Every table holds some of it. */
async function background(s: Seeder): Promise<World> {
  const topic = await s.add('topics', { name: 'Rust', name_key: 'rust', created_by: ADMIN, created_at: at });
  const programme = await s.add('programmes', {
    name: 'Coaching',
    name_key: 'coaching',
    purpose: 'Coaching purpose',
    created_by: ADMIN,
    created_at: at,
  });
  await s.add('programme_managers', { programme_id: programme, user_id: SAM, added_by: ADMIN, added_at: at });
  await s.add('programme_agreements', { programme_id: programme, version: 1, text: 'Agreement text', created_at: at });
  await s.add('programme_agreed', { programme_id: programme, supporter_id: SAM, version: 1, agreed_at: at });
  await s.add('programme_members', {
    programme_id: programme,
    user_id: MIA,
    role: 'mentee',
    answers: JSON.stringify(['Mia answer']),
    created_at: at,
  });
  for (const [id, name] of [
    [SAM, 'Sam Other'],
    [MIA, 'Mia Other'],
  ] as const)
    await s.add('people', person(id, name));
  const samMia = await s.add('mentorships', mentorship(SAM, MIA, { topic_id: topic }));
  const r = await s.add('meeting_reports', report(samMia, SAM, MIA, 'Sam on Mia'));
  await s.add('checkins', { ...checkin(samMia, MIA, SAM, 'Mia on Sam comment'), report_id: r });
  await s.add('familiarity', {
    person_id: MIA,
    topic_id: topic,
    level: 2,
    note: 'Mia familiarity note',
    updated_at: at,
  });
  const miaHelp = await s.add('assistance_requests', {
    mentee_id: MIA,
    topic_id: topic,
    note: 'Mia help note',
    opened_at: at,
  });
  await s.add('assistance_alerts', { assistance_request_id: miaHelp, supporter_id: SAM, channel: 'DSAM', ts: '1.1' });
  await s.add('supporter_requests', { requester_id: NED, note: 'Ned waits note', created_at: at });
  const miaGoal = await s.add('goals', {
    mentee_id: MIA,
    title: 'Mia goal',
    detail: 'Mia goal detail',
    created_at: at,
    updated_at: at,
  });
  await s.add('tasks', {
    mentee_id: MIA,
    goal_id: miaGoal,
    title: 'Sam task for Mia',
    suggested_by: SAM,
    created_at: at,
    updated_at: at,
  });
  await s.add('reminders', reminder(SAM, { mentorship_id: samMia }));
  await s.add('meeting_notices', { mentorship_id: samMia, person_id: MIA, meeting_on: '2026-11-24', sent_at: at });
  await s.add('silence_notices', {
    mentorship_id: samMia,
    quiet_since: at,
    stage: 'admins',
    recipient_id: ADMIN,
    created_at: at,
  });
  await s.add('supporter_profiles', { user_id: SAM, capacity: 3, updated_at: at });
  await s.add('supporter_topics', { user_id: SAM, topic_id: topic, level: 4 });
  await s.add('person_settings', { user_id: MIA, fewer_messages: true, updated_at: at });
  await s.add('processed_events', { event_key: 'Ev0000001', created_at: at });
  await s.add(
    'audit_events',
    audit(MIA, 'goal.create', { subject_type: 'goal', subject_id: miaGoal, detail: { title: 'Mia goal' } }),
  );
  await s.add(
    'audit_events',
    audit(ADMIN, 'mentorship.assigned', {
      subject_type: 'mentorship',
      subject_id: samMia,
      detail: { supporterId: SAM, menteeId: MIA, kind: 'mentor' },
    }),
  );
  return { topic, samMia, miaHelp, miaGoal, programme };
}

interface Role {
  name: string;
  /** x's part in the world: rows added with `mine` true are x's. */
  seed(s: Seeder, w: World): Promise<void>;
  /** Private content by others about x: withheld from x's export. */
  withheld: number;
}

const ROLES: Role[] = [
  {
    name: 'x as mentee',
    withheld: 3,
    async seed(s, w) {
      await s.add('people', person(X, 'Xavier Example'), true);
      // Sam ended it, with a reason only admins were to read.
      const m = await s.add(
        'mentorships',
        mentorship(SAM, X, { status: 'ended', ended_at: at, ended_by: SAM, end_reason: 'Sam ended x reason' }),
        true,
      );
      const r = await s.add('meeting_reports', report(m, SAM, X, 'Sam on x'), true);
      await s.add('checkins', { ...checkin(m, X, SAM, 'x on Sam comment'), report_id: r }, true);
      await s.add('checkins', checkin(m, SAM, X, 'Sam on x closeout comment', 'closeout'), true);
      await s.add(
        'familiarity',
        { person_id: X, topic_id: w.topic, level: 1, note: 'x familiarity note', updated_at: at },
        true,
      );
      const help = await s.add(
        'assistance_requests',
        {
          mentee_id: X,
          note: 'x help note',
          opened_at: at,
          acknowledged_by: SAM,
          acknowledged_at: at,
          resolved_by: SAM,
          resolved_at: at,
        },
        true,
      );
      await s.add(
        'assistance_alerts',
        { assistance_request_id: help, supporter_id: SAM, channel: 'DSAM', ts: '2.1' },
        true,
      );
      await s.add('reminders', reminder(ADMIN, { kind: 'assistance', assistance_request_id: help }), true);
      await s.add('supporter_requests', { requester_id: X, note: 'x waits note', created_at: at }, true);
      const goal = await s.add(
        'goals',
        { mentee_id: X, title: 'x goal', detail: 'x goal detail', created_at: at, updated_at: at },
        true,
      );
      const task = await s.add(
        'tasks',
        { mentee_id: X, goal_id: goal, title: 'Sam task for x', suggested_by: SAM, created_at: at, updated_at: at },
        true,
      );
      await s.add('reminders', reminder(SAM, { mentorship_id: m }), true);
      await s.add('meeting_notices', { mentorship_id: m, person_id: X, meeting_on: '2026-11-24', sent_at: at }, true);
      await s.add(
        'silence_notices',
        { mentorship_id: m, quiet_since: at, stage: 'admins', recipient_id: ADMIN, created_at: at },
        true,
      );
      await s.add('person_settings', { user_id: X, fewer_messages: false, updated_at: at }, true);
      await s.add(
        'audit_events',
        audit(X, 'goal.create', { subject_type: 'goal', subject_id: goal, detail: { title: 'x goal' } }),
        true,
      );
      await s.add(
        'audit_events',
        audit(SAM, 'task.suggest', {
          subject_type: 'task',
          subject_id: task,
          detail: { title: 'Sam task for x', menteeId: X },
        }),
        true,
      );
      await s.add(
        'audit_events',
        audit(SAM, 'mentorship.ended', {
          subject_type: 'mentorship',
          subject_id: m,
          detail: { supporterId: SAM, menteeId: X, was: 'active' },
        }),
        true,
      );
      await s.add(
        'audit_events',
        audit(X, 'familiarity.set', { subject_type: 'topic', subject_id: w.topic, detail: { level: 1 } }),
        true,
      );
    },
  },
  {
    name: 'x as supporter',
    withheld: 1,
    async seed(s, w) {
      await s.add('people', person(X, 'Xavier Example'), true);
      // Manages the programme and agreed to its agreement; an admin added them as a supporter, and they answered.
      await s.add('programme_managers', { programme_id: w.programme, user_id: X, added_by: ADMIN, added_at: at }, true);
      await s.add('programme_agreed', { programme_id: w.programme, supporter_id: X, version: 1, agreed_at: at }, true);
      await s.add(
        'programme_members',
        {
          programme_id: w.programme,
          user_id: X,
          role: 'supporter',
          answers: JSON.stringify(['x answer']),
          added_by: ADMIN,
          created_at: at,
        },
        true,
      );
      const m = await s.add('mentorships', mentorship(X, NIA), true);
      const r = await s.add('meeting_reports', report(m, X, NIA, 'x on Nia'), true);
      await s.add('checkins', { ...checkin(m, NIA, X, 'Nia on x comment'), report_id: r }, true);
      // Suggested for Mia, whose goal it sits under: x wrote it.
      const task = await s.add(
        'tasks',
        {
          mentee_id: MIA,
          goal_id: w.miaGoal,
          title: 'x task for Mia',
          suggested_by: X,
          created_at: at,
          updated_at: at,
        },
        true,
      );
      await s.add('supporter_profiles', { user_id: X, capacity: 2, updated_at: at }, true);
      await s.add('supporter_topics', { user_id: X, topic_id: w.topic, level: 3 }, true);
      // Told about Mia's call for help: the DM to x is x's, Mia's request is not.
      await s.add(
        'assistance_alerts',
        { assistance_request_id: w.miaHelp, supporter_id: X, channel: 'DXAVI', ts: '3.1' },
        true,
      );
      await s.add('reminders', reminder(X, { mentorship_id: m }), true);
      await s.add(
        'audit_events',
        audit(X, 'report.filed', {
          subject_type: 'meeting_report',
          subject_id: r,
          detail: { mentorshipId: m, menteeId: NIA, suggestedTasks: 0 },
        }),
        true,
      );
      await s.add(
        'audit_events',
        audit(X, 'task.suggest', {
          subject_type: 'task',
          subject_id: task,
          detail: { title: 'x task for Mia', menteeId: MIA },
        }),
        true,
      );
      await s.add('audit_events', audit(X, 'profile.saved', { subject_type: 'person' }), true);
    },
  },
  {
    name: 'x as the admin who assigned and ended a pair',
    withheld: 0,
    async seed(s, w) {
      await s.add('people', person(X, 'Xavier Example'), true);
      const m = await s.add(
        'mentorships',
        mentorship(SAM, NED, {
          assigned_by: X,
          status: 'ended',
          ended_at: at,
          ended_by: X,
          end_reason: 'x ended Sam and Ned reason',
          topic_id: w.topic,
        }),
      );
      const r = await s.add('meeting_reports', report(m, SAM, NED, 'Sam on Ned'));
      await s.add('checkins', { ...checkin(m, NED, SAM, 'Ned on Sam comment'), report_id: r });
      await s.add('reminders', reminder(SAM, { mentorship_id: m }));
      await s.add('silence_notices', {
        mentorship_id: m,
        quiet_since: at,
        stage: 'pair',
        recipient_id: NED,
        created_at: at,
      });
      await s.add('topics', { name: 'Go', name_key: 'go', created_by: X, created_at: at });
      await s.add(
        'audit_events',
        audit(X, 'mentorship.assigned', {
          subject_type: 'mentorship',
          subject_id: m,
          detail: { supporterId: SAM, menteeId: NED, kind: 'mentor' },
        }),
      );
      await s.add(
        'audit_events',
        audit(X, 'mentorship.ended', {
          subject_type: 'mentorship',
          subject_id: m,
          detail: { supporterId: SAM, menteeId: NED, was: 'active' },
        }),
      );
      await s.add('audit_events', audit(X, 'mentorships.exported', { detail: { rows: 3 } }));
    },
  },
  {
    name: 'x as the supporter who acknowledged a call for help',
    withheld: 0,
    async seed(s) {
      await s.add('people', person(X, 'Xavier Example'), true);
      const help = await s.add('assistance_requests', {
        mentee_id: NED,
        note: 'Ned help note',
        opened_at: at,
        acknowledged_by: X,
        acknowledged_at: at,
      });
      await s.add(
        'audit_events',
        audit(NED, 'assistance.open', {
          subject_type: 'assistance_request',
          subject_id: help,
          detail: { note: 'Ned help note' },
        }),
      );
    },
  },
  {
    name: 'x as the admin who resolved a call for help',
    withheld: 0,
    async seed(s) {
      await s.add('people', person(X, 'Xavier Example'), true);
      const help = await s.add('assistance_requests', {
        mentee_id: NIA,
        note: 'Nia help note',
        opened_at: at,
        resolved_by: X,
        resolved_at: at,
      });
      await s.add(
        'audit_events',
        audit(X, 'assistance.resolve', { subject_type: 'assistance_request', subject_id: help }),
      );
    },
  },
  {
    name: 'x as the admin who granted another admin',
    withheld: 0,
    async seed(s) {
      await s.add('people', person(X, 'Xavier Example'), true);
      await s.add('people', { ...person(BEA, 'Bea Other'), admin_granted_by: X, admin_granted_at: at });
      await s.add('audit_events', audit(X, 'admin.granted', { subject_type: 'person', detail: { userId: BEA } }));
    },
  },
];

describe.each(ROLES)(`personal data of $name, exactly (${testEngine})`, (role) => {
  let t: TestApp;
  let s: Seeder;

  const snapshot = async (): Promise<Record<Table, Row[]>> => {
    const out = {} as Record<Table, Row[]>;
    for (const table of TEAM_TABLES)
      out[table] = JSON.parse(JSON.stringify(await t.storage.db(table).where({ team_id: t.fake.teamId })));
    return out;
  };
  const isMine = (table: Table, r: Row) => s.mine.has(`${table}/${keyOf(table, r)}`);
  const sorted = (table: Table, rows: Row[]) =>
    [...rows].sort((a, b) => keyOf(table, a).localeCompare(keyOf(table, b), 'en', { numeric: true }));
  /** The admin asks through `/mentor admin person @x <request>` and submits the confirmation. */
  const request = async (what: 'export' | 'forget') => {
    await t.driver.command(ADMIN, `admin person <@${X}> ${what}`);
    await t.settle();
    const opened = t.fake.lastCall('views.open')!;
    expect(opened.response.ok).toBe(true);
    await t.driver.submitView(ADMIN, String((opened.response.view as { id: string }).id), {});
    await t.settle();
  };

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, X, SAM, MIA, NED, NIA, BEA].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
    s = new Seeder(t);
    await role.seed(s, await background(s));
  });
  afterAll(async () => {
    await t.stop();
  });

  it('exports exactly their rows, table by table, with what others wrote privately about them withheld and counted', async () => {
    const before = await snapshot();
    await request('export');
    const [file] = [...t.fake.files.values()];
    const data = JSON.parse(file!.bytes!.toString('utf8'));
    expect(Object.keys(data.tables).sort()).toEqual([...TEAM_TABLES].sort());
    let withheld = 0;
    for (const table of TEAM_TABLES) {
      const expected = before[table]
        .filter((r) => isMine(table, r))
        .map((r) => {
          const p = PRIVATE[table];
          if (!p || r[p.author] === X || p.columns.every((c) => r[c] === null)) return r;
          withheld++;
          return { ...r, ...Object.fromEntries(p.columns.map((c) => [c, r[c] === null ? null : WITHHELD])) };
        });
      expect(sorted(table, data.tables[table]), `${role.name}: ${table}`).toEqual(sorted(table, expected));
    }
    expect(withheld).toBe(role.withheld);
    expect(data.withheld?.count ?? 0).toBe(role.withheld);
    if (role.withheld > 0) {
      const said = `${role.withheld} private comment${role.withheld === 1 ? '' : 's'} by others about you`;
      expect(data.withheld.note).toContain(said);
      expect(String(t.fake.messagesIn(t.fake.dmChannel(ADMIN)).at(-1)?.text ?? '')).toMatch(
        new RegExp(`${role.withheld} private comment`),
      );
    }
  });

  it('forget erases exactly their rows and leaves every other record as it was', async () => {
    const before = await snapshot();
    await request('forget');
    const after = await snapshot();
    for (const table of TEAM_TABLES) {
      // A counter that every write moves.
      if (table === 'team_versions') continue;
      const now = new Map(after[table].map((r) => [keyOf(table, r), r]));
      for (const r of before[table]) {
        const k = keyOf(table, r);
        let expected: Row = r;
        if (isMine(table, r)) {
          if (table === 'people')
            expected = { ...r, name: null, tz: null, fetched_at: null, updated_at: expect.any(String) };
          else if (table === 'audit_events')
            expected = {
              ...r,
              detail: r.detail === null ? null : JSON.stringify(eraseDetail(JSON.parse(String(r.detail)))),
            };
          else
            expected = {
              ...r,
              ...Object.fromEntries((TEXT[table] ?? []).map((c) => [c, r[c] === null ? null : ERASED])),
            };
        }
        expect(now.get(k), `${role.name}: ${table} ${k}${isMine(table, r) ? " (x's)" : ''}`).toEqual(expected);
      }
    }
    // Every table took part: each held rows to keep or to erase.
    for (const table of TEAM_TABLES) expect(before[table].length, table).toBeGreaterThan(0);
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

/*
 * The same rule through Slack end to end: an admin (x) assigns Sam to Mia, Mia asks for help, Sam
 * files a report (which acknowledges it) with a private note and a task for Mia, Mia answers her
 * check-in with a private comment, x resolves the call for help and ends the pair with a reason.
 */
describe(`personal data through Slack: the acting admin, the private comment, what is left after a forget (${testEngine})`, () => {
  let t: TestApp;
  const team = () => t.fake.teamId;
  const TYPED = {
    help: 'Mia help note: stuck on lifetimes',
    summary: 'Sam on Mia: walked through the borrow checker',
    note: 'Sam private note: Mia seems anxious',
    task: 'Sam task for Mia: read chapter 4',
    comment: 'Mia on Sam: he keeps cancelling',
    reason: 'x ended it: Sam is moving teams',
    goal: 'Mia goal: ship the CLI by March',
  };
  const lastView = () => String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
  const command = async (who: string, text: string) => {
    await t.driver.command(who, text);
    await t.settle();
  };
  const request = async (what: 'export' | 'forget', who: string) => {
    await command(ADMIN, `admin person <@${who}> ${what}`);
    await t.driver.submitView(ADMIN, lastView(), {});
    await t.settle();
  };
  const exported = () => JSON.parse([...t.fake.files.values()].at(-1)!.bytes!.toString('utf8'));
  const stored = async () =>
    JSON.stringify(await Promise.all([...TEAM_TABLES].map((x) => t.storage.db(x).where({ team_id: team() }))));
  const homeOf = (who: string) => JSON.stringify(t.fake.homeViews.get(who)?.blocks ?? []);
  let helpDm: { ts: string } | undefined;

  beforeAll(async () => {
    let clock = new Date('2026-11-23T10:00:00.000Z'); // Monday 10:00 in London
    t = await startTestApp({
      users: [ADMIN, X, SAM, MIA].map((id) => ({ id, name: id.slice(1, 4).toLowerCase(), tz: 'Europe/London' })),
      env: { ADMIN_USER_IDS: `${ADMIN},${X}` },
      now: () => clock,
    });
    await command(X, `assign <@${SAM}> <@${MIA}>`);
    await t.driver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment });
    await t.settle();
    await command(MIA, 'assist');
    await t.driver.submitView(MIA, lastView(), {
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue(TYPED.help) },
    });
    await t.settle();
    helpDm = t.fake.messagesIn(t.fake.dmChannel(SAM)).find((m) => String(m.text).includes(TYPED.help));
    expect(helpDm).toBeDefined();
    await command(SAM, `report <@${MIA}>`);
    await t.driver.submitView(SAM, lastView(), {
      [F.metOn]: { [F.metOn]: selectedDate('2026-11-23') },
      [F.duration]: { [F.duration]: numberValue(45) },
      [F.format]: { [F.format]: selectedOption('video') },
      [F.summary]: { [F.summary]: textValue(TYPED.summary) },
      [F.progress]: { [F.progress]: radio('4') },
      [F.tasks]: { [F.tasks]: textValue(TYPED.task) },
      [F.privateNote]: { [F.privateNote]: textValue(TYPED.note) },
    });
    await t.settle();
    await runReminderSweep({
      now: clock,
      storage: t.storage,
      clientFor: t.lifering.deps.clientFor,
      config: t.config,
      logger: t.lifering.deps.logger,
    });
    await t.settle();
    await t.driver.blockAction(MIA, { action_id: `${ACTIONS.checkinScore}.2` }, { channelId: t.fake.dmChannel(MIA) });
    await t.settle();
    await t.driver.blockAction(MIA, { action_id: ACTIONS.checkinComment }, { channelId: t.fake.dmChannel(MIA) });
    await t.settle();
    await t.driver.submitView(MIA, lastView(), { checkin_comment: { value: textValue(TYPED.comment) } });
    await t.settle();
    const [help] = await t.storage.db('assistance_requests').where({ team_id: team(), mentee_id: MIA });
    clock = new Date('2026-11-23T11:00:00.000Z');
    await t.driver.blockAction(
      X,
      { action_id: ACTIONS.resolveHelp, value: String(help.id) },
      { messageTs: '1700000000.000100' },
    );
    await t.settle();
    await command(X, `end <@${SAM}> <@${MIA}>`);
    await t.driver.submitView(X, lastView(), { reason: { reason: textValue(TYPED.reason) } });
    await t.settle();
    await t.storage.db('goals').insert({
      team_id: team(),
      mentee_id: MIA,
      title: TYPED.goal,
      created_at: clock.toISOString(),
      updated_at: clock.toISOString(),
    });
    await t.driver.appHomeOpened(MIA);
    await t.settle();
    // Everything typed is stored, by the people the story says, and Mia's Home shows her goal and Sam's task.
    const rows = await t.storage.db('mentorships').where({ team_id: team() });
    expect(rows).toMatchObject([{ assigned_by: X, ended_by: X, end_reason: TYPED.reason }]);
    expect(await t.storage.db('assistance_requests').where({ team_id: team() })).toMatchObject([
      { note: TYPED.help, acknowledged_by: SAM, resolved_by: X },
    ]);
    expect(await t.storage.db('checkins').where({ team_id: team(), person_id: MIA, kind: 'meeting' })).toMatchObject([
      { other_id: SAM, score: 2, comment: TYPED.comment },
    ]);
    expect(homeOf(MIA)).toContain(TYPED.goal);
    expect(homeOf(MIA)).toContain(TYPED.task);
    t.fake.clearCalls();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('forgetting the admin who assigned, resolved and ended the pair leaves its report, reason, comment and help note; their export holds none of them', async () => {
    await request('export', X);
    const text = JSON.stringify(exported());
    for (const s of Object.values(TYPED)) expect(text, s).not.toContain(s);
    expect(exported().tables.mentorships).toEqual([]);
    await request('forget', X);
    const all = await stored();
    for (const s of Object.values(TYPED)) expect(all, s).toContain(JSON.stringify(s).slice(1, -1));
    expect(await t.storage.db('meeting_reports').where({ team_id: team() }).first()).toMatchObject({
      summary: TYPED.summary,
      private_note: TYPED.note,
    });
  });

  it("Sam's and Mia's exports keep out what the other (and x) wrote privately about them, and count it", async () => {
    await request('export', SAM);
    const sam = exported();
    const samText = JSON.stringify(sam);
    // Sam wrote the report, its private note and the task: his. Mia's check-in and x's reason were never to reach him.
    for (const s of [TYPED.summary, TYPED.note, TYPED.task]) expect(samText, s).toContain(s);
    for (const s of [TYPED.comment, TYPED.reason]) expect(samText, s).not.toContain(s);
    expect(sam.tables.checkins.find((c: Row) => c.kind === 'meeting')).toMatchObject({
      person_id: MIA,
      other_id: SAM,
      score: WITHHELD,
      comment: WITHHELD,
    });
    expect(sam.tables.mentorships).toMatchObject([{ end_reason: WITHHELD }]);
    expect(sam.withheld).toEqual({
      count: 2,
      note: expect.stringContaining(
        '2 private comments by others about you are kept from this file to protect their authors',
      ),
    });
    expect(String(t.fake.messagesIn(t.fake.dmChannel(ADMIN)).at(-1)?.text)).toContain(
      `2 private comments by others about <@${SAM}>`,
    );

    await request('export', MIA);
    const mia = exported();
    const miaText = JSON.stringify(mia);
    for (const s of [TYPED.help, TYPED.comment, TYPED.summary, TYPED.task, TYPED.goal]) expect(miaText, s).toContain(s);
    for (const s of [TYPED.note, TYPED.reason]) expect(miaText, s).not.toContain(s);
    expect(mia.tables.meeting_reports).toMatchObject([{ summary: TYPED.summary, private_note: WITHHELD }]);
    expect(mia.withheld.count).toBe(2);
  });

  it("forgetting Sam erases what he wrote and what was written about him, redraws Mia's Home without his task, and leaves Mia's help note", async () => {
    await request('forget', SAM);
    expect(await t.storage.db('meeting_reports').where({ team_id: team() }).first()).toMatchObject({
      summary: ERASED,
      private_note: ERASED,
    });
    expect(await t.storage.db('tasks').where({ team_id: team() }).first()).toMatchObject({ title: ERASED });
    // He acknowledged it; it is hers.
    expect(await t.storage.db('assistance_requests').where({ team_id: team() }).first()).toMatchObject({
      note: TYPED.help,
    });
    expect(homeOf(MIA)).not.toContain(TYPED.task);
    expect(homeOf(MIA)).toContain(TYPED.goal);
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('forgetting Mia redraws the help DM Sam got and her own Home, and leaves no copy of anything erased in the SQLite file', async () => {
    await request('forget', MIA);
    const dm = t.fake.messagesIn(t.fake.dmChannel(SAM)).find((m) => m.ts === helpDm!.ts)!;
    expect(JSON.stringify([dm.text, dm.blocks])).not.toContain(TYPED.help);
    expect(JSON.stringify([dm.text, dm.blocks])).toContain(ERASED);
    expect(homeOf(MIA)).not.toContain(TYPED.goal);
    const all = await stored();
    for (const s of Object.values(TYPED)) expect(all, s).not.toContain(s);
    if (testEngine === 'sqlite') {
      const file = (t.storage.db.client.config.connection as { filename: string }).filename;
      for (const f of [file, `${file}-wal`].filter((f) => existsSync(f))) {
        const bytes = readFileSync(f);
        for (const s of Object.values(TYPED)) expect(bytes.includes(s), `${s} in ${f}`).toBe(false);
      }
    }
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

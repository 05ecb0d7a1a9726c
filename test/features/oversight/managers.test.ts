import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { programmeSettings } from '../../support/programmes.ts';
import { runReminderSweep } from '../../support/sweep.ts';

/*
 * Issue 25: a programme's managers administer theirs only. Two programmes, A (Graduate mentoring,
 * run by Gus) and B (Leadership coaching, run by Lena), each with an active pair whose report is
 * overdue and an ended pair with a private end reason. Every admin surface is read by the
 * workspace admin, by each manager and by a supporter who runs nothing: each manager sees only
 * their programme's pairs, both ways round, and the others are refused with a clear message.
 */

const ADMIN = 'UADMIN01';
const GUS = 'UGUS0001';
const LENA = 'ULENA001';
const SUE = 'USUE0001';
const [SA, MA, XA] = ['USA00001', 'UMA00001', 'UXA00001'];
const [SB, MB, XB] = ['USB00001', 'UMB00001', 'UXB00001'];
const now = new Date('2026-11-23T10:00:00.000Z');

const settings = (name: string) => programmeSettings({ name });

/** A's people and private words, and B's: what each side must see and the other must not. */
const SIDE = {
  A: { people: [SA, MA, XA], secret: 'SECRET-A left for another team' },
  B: { people: [SB, MB, XB], secret: 'SECRET-B workload' },
};

describe('programme managers administer their programme only (every admin surface)', () => {
  let t: TestApp;
  let ids: { A: number; B: number; pairA: number; pairB: number };

  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, GUS, LENA, SUE, SA, MA, XA, SB, MB, XB].map((id) => ({ id, name: id.slice(1, 5).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => now,
    });
    const team = t.fake.teamId;
    await t.storage.programmes.ensureDefault(team, now);
    const A = await t.storage.programmes.create(team, settings('Graduate mentoring'), ADMIN, now);
    const B = await t.storage.programmes.create(team, settings('Leadership coaching'), ADMIN, now);
    await t.storage.programmes.setManagers(team, A.id, [GUS], ADMIN, now);
    await t.storage.programmes.setManagers(team, B.id, [LENA], ADMIN, now);
    const pair = (programme: number, s: string, m: string, extra: Record<string, unknown>) => ({
      team_id: team,
      supporter_id: s,
      mentee_id: m,
      supporter_kind: 'mentor',
      assigned_by: ADMIN,
      notify: false,
      created_at: '2026-09-01T09:00:00.000Z',
      programme_id: programme,
      ...extra,
    });
    const active = {
      status: 'active',
      accepted_at: '2026-09-01T09:00:00.000Z',
      feedback_from: '2026-09-01T09:00:00.000Z',
    };
    const ended = (reason: string) => ({
      status: 'ended',
      ended_at: '2026-11-01T09:00:00.000Z',
      ended_by: ADMIN,
      end_reason: reason,
    });
    await t.storage
      .db('mentorships')
      .insert([
        pair(A.id, SA, MA, active),
        pair(A.id, SA, XA, ended(SIDE.A.secret)),
        pair(B.id, SB, MB, active),
        pair(B.id, SB, XB, ended(SIDE.B.secret)),
      ]);
    const open = await t.storage
      .db('mentorships')
      .where({ team_id: team, status: 'active' })
      .select('id', 'programme_id');
    const idOf = (p: number) => Number(open.find((r) => Number(r.programme_id) === p)!.id);
    ids = { A: A.id, B: B.id, pairA: idOf(A.id), pairB: idOf(B.id) };
    for (const [side, id] of [
      ['A', ids.pairA],
      ['B', ids.pairB],
    ] as const)
      await t.storage.audit.record({
        teamId: team,
        actorId: ADMIN,
        action: 'mentorship.nudged',
        subjectType: 'mentorship',
        subjectId: id,
        detail: { side },
        at: now,
      });
    await t.storage.audit.record({
      teamId: team,
      actorId: ADMIN,
      action: 'admins.granted',
      detail: { who: 'AUDIT-WORKSPACE' },
      at: now,
    });
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  /** What a surface showed or sent: the last modal drawn, or the last file uploaded. */
  const lastModal = () =>
    JSON.stringify(t.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)?.args);
  const lastFile = () =>
    [...t.fake.files.values()]
      .filter((f) => f.filename.endsWith('.csv'))
      .at(-1)
      ?.bytes?.toString('utf8') ?? '';

  /** An audit line about one mentorship. */
  const auditOf = (id: number) => new RegExp(`mentorship ${id}(?!\\d)`);

  type Surface = { name: string; run: (who: string) => Promise<string> };
  const command = (text: string, read: () => string) => async (who: string) => {
    const res = await t.driver.command(who, text);
    await t.settle();
    const body = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
    return body.includes('Only Lifering admins') ? body : `${body}\n${read()}`;
  };
  const SURFACES: Surface[] = [
    { name: 'the mentorships report', run: command('admin report', lastModal) },
    { name: 'the CSV export', run: command('admin export', lastFile) },
    { name: 'every mentorship (the programme view)', run: command('admin mentorships all', lastModal) },
    { name: "the A mentee's person page", run: command(`admin person <@${XA}>`, lastModal) },
    { name: "the B mentee's person page", run: command(`admin person <@${XB}>`, lastModal) },
    { name: 'the audit log', run: command('admin audit', lastModal) },
  ];

  it.each(SURFACES)('$name: the admin sees both programmes', async ({ name, run }) => {
    const seen = await run(ADMIN);
    if (name.includes('audit')) {
      expect(seen).toMatch(auditOf(ids.pairA));
      expect(seen).toMatch(auditOf(ids.pairB));
      return expect(seen).toContain('AUDIT-WORKSPACE');
    }
    if (name.includes('person page'))
      return expect(seen).toContain(name.includes('A mentee') ? SIDE.A.secret : SIDE.B.secret);
    for (const side of [SIDE.A, SIDE.B]) expect(seen).toContain(side.people[0]);
  });

  it.each(SURFACES)("$name: each manager sees their programme's pairs and never the other's", async ({ name, run }) => {
    for (const [who, mine, theirs] of [
      [GUS, SIDE.A, SIDE.B],
      [LENA, SIDE.B, SIDE.A],
    ] as const) {
      const seen = await run(who);
      expect(seen).not.toContain('Only Lifering admins');
      // A person page names its person: of the other programme's, it shows none of their pairs.
      const named = name.includes('person page') ? [theirs.people[0]] : theirs.people;
      for (const person of named) expect(seen).not.toContain(person);
      expect(seen).not.toContain(theirs.secret);
      expect(seen).not.toContain('AUDIT-WORKSPACE');
      if (name.includes('audit')) {
        expect(seen).toMatch(auditOf(who === GUS ? ids.pairA : ids.pairB));
        expect(seen).not.toMatch(auditOf(who === GUS ? ids.pairB : ids.pairA));
      }
      const aboutOther = name.includes(who === GUS ? 'B mentee' : 'A mentee');
      if (!aboutOther && !name.includes('audit')) expect(seen).toContain(mine.people[0]);
    }
  });

  it.each(SURFACES)('$name: someone who runs nothing is refused', async ({ run }) => {
    expect(await run(SUE)).toContain('Only Lifering admins');
  });

  it("shows a manager their programme's private end reasons on the person page", async () => {
    await t.driver.command(GUS, `admin person <@${XA}>`);
    await t.settle();
    expect(lastModal()).toContain(SIDE.A.secret);
  });

  it("lets a manager end their programme's pair, and refuses the other programme's with its name", async () => {
    const refused = await t.driver.command(LENA, `end <@${SA}> <@${MA}>`);
    await t.settle();
    expect(JSON.stringify(refused.body)).toContain("That pair is in *Graduate mentoring*, which you don't manage");
    const before = t.fake.callsTo('views.open').length;
    const res = await t.driver.command(GUS, `end <@${SA}> <@${MA}>`);
    await t.settle();
    expect(res.body).toBe('');
    expect(t.fake.callsTo('views.open').length).toBe(before + 1);
    expect(JSON.stringify(t.fake.lastCall('views.open')!.args.view)).toContain(MA);
  });

  it("names a programme for the report and the programme view, and refuses a manager another programme's", async () => {
    const refused = await t.driver.command(GUS, 'admin report Leadership coaching');
    expect(JSON.stringify(refused.body)).toContain("You don't manage *Leadership coaching*");
    await t.driver.command(ADMIN, 'admin report Leadership coaching');
    await t.settle();
    const report = lastModal();
    expect(report).toContain('Only *Leadership coaching*');
    expect(report).toContain(SB);
    expect(report).not.toContain(SA);
    await t.driver.command(ADMIN, 'admin mentorships active in graduate mentoring');
    await t.settle();
    const list = lastModal();
    expect(list).toContain('*1 mentorship* in *Graduate mentoring*');
    expect(list).toContain(SA);
    expect(list).not.toContain(SB);
  });

  it('shows a manager their programme on Home with what needs them; an admin Home is as it was', async () => {
    await t.driver.appHomeOpened(GUS);
    await t.settle();
    const home = JSON.stringify(t.fake.homeViews.get(GUS)?.blocks ?? []);
    expect(home).toContain('Your programme');
    expect(home).toContain('*Graduate mentoring*\\n:alarm_clock: 1 overdue report');
    expect(home).not.toContain('Leadership coaching');
    await t.driver.appHomeOpened(SUE);
    await t.settle();
    expect(JSON.stringify(t.fake.homeViews.get(SUE)?.blocks ?? [])).not.toContain('Your programme');
    await t.driver.appHomeOpened(ADMIN);
    await t.settle();
    expect(JSON.stringify(t.fake.homeViews.get(ADMIN)?.blocks ?? [])).not.toContain('Your programme');
  });

  it("sends each programme's managers the digest of their programme's pairs, and the admins the whole", async () => {
    await runReminderSweep({
      now,
      storage: t.storage,
      clientFor: t.lifering.deps.clientFor,
      config: t.config,
      logger: t.lifering.deps.logger,
      holder: 'managers-test',
    });
    await t.settle();
    const digest = (to: string) =>
      t.fake
        .dmsTo(to)
        .map((d) => `${String(d.args.text)} ${JSON.stringify(d.args.blocks)}`)
        .filter((d) => d.includes('Lifering needs an admin'))
        .join('\n');
    expect(digest(ADMIN)).toContain(`<@${SA}>`);
    expect(digest(ADMIN)).toContain(`<@${SB}>`);
    expect(digest(GUS)).toContain(`<@${SA}>`);
    expect(digest(GUS)).not.toContain(`<@${SB}>`);
    expect(digest(LENA)).toContain(`<@${SB}>`);
    expect(digest(LENA)).not.toContain(`<@${SA}>`);
    expect(digest(SUE)).toBe('');
    expect(ids.A).not.toBe(ids.B);
  });

  it('puts a pair a manager assigns into their programme', async () => {
    const res = await t.driver.command(GUS, `assign <@${SA}> <@${XA}> silently`);
    await t.settle();
    expect(JSON.stringify(res.body)).not.toContain('Only Lifering admins');
    const made = await t.storage
      .db('mentorships')
      .where({ team_id: t.fake.teamId, mentee_id: XA, status: 'active' })
      .first();
    expect(Number(made?.programme_id)).toBe(ids.A);
    const refused = await t.driver.command(SUE, `assign <@${SA}> <@${XB}> silently`);
    expect(JSON.stringify(refused.body)).toContain('Only Lifering admins');
  });
});

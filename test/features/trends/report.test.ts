import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { selectedOption } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const MENTEE = 'UMEN001';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const DAY = 86_400_000;

/** A small deterministic random source (mulberry32), so the seeded year is the same every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PlannedPair {
  id: number;
  supporter: string;
  mentee: string;
  created: number;
  notify: boolean;
  accepted: number | null;
  ended: number | null;
  endedBy: 'mentee' | 'supporter' | 'admin' | 'left' | null;
}

/** A programme's year (and a bit before it), planned in plain numbers first, then written to the tables. */
function planYear() {
  const r = random(16);
  const from = Date.UTC(2025, 9, 1); // October 2025: some pairs start before the 12 months shown
  const pairs: PlannedPair[] = [];
  for (let i = 0; i < 70; i++) {
    const created = from + Math.floor(r() * (NOW.getTime() - from - DAY));
    const notify = r() < 0.6;
    let accepted: number | null = notify ? (r() < 0.85 ? created + Math.floor(r() * 10 * DAY) : null) : created;
    if (accepted !== null && accepted >= NOW.getTime()) accepted = null;
    let ended: number | null = null;
    let endedBy: PlannedPair['endedBy'] = null;
    if (accepted !== null && r() < 0.4) {
      const at = accepted + Math.floor(r() * 200 * DAY);
      if (at < NOW.getTime()) {
        ended = at;
        endedBy = (['mentee', 'supporter', 'admin', 'left'] as const)[Math.floor(r() * 4)]!;
      }
    }
    pairs.push({
      id: i + 1,
      supporter: `USUP${i % 9}`,
      mentee: `UMEN${String(i).padStart(3, '0')}`,
      created,
      notify,
      accepted,
      ended,
      endedBy,
    });
  }
  const reports: { pair: PlannedPair; metOn: number }[] = [];
  const checkins: { pair: PlannedPair; score: number; answered: number }[] = [];
  for (const p of pairs) {
    if (p.accepted === null) continue;
    for (
      let at = p.accepted + Math.floor(r() * 20 * DAY);
      at < (p.ended ?? NOW.getTime());
      at += Math.floor((20 + r() * 25) * DAY)
    ) {
      reports.push({ pair: p, metOn: at });
      const answered = at + DAY + Math.floor(r() * DAY);
      if (r() < 0.5 && answered < NOW.getTime()) checkins.push({ pair: p, score: 1 + Math.floor(r() * 5), answered });
    }
  }
  const help: { mentee: string; opened: number; resolved: number | null }[] = [];
  for (let i = 0; i < 45; i++) {
    const opened = from + Math.floor(r() * (NOW.getTime() - from - DAY));
    const resolvedAt = opened + Math.floor(r() * 6 * DAY);
    // One open request per mentee at a time (the schema's rule): a different mentee each.
    help.push({
      mentee: pairs[(i * 3) % pairs.length]!.mentee,
      opened,
      resolved: r() < 0.7 && resolvedAt < NOW.getTime() ? resolvedAt : null,
    });
  }
  return { pairs, reports, checkins, help };
}

type Plan = ReturnType<typeof planYear>;

/** The expected table, computed straight from the plan: one row of strings per month. */
function expectedRows(plan: Plan, cohort: { year: number; month: number } | null): string[][] {
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const inCohort = (p: PlannedPair) => {
    if (!cohort) return true;
    const d = new Date(p.created);
    return d.getUTCFullYear() === cohort.year && d.getUTCMonth() === cohort.month;
  };
  const pairs = plan.pairs.filter(inCohort);
  const mentees = new Set(pairs.map((p) => p.mentee));
  const cohortStart = cohort ? Date.UTC(cohort.year, cohort.month, 1) : -Infinity;
  const mid = (xs: number[]) => {
    if (xs.length === 0) return null;
    xs.sort((a, b) => a - b);
    const m = Math.floor(xs.length / 2);
    return xs.length % 2 === 1 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
  };
  const tenth = (x: number | null, unit = '') => (x === null ? '–' : `${Math.round(x * 10) / 10}${unit}`);
  const rows: string[][] = [];
  for (let k = 0; k < 12; k++) {
    const start = Date.UTC(2025, 11 + k, 1);
    const end = Date.UTC(2025, 12 + k, 1);
    const within = (t: number | null) => t !== null && t >= start && t < end;
    const active = pairs.filter(
      (p) => p.accepted !== null && p.accepted < end && (p.ended === null || p.ended >= start),
    ).length;
    const meetings = plan.reports.filter(
      (x) =>
        inCohort(x.pair) &&
        within(
          Date.UTC(new Date(x.metOn).getUTCFullYear(), new Date(x.metOn).getUTCMonth(), new Date(x.metOn).getUTCDate()),
        ),
    ).length;
    const accept = mid(pairs.filter((p) => p.notify && within(p.accepted)).map((p) => (p.accepted! - p.created) / DAY));
    const help = plan.help.filter(
      (h) => within(h.opened) && (!cohort || (mentees.has(h.mentee) && h.opened >= cohortStart)),
    );
    const resolve = mid(help.filter((h) => h.resolved !== null).map((h) => (h.resolved! - h.opened) / DAY));
    const scores = plan.checkins.filter((c) => inCohort(c.pair) && within(c.answered)).map((c) => c.score);
    const score = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
    const ended = pairs.filter((p) => within(p.ended)).length;
    const d = new Date(start);
    rows.push([
      `${names[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
      String(active),
      String(meetings),
      tenth(accept, 'd'),
      String(help.length),
      tenth(resolve, 'd'),
      tenth(score),
      String(ended),
    ]);
  }
  // The table starts at the first month anything happened in.
  const first = rows.findIndex((r) => r.slice(1).some((c) => c !== '0' && c !== '–'));
  return first < 0 ? [] : rows.slice(first);
}

/** The trend table in a report view, as rows of cells. */
function tableIn(blocks: unknown): string[][] {
  const texts = (blocks as { type: string; text?: { text: string } }[]).map((b) => b.text?.text ?? '');
  const table = texts.find((x) => x.startsWith('```\nMonth'));
  expect(table, 'the trend table').toBeDefined();
  const lines = table!.replace(/```/g, '').trim().split('\n');
  // "Dec 2025" is one cell: join the first two words.
  return lines.slice(1).map((l) => {
    const [mon, yy, ...rest] = l.trim().split(/\s+/);
    return [`${mon} ${yy}`, ...rest];
  });
}

describe('the report: the programme over time, over a seeded year', () => {
  let t: TestApp;
  const plan = planYear();
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: MENTEE, name: 'men' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
    const team = t.fake.teamId;
    const db = t.storage.db;
    for (const p of plan.pairs) {
      const enderId = p.endedBy === 'supporter' ? p.supporter : p.endedBy === 'admin' ? ADMIN : p.mentee;
      await db('mentorships').insert({
        id: p.id,
        team_id: team,
        supporter_id: p.supporter,
        mentee_id: p.mentee,
        supporter_kind: 'mentor',
        assigned_by: ADMIN,
        notify: p.notify,
        status: p.ended !== null ? 'ended' : p.accepted !== null ? 'active' : 'pending',
        created_at: iso(p.created),
        accepted_at: p.accepted === null ? null : iso(p.accepted),
        feedback_from: p.accepted === null ? null : iso(p.accepted),
        ended_at: p.ended === null ? null : iso(p.ended),
        ended_by: p.ended === null ? null : enderId,
        end_reason: p.ended === null ? null : 'PRIVATE reason',
      });
      if (p.endedBy === 'left') {
        await db('people').insert({
          team_id: team,
          user_id: p.mentee,
          name: p.mentee,
          left_at: iso(p.ended! - 60_000),
          left_reason: 'deactivated',
          updated_at: iso(p.ended!),
        });
      }
    }
    // PostgreSQL's sequence does not move for explicit ids: start it past them.
    if (db.client.config.client === 'pg')
      await db.raw(`SELECT setval(pg_get_serial_sequence('mentorships', 'id'), 1000)`);
    let n = 0;
    for (const x of plan.reports) {
      await db('meeting_reports').insert({
        team_id: team,
        mentorship_id: x.pair.id,
        author_id: x.pair.supporter,
        mentee_id: x.pair.mentee,
        met_on: iso(x.metOn).slice(0, 10),
        duration_minutes: 30,
        format: 'call',
        summary: 'Met.',
        progress: 3,
        submission_key: `k${n++}`,
        created_at: iso(x.metOn),
        updated_at: iso(x.metOn),
      });
    }
    for (const [i, c] of plan.checkins.entries()) {
      await db('checkins').insert({
        team_id: team,
        kind: 'meeting',
        mentorship_id: c.pair.id,
        report_id: i + 1,
        person_id: c.pair.mentee,
        other_id: c.pair.supporter,
        queued_at: iso(c.answered - DAY),
        asked_at: iso(c.answered - DAY),
        answered_at: iso(c.answered),
        score: c.score,
        comment: 'PRIVATE comment',
      });
    }
    for (const h of plan.help) {
      await db('assistance_requests').insert({
        team_id: team,
        mentee_id: h.mentee,
        opened_at: iso(h.opened),
        resolved_at: h.resolved === null ? null : iso(h.resolved),
      });
    }
  }, 60_000);
  afterAll(async () => {
    await t.stop();
  });

  async function openReport(): Promise<string> {
    await t.driver.command(ADMIN, 'admin report');
    await t.settle();
    return String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
  }

  it('shows each month’s figures for the last 12 months, as computed from the seeded events', async () => {
    // The plan covers every figure: some in each month, and the rarer kinds too.
    expect(plan.reports.length).toBeGreaterThan(100);
    expect(plan.pairs.filter((p) => p.endedBy === 'left').length).toBeGreaterThan(0);
    const viewId = await openReport();
    const blocks = t.fake.view(viewId)!.blocks;
    expect(tableIn(blocks)).toEqual(expectedRows(plan, null));
    const json = JSON.stringify(blocks);
    expect(json).toContain('*Programme over time* · all pairs, last 12 months');
    expect(json).toMatch(/Active pairs +[▁▂▃▅▇·]{12} {2}\d+/);
    // Why pairs ended, in aggregate only: never a reason, a comment or a name from them.
    const ended = plan.pairs.filter((p) => p.ended !== null && p.ended >= Date.UTC(2025, 11, 1));
    expect(json).toContain(`${ended.length} pairs ended: `);
    expect(json).toContain(`${ended.filter((p) => p.endedBy === 'left').length} because someone left the workspace`);
    expect(json).not.toContain('PRIVATE');
  });

  it('narrows to one cohort: the pairs assigned in the month picked', async () => {
    const viewId = await openReport();
    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.trendsCohort,
        block_id: 'trends_head',
        type: 'static_select',
        selected_option: selectedOption('2026-03').selected_option,
      },
      { viewId },
    );
    await t.settle();
    const blocks = t.fake.view(viewId)!.blocks;
    const rows = tableIn(blocks);
    expect(rows).toEqual(expectedRows(plan, { year: 2026, month: 2 }));
    expect(rows.some((r) => r[1] !== '0')).toBe(true);
    expect(JSON.stringify(blocks)).toContain('pairs assigned in Mar 2026');
    // The rest of the report is still there, above.
    expect(JSON.stringify(blocks)).toContain('Supporters and their load');
    // Back to everyone.
    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.trendsCohort,
        type: 'static_select',
        selected_option: selectedOption('all').selected_option,
      },
      { viewId },
    );
    await t.settle();
    expect(tableIn(t.fake.view(viewId)!.blocks)).toEqual(expectedRows(plan, null));
  });

  it('attaches the trends as a PNG chart to the CSV export DM', async () => {
    t.fake.reset();
    await t.driver.command(ADMIN, 'admin export');
    await t.settle();
    const files = [...t.fake.files.values()];
    expect(files.map((f) => f.filename).sort()).toEqual([
      'lifering-mentorships-2026-11-23.csv',
      'lifering-trends-2026-11-23.png',
    ]);
    const png = files.find((f) => f.filename.endsWith('.png'))!.bytes!;
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2000, 1320]);
    const dm = t.fake.messagesIn(ADMIN).at(-1);
    expect(dm?.files).toHaveLength(2);
  });

  it('redraws nothing for someone who is not an admin', async () => {
    const viewId = await openReport();
    t.fake.clearCalls();
    await t.driver.blockAction(
      MENTEE,
      {
        action_id: ACTIONS.trendsCohort,
        type: 'static_select',
        selected_option: selectedOption('2026-03').selected_option,
      },
      { viewId },
    );
    await t.settle();
    expect(t.fake.callsTo('views.update')).toEqual([]);
  });
});

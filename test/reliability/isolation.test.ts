import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const TEAM = 'T0LIFERING';
const OTHER_TEAM = 'T0OTHER01';
const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
// An admin of another workspace served by the same deployment (ADMIN_USER_IDS spans installs).
const EVE = 'UEVE0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

/**
 * Someone in another workspace sends Lifering the ids of this workspace's people and rows: every
 * read and write path must find nothing and change nothing.
 */
describe('workspace isolation', () => {
  let t: TestApp;
  let pendingId: number;
  let activeId: number;
  let helpId: number;
  let snapshot: string;
  const other = { teamId: OTHER_TEAM };
  const clickOther = (actionId: string, value: string) =>
    t.driver.blockAction(
      EVE,
      { action_id: actionId, value },
      { ...other, messageTs: '1700000000.000100', channelId: 'DEVE0001' },
    );
  const tablesSnapshot = async () =>
    JSON.stringify(
      await Promise.all(
        ['mentorships', 'assistance_requests', 'goals', 'tasks', 'meeting_reports', 'supporter_requests', 'topics'].map(
          (table) => t.storage.db(table).where({ team_id: TEAM }).orderBy('id'),
        ),
      ),
    );

  beforeAll(async () => {
    t = await startTestApp({
      users: [{ id: ADMIN }, { id: SAM }, { id: MIA }, { id: EVE, team_id: OTHER_TEAM }],
      env: { ADMIN_USER_IDS: `${ADMIN},${EVE}` },
      now: () => NOW,
    });
    const base = { teamId: TEAM, supporterId: SAM, menteeId: MIA, supporterKind: 'mentor' as const, assignedBy: ADMIN };
    const topic = await t.storage.topics.create(TEAM, { name: 'Quantum weaving', createdBy: ADMIN }, NOW);
    activeId = (await t.storage.mentorships.create({ ...base, topicId: null, notify: false }, NOW)).id;
    pendingId = (await t.storage.mentorships.create({ ...base, topicId: topic.id, notify: true }, NOW)).id;
    const [row] = await t.storage
      .db('assistance_requests')
      .insert({ team_id: TEAM, mentee_id: MIA, topic_id: null, note: 'private worry', opened_at: NOW.toISOString() })
      .returning('id');
    helpId = Number(typeof row === 'object' ? row.id : row);
    await t.storage.db('goals').insert({
      team_id: TEAM,
      mentee_id: MIA,
      title: 'Secret goal',
      status: 'open',
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    });
    snapshot = await tablesSnapshot();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('reads: list, progress page and the admin report and export of the other workspace show none of it', async () => {
    for (const text of ['list', `progress <@${MIA}>`, 'admin report', 'admin export', `report <@${MIA}>`, 'topics']) {
      t.fake.clearCalls();
      const res = await t.driver.command(EVE, text, other);
      expect(res.status).toBe(200);
      await t.settle();
      const everything = JSON.stringify([res.body, t.fake.calls.map((c) => c.args)]);
      expect(everything, text).not.toContain('Secret goal');
      expect(everything, text).not.toContain('private worry');
      expect(everything, text).not.toContain('Quantum weaving');
      expect(everything, text).not.toContain(SAM);
    }
    expect(t.fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });

  it('writes: accept, decline, end, resolve, snooze and report buttons with this workspace ids change nothing', async () => {
    t.fake.clearCalls();
    for (const [action, value] of [
      [ACTIONS.acceptAssignment, String(pendingId)],
      [ACTIONS.declineAssignment, String(pendingId)],
      [ACTIONS.confirmEnd, String(activeId)],
      [ACTIONS.resolveHelp, String(helpId)],
      [ACTIONS.snoozeReminder, String(activeId)],
      [ACTIONS.openReport, String(activeId)],
      [ACTIONS.openProgress, MIA],
    ] as const) {
      const res = await clickOther(action, value);
      expect(res.status, action).toBe(200);
      await t.settle();
    }
    for (const c of t.fake.calls)
      expect(JSON.stringify(c.args)).not.toMatch(/Secret goal|private worry|Quantum weaving/);
    expect(t.fake.dmsTo(SAM)).toHaveLength(0);
    expect(t.fake.dmsTo(MIA)).toHaveLength(0);
    expect(await tablesSnapshot()).toBe(snapshot);
  });

  it('commands naming this workspace people change nothing here', async () => {
    for (const text of [
      `assign <@${SAM}> <@${MIA}> silently`,
      `end <@${SAM}> <@${MIA}>`,
      `admin add <@${SAM}>`,
      'request',
      'goal',
      'assist',
    ]) {
      const res = await t.driver.command(EVE, text, other);
      expect(res.status, text).toBe(200);
      await t.settle();
    }
    expect(await tablesSnapshot()).toBe(snapshot);
    expect((await t.storage.people.get(TEAM, SAM))?.adminGrantedAt ?? null).toBeNull();
  });
});

import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from '../../../src/storage/index.ts';
import { checkMessage } from '../../harness/block-limits.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const NOW = new Date('2026-11-23T10:00:00.000Z');

describe('/mentor list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => NOW,
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const assign = (supporterId: string, menteeId: string, topicId: number | null, notify = false) =>
    t.storage.mentorships.create(
      { teamId: t.fake.teamId, supporterId, menteeId, topicId, supporterKind: 'mentor', assignedBy: ADMIN, notify },
      NOW,
    );

  it('shows who I support grouped by topic with 🛟 where help is open, and who supports me', async () => {
    const data = await t.storage.topics.create(t.fake.teamId, { name: 'Data analysis', createdBy: ADMIN }, NOW);
    await assign(SAM, MIA, data.id);
    await assign(SAM, 'ULEO0001', null, true);
    await assign(ADMIN, SAM, null);
    await t.storage
      .db('assistance_requests')
      .insert({ team_id: t.fake.teamId, mentee_id: MIA, topic_id: data.id, opened_at: NOW.toISOString() });
    const res = await t.driver.command(SAM, 'list');
    const body = res.body as { text: string; blocks: unknown[] };
    const shown = JSON.stringify(body.blocks);
    expect(shown).toContain('Who you support* (2)');
    expect(shown).toContain(`_Data analysis_\\n:ring_buoy: <@${MIA}> · mentor`);
    expect(shown).toContain('_No topic_\\n<@ULEO0001> · mentor · _pending your answer_');
    expect(shown).toContain(`Who supports you* (1)\\n<@${ADMIN}> · as mentor`);
    const mia = JSON.stringify((await t.driver.command(MIA, 'list')).body);
    expect(mia).toContain('Who you support*\\nNobody yet.');
    expect(mia).toContain(`<@${SAM}> · Data analysis, as mentor`);
  });

  it('stays within one message for a supporter with 60 mentees over many topics', async () => {
    const topics = [];
    for (let i = 0; i < 45; i++)
      topics.push(
        await t.storage.topics.create(
          t.fake.teamId,
          { name: `Topic ${String(i).padStart(2, '0')} ${'y'.repeat(60)}`, createdBy: ADMIN },
          NOW,
        ),
      );
    for (let i = 0; i < 60; i++) await assign(ADMIN, `UMENTEE${String(i).padStart(3, '0')}`, topics[i % 45]!.id);
    const res = await t.driver.command(ADMIN, 'list');
    const body = res.body as { text: string; blocks: unknown[] };
    expect(res.status).toBe(200);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(body.blocks)).toMatch(/and \d+ more — see your Home tab/);
    expect(checkMessage(body)).toBeUndefined();
  });

  it('shows a change made by another instance on the same database at once, though lists are remembered', async () => {
    const before = JSON.stringify((await t.driver.command(MIA, 'list')).body);
    expect(JSON.stringify((await t.driver.command(MIA, 'list')).body)).toBe(before);
    const elsewhere = createStorage(knexFactory(t.storage.db.client.config));
    try {
      await elsewhere.mentorships.create(
        {
          teamId: t.fake.teamId,
          supporterId: MIA,
          menteeId: 'UNEW0001',
          topicId: null,
          supporterKind: 'coach',
          assignedBy: ADMIN,
          notify: false,
        },
        NOW,
      );
    } finally {
      await elsewhere.close();
    }
    const after = JSON.stringify((await t.driver.command(MIA, 'list')).body);
    expect(after).toContain('<@UNEW0001> · coach');
  });
});

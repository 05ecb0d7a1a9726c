import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import type { Programme, ProgrammeSettings } from '../../../src/storage/programmes.ts';
import { radio, selectedOption, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { programmeSettings } from '../../support/programmes.ts';
import { commandAnswer, lastOpened, now, TEAM } from '../../support/progress.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const KIM = 'UKIM0001';
const NOOR = 'UNOOR001';
const LEO = 'ULEO0001';
const users = [ADMIN, MIA, KIM, NOOR, LEO].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() }));

describe('/mentor join', () => {
  let t: TestApp;
  const make = (o: Partial<ProgrammeSettings> & { name: string }): Promise<Programme> =>
    t.storage.programmes.create(TEAM, programmeSettings(o), ADMIN, now);
  const answer = (res: { body: unknown }, who: string) => commandAnswer(t, res, who);

  beforeAll(async () => {
    t = await startTestApp({ users, env: { ADMIN_USER_IDS: ADMIN }, now: () => now });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.settle();
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    t.fake.clearCalls();
  });

  it('with only the default programme, there is nothing to join and nothing new is said', async () => {
    await t.storage.programmes.ensureDefault(TEAM, now);
    const res = await t.driver.command(MIA, 'join');
    expect(answer(res, MIA)).toContain('There is no programme open for you to join right now.');
  });

  it('lists an open cohort in its window, asks its questions, and enrols once however often the form arrives', async () => {
    const grad = await make({
      name: 'Graduate mentoring',
      purpose: 'A year of support for this year’s graduates.',
      kind: 'cohort',
      startsOn: '2026-11-01',
      endsOn: '2027-04-30',
      enrolOpensOn: '2026-11-01',
      enrolClosesOn: '2026-12-15',
      supportersSelfEnrol: true,
      questions: [
        { text: 'What would you like to get better at?' },
        { text: 'How often?', choices: ['Weekly', 'Monthly'] },
      ],
    });
    const res = await t.driver.command(KIM, 'join');
    const listed = JSON.stringify(res.body);
    expect(listed).toContain('Graduate mentoring');
    expect(listed).toContain('A year of support');
    const blocks = (res.body as { blocks: { accessory?: { action_id: string; value: string } }[] }).blocks;
    const join = blocks.find((b) => b.accessory?.action_id === ACTIONS.programmeJoin)!.accessory!;
    expect(join.value).toBe(String(grad.id));

    await t.driver.blockAction(
      KIM,
      { action_id: ACTIONS.programmeJoin, value: join.value },
      { channelId: 'C0GENERAL', messageTs: '1700000000.000100' },
    );
    await t.settle();
    const form = lastOpened(t);
    const text = JSON.stringify(form.blocks);
    expect(text).toContain('What would you like to get better at?');
    expect(text).toContain('"text":"A supporter"');
    const values = {
      join_role: { join_role: radio('supporter') },
      join_q_0: { join_q_0: textValue('Public speaking and data analysis') },
      join_q_1: { join_q_1: selectedOption('1') },
    };
    const first = await t.driver.submitView(KIM, form.id, values);
    expect(first.viewErrors).toEqual([]);
    expect(JSON.stringify(first.body)).toContain("You've joined *Graduate mentoring* as a supporter");
    const stored = await t.storage.programmeMembers.of(TEAM, grad.id, KIM);
    expect(stored).toEqual([
      expect.objectContaining({ role: 'supporter', answers: ['Public speaking and data analysis', 'Monthly'] }),
    ]);

    // Slack delivers the same submission again (a retry): nothing more is stored, and the answer says so.
    const again = await t.driver.submitView(KIM, form, values, { retryNum: 1, retryReason: 'http_timeout' });
    expect(again.status).toBe(200);
    await t.settle();
    expect(await t.storage.programmeMembers.of(TEAM, grad.id, KIM)).toEqual(stored);
    const audit = await t.storage.db('audit_events').where({ team_id: TEAM, action: 'programme.joined' });
    expect(audit).toHaveLength(1);

    // Joining again by name offers only the role left (mentee), and joining it adds that role only.
    const byName = await t.driver.command(KIM, 'join graduate mentoring');
    expect(byName.status).toBe(200);
    await t.settle();
    const second = lastOpened(t);
    expect(JSON.stringify(second.blocks)).not.toContain('join_role');
    await t.driver.submitView(KIM, second.id, {
      join_q_0: { join_q_0: textValue('Presenting') },
      join_q_1: { join_q_1: selectedOption('0') },
    });
    const roles = (await t.storage.programmeMembers.of(TEAM, grad.id, KIM)).map((m) => [m.role, m.answers[0]]);
    expect(roles).toEqual([
      ['mentee', 'Presenting'],
      ['supporter', 'Public speaking and data analysis'],
    ]);
    const done = await t.driver.command(KIM, 'join Graduate mentoring');
    expect(answer(done, KIM)).toContain("You're already in *Graduate mentoring*");
  });

  it("a supporter's answer on joining that names the topic is one of the reasons they are suggested", async () => {
    const speaking = await t.storage.topics.create(TEAM, { name: 'Public speaking', createdBy: ADMIN }, now);
    await t.storage.profiles.save(
      TEAM,
      KIM,
      { capacity: 3, awayUntil: null, topics: [{ topicId: speaking.id, level: 3 }] },
      now,
    );
    await t.driver.command(LEO, 'request Public speaking');
    await t.settle();
    const dm = JSON.stringify(t.fake.dmsTo(ADMIN).at(-1)?.args.blocks);
    expect(dm).toContain(`<@${KIM}> · confident in Public speaking`);
    expect(dm).toContain('said on joining: \\"Public speaking and data analysis\\"');
  });

  it('a closed programme refuses with the reason, and a draft says it is not open yet', async () => {
    await make({ name: 'Onboarding buddies', status: 'closed' });
    const res = await t.driver.command(MIA, 'join Onboarding buddies');
    expect(answer(res, MIA)).toContain('*Onboarding buddies* is closed, so it takes nobody new.');
    await make({ name: 'Leadership coaching', status: 'draft' });
    const draft = await t.driver.command(MIA, 'join leadership coaching');
    expect(answer(draft, MIA)).toContain('*Leadership coaching* is not open yet');
    expect(JSON.stringify((await t.driver.command(MIA, 'join')).body)).not.toContain('Onboarding');
  });

  it('a cohort whose enrolment has not opened refuses with the date it opens, from the list and from its Join button', async () => {
    const later = await make({
      name: 'Spring cohort',
      kind: 'cohort',
      startsOn: '2027-03-01',
      endsOn: '2027-08-31',
      enrolOpensOn: '2027-02-01',
      enrolClosesOn: '2027-02-28',
    });
    const res = await t.driver.command(NOOR, 'join Spring cohort');
    expect(answer(res, NOOR)).toContain('Enrolment for *Spring cohort* opens on 1 Feb 2027.');
    expect(JSON.stringify((await t.driver.command(NOOR, 'join')).body)).not.toContain('Spring cohort');
    // The programme page's Join button (P1 draws it) answers the same.
    await t.driver.blockAction(
      NOOR,
      { action_id: ACTIONS.programmeJoin, value: String(later.id) },
      { channelId: 'C0GENERAL', messageTs: '1700000000.000200' },
    );
    await t.settle();
    expect(JSON.stringify(lastOpened(t).blocks)).toContain('opens on 1 Feb 2027');
    expect(await t.storage.programmeMembers.of(TEAM, later.id, NOOR)).toEqual([]);
  });

  it('an invite-only programme refuses strangers, naming its managers, and enrols the people its managers added', async () => {
    const erg = await make({ name: 'ERG peer mentoring', inviteOnly: true });
    await t.storage.programmes.setManagers(TEAM, erg.id, [ADMIN], ADMIN, now);
    const stranger = await t.driver.command(LEO, 'join ERG peer mentoring');
    expect(answer(stranger, LEO)).toContain(`*ERG peer mentoring* is by invitation only: ask <@${ADMIN}> to add you.`);
    expect(JSON.stringify((await t.driver.command(LEO, 'join')).body)).not.toContain('ERG');

    await t.storage.programmeMembers.add(TEAM, { programmeId: erg.id, userId: MIA, role: 'mentee' }, ADMIN, now);
    const listed = JSON.stringify((await t.driver.command(MIA, 'join')).body);
    expect(listed).toContain('ERG peer mentoring');
    await t.driver.command(MIA, 'join ERG peer mentoring');
    await t.settle();
    const form = lastOpened(t);
    const res = await t.driver.submitView(MIA, form.id, {});
    expect(JSON.stringify(res.body)).toContain("You've joined *ERG peer mentoring* as a mentee");
    expect(await t.storage.programmeMembers.of(TEAM, erg.id, MIA)).toEqual([
      expect.objectContaining({ role: 'mentee', addedBy: ADMIN, joinedAt: now.toISOString() }),
    ]);
  });
});

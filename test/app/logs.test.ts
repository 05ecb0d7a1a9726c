import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { checkboxes, selectedOption, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { activeMentorship, lastOpened, now, TEAM } from '../support/progress.ts';

const MIA = 'UMIA0001';
const SAM = 'USAM0001';
/** What people type (a topic's name, a command's words, a note): it reaches Slack, never a log line. */
const TOPIC = 'Quince analysis';
const TYPED_ARGS = 'QUINCE ANALYSIS';
const NOTE = 'QUINCE-NOTE-7731 stuck on window functions';

interface Line {
  level: string;
  time: string;
  msg: string;
  req?: string;
  team?: string;
  listener?: string;
  kind?: string;
  outcome?: string;
  ackMs?: number;
  ms?: number;
}

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

describe('logs', () => {
  it('are JSON lines where each request shares one id, after its ack too, and carry nothing anyone typed', async () => {
    const raw: string[] = [];
    t = await startTestApp({
      users: [{ id: SAM }, { id: MIA }],
      now: () => now,
      env: { LOG_LEVEL: 'debug' },
      logger: createLogger('debug', { write: (line) => raw.push(line) > 0 }),
    });
    const topic = await t.storage.topics.create(TEAM, { name: TOPIC, createdBy: SAM }, now);
    await activeMentorship(t, SAM, MIA, topic.id);

    await t.driver.command(MIA, `assist ${TYPED_ARGS}`);
    await t.settle();
    // The command's words picked the topic.
    expect(JSON.stringify(lastOpened(t))).toContain('"initial_option"');
    await t.driver.submitView(MIA, lastOpened(t), {
      assist_topic: { value: selectedOption(String(topic.id)) },
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue(NOTE) },
    });
    await t.settle();
    const [help] = await t.storage.helpRequests.listOpenForMentee(TEAM, MIA);
    const dmTs = t.fake.messagesIn(t.fake.dmChannel(SAM)).at(-1)!.ts;
    await t.driver.blockAction(SAM, { action_id: ACTIONS.resolveHelp, value: String(help!.id) }, { messageTs: dmTs });
    await t.settle();
    // The note went where it should: the supporter's DM. The click told the mentee.
    expect(JSON.stringify(t.fake.dmsTo(SAM).at(-1)?.args)).toContain('QUINCE-NOTE-7731');
    expect(String(t.fake.dmsTo(MIA).at(-1)?.args.text)).toContain('resolved');

    const lines: Line[] = raw.map((l) => JSON.parse(l));
    for (const line of lines) {
      expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
    }
    expect(lines.filter((l) => l.level === 'debug').length).toBeGreaterThan(10);
    expect(raw.filter((l) => /quince/i.test(l))).toEqual([]);

    const handled = lines.filter((l) => l.msg === 'request handled');
    const summaryOf = (listener: (id: string) => boolean) => {
      const found = handled.filter((l) => l.listener && listener(l.listener));
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    const command = summaryOf((id) => id === 'command:/mentor assist');
    const submit = summaryOf((id) => id.startsWith('view:view_submission:'));
    const click = summaryOf((id) => id === `action:${ACTIONS.resolveHelp}`);
    expect(command).toMatchObject({ kind: 'command', outcome: 'ok', team: TEAM });
    expect(submit).toMatchObject({ kind: 'view', outcome: 'ok', team: TEAM });
    expect(click).toMatchObject({ kind: 'action', outcome: 'ok', team: TEAM });
    expect(new Set([command.req, submit.req, click.req]).size).toBe(3);

    for (const summary of [submit, click]) {
      expect(summary.ackMs).toEqual(expect.any(Number));
      expect(summary.ms).toBeGreaterThanOrEqual(summary.ackMs!);
      const own = lines.map((line, at) => ({ line, at })).filter(({ line }) => line.req === summary.req);
      for (const { line } of own) expect(line).toMatchObject({ team: TEAM, listener: expect.any(String) });
      // The summary comes once the work the request set off is done too.
      expect(own.at(-1)?.line).toBe(summary);
      // Its DM went out after the ack, and was logged with the request's id.
      const acked = own.find(({ line }) => line.msg === 'acknowledged')!.at;
      const dmAfterAck = own.filter(({ line, at }) => at > acked && line.msg.includes("apiCall('chat.postMessage')"));
      expect(dmAfterAck).not.toEqual([]);
    }
  });
});

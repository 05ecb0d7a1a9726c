import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const ADMIN = 'UADMIN01';
const PEOPLE = [ADMIN, 'USUPP001', 'UMENT001', 'UOTHER01'];

/** Words a person might type after /mentor: real subcommands, mentions in both forms, junk. */
const word = fc.oneof(
  fc.constantFrom(
    'help',
    'list',
    'assign',
    'end',
    'reassign',
    'request',
    'topics',
    'progress',
    'report',
    'assist',
    'goal',
    'task',
    'admin',
    'add',
    'remove',
    'export',
    'as',
    'coach',
    'advisor',
    'on-demand',
    'silently',
    'Data analysis',
  ),
  fc.constantFrom(...PEOPLE).map((id) => `<@${id}>`),
  fc.constantFrom(...PEOPLE).map((id) => `<@${id}|someone>`),
  fc.constantFrom(
    '<@UNOBODY1>',
    '@sam',
    '<#C123|general>',
    '<!here>',
    '<https://example.com|x>',
    '"quoted words"',
    '&amp;',
    '```',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const commandText = fc.oneof(
  fc.array(word, { maxLength: 6 }).map((w) => w.join(' ')),
  fc.string({ maxLength: 4000 }),
);

describe('every /mentor text gets a clear answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: PEOPLE.map((id) => ({ id })), env: { ADMIN_USER_IDS: ADMIN } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('never a 5xx, never over 3 s, never an unhandled error; an ephemeral message or an opened modal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PEOPLE), commandText, async (userId, text) => {
        t.fake.clearCalls();
        const started = Date.now();
        const res = await t.driver.command(userId, text);
        expect(res.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(3000);
        await t.settle();
        const body = res.body as { text?: string } | '';
        const replies = t.fake.callsTo('response_url').filter((c) => c.status === 200);
        const opened = t.fake.callsTo('views.open').filter((c) => c.response.ok);
        const answered = (typeof body === 'object' && Boolean(body.text)) || replies.length > 0 || opened.length > 0;
        expect(answered, `no answer to "${text}"`).toBe(true);
        // Whatever the app sent, Slack accepted.
        for (const call of t.fake.calls)
          expect(call.response.ok ?? call.status === 200, `${call.method} rejected for "${text}"`).toBeTruthy();
        expect(
          t.logs.filter((l) => l.level === 'error'),
          `errors logged for "${text}"`,
        ).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.ts';
import type { StateValue, StateValues } from '../harness/driver.ts';
import type { JsonObject } from '../harness/fake-slack.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEE = 'ULEE0001';
const BOT = 'UBOT0001';
const GONE = 'UGONE001';
/** Named only in fuzzed text: if it ever reaches a message unescaped, the app let a mention through. */
const INJECTED = 'UINJECT01';
const NOW = new Date('2026-11-23T10:00:00.000Z');

// ---- generated input ----

const LIMITS = [1, 74, 75, 76, 149, 150, 151, 999, 1000, 1001, 1999, 2000, 2001, 2999, 3000, 3001, 12_000];
const hostile = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  `<@${INJECTED}>`,
  `<@${INJECTED}|boss>`,
  '<#C0GENERAL>',
  '<https://evil.example|click me>',
  '*bold* _it_ ~s~ `code`',
  '```block```',
  '&amp; &lt; &gt;',
  '> quoted',
  '\u202Eevil',
  '\u0000\u0007',
  'zalgo z̴̡̛a̷l̶g̵o',
  '👩🏽‍💻🏳️‍🌈',
  'null',
  'undefined',
  '{"a":1}',
];
const text: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '   \n\t  ', '\n\n'),
  fc.constantFrom(...hostile),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(fc.constantFrom(...LIMITS), fc.constantFrom('a', 'é', '😀', ' ', 'x\n', '<!channel>'))
    .map(([n, c]) => c.repeat(Math.ceil(n / c.length)).slice(0, n)),
  fc.tuple(fc.constantFrom(...hostile), fc.string({ maxLength: 20 })).map(([a, b]) => `${b}${a}${b}`),
);
const date: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom('2026-11-23', '2026-11-20', '2026-12-01'), weight: 3 },
  fc.constantFrom(
    '2026-11-23',
    '2026-11-22',
    '2026-11-24',
    '2026-12-31',
    '2025-01-01',
    '0001-01-01',
    '1900-01-01',
    '1969-12-31',
    '9999-12-31',
    '2100-01-01',
  ),
  fc.constantFrom(
    '2026-02-30',
    '2026-13-01',
    '2026-1-1',
    '26-11-23',
    'not a date',
    '',
    ' ',
    '2026-11-23T10:00:00Z',
    '+02026-11-23',
    '2026-11-23\n',
  ),
  fc
    .date({ min: new Date('1800-01-01'), max: new Date('2300-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);
const numberText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.integer({ min: 5, max: 480 }).map(String), weight: 2 },
  fc.constantFrom(
    '45',
    '5',
    '4',
    '480',
    '481',
    '0',
    '-5',
    '4.5',
    '1e2',
    '0x20',
    '99999999999999999999',
    'abc',
    '',
    ' 60 ',
    'NaN',
    'Infinity',
    '٤٥',
    '45 minutes',
  ),
  fc.integer({ min: -1000, max: 100_000 }).map(String),
);
const userIds = [ADMIN, SAM, MIA, LEE, BOT, GONE, 'UNOBODY01', 'W0ENTERP1', 'not-a-user', '', `<@${SAM}>`, 'B0BOTID01'];
const junkValues = [
  '',
  ' ',
  '0',
  '-1',
  '999999',
  '1.5',
  'none',
  'notify',
  'role',
  'skillset',
  'on_demand_advisor',
  'NaN',
  '<!channel>',
  '1; DROP TABLE topics',
];

const omit = Symbol('omit');

/** What a careful person would enter, so that whole valid submissions are tried too. */
function sensibleFor(element: JsonObject): fc.Arbitrary<StateValue> {
  const type = String(element.type);
  const offered = Array.isArray(element.options) ? (element.options as { value: string; text: JsonObject }[]) : [];
  const pick = offered.length
    ? fc.constantFrom(...offered)
    : fc.constant({ value: 'none', text: { type: 'plain_text', text: 'None' } });
  switch (type) {
    case 'plain_text_input':
      return fc.stringMatching(/^[A-Za-z][A-Za-z ]{2,29}$/).map((value) => ({ type, value }));
    case 'number_input':
      return fc.integer({ min: 5, max: 480 }).map((n) => ({ type, value: String(n) }));
    case 'datepicker':
      return fc.constant({ type, selected_date: NOW.toISOString().slice(0, 10) });
    case 'users_select':
      return fc.constantFrom(SAM, MIA, LEE).map((selected_user) => ({ type, selected_user }));
    case 'checkboxes':
    case 'multi_static_select':
      return fc.subarray(offered).map((selected_options) => ({ type, selected_options }));
    default:
      return pick.map((selected_option) => ({ type, selected_option }));
  }
}

/** A state value for one input element: a fitting value, a hostile one, or none at all. */
function valueFor(element: JsonObject, careful: boolean): fc.Arbitrary<StateValue | typeof omit> {
  if (careful)
    return fc.oneof({ arbitrary: sensibleFor(element), weight: 9 }, { arbitrary: valueFor(element, false), weight: 1 });
  const type = String(element.type);
  const offered = Array.isArray(element.options)
    ? (element.options as { value: string; text: { text: string } }[])
    : [];
  // Mostly what the form offers, so whole valid submissions happen too; sometimes a value it never offered.
  const option = fc.oneof(
    ...(offered.length
      ? [{ arbitrary: fc.constantFrom(...offered).map((o) => ({ text: o.text, value: o.value })), weight: 4 }]
      : []),
    {
      arbitrary: fc
        .oneof(fc.constantFrom(...junkValues), text)
        .map((value) => ({ text: { type: 'plain_text' as const, text: 'x' }, value })),
      weight: 1,
    },
  );
  const chosen = (() => {
    switch (type) {
      case 'plain_text_input':
        return text.map((value): StateValue => ({ type, value }));
      case 'number_input':
        return numberText.map((value): StateValue => ({ type, value }));
      case 'datepicker':
        return date.map((selected_date): StateValue => ({ type, selected_date }));
      case 'users_select':
        return fc
          .oneof(fc.constantFrom(SAM, MIA, LEE), fc.constantFrom(...userIds))
          .map((selected_user): StateValue => ({ type, selected_user }));
      case 'static_select':
      case 'radio_buttons':
        return fc.oneof(
          { arbitrary: option.map((selected_option): StateValue => ({ type, selected_option })), weight: 5 },
          { arbitrary: fc.constant({ type, selected_option: null } as StateValue), weight: 1 },
        );
      case 'checkboxes':
      case 'multi_static_select':
        return fc.array(option, { maxLength: 4 }).map((selected_options): StateValue => ({ type, selected_options }));
      default:
        throw new Error(`the modal fuzzer does not know input element type ${type}: teach it`);
    }
  })();
  return fc.oneof({ arbitrary: chosen, weight: 8 }, { arbitrary: fc.constant(omit), weight: 1 });
}

const inputBlocks = (view: JsonObject) =>
  (view.blocks as JsonObject[]).filter((b) => b.type === 'input') as (JsonObject & {
    block_id: string;
    element: JsonObject;
  })[];

function toValues(view: JsonObject, each: (StateValue | typeof omit)[]): StateValues {
  const values: StateValues = {};
  inputBlocks(view).forEach((block, i) => {
    const v = each[i];
    if (v !== undefined && v !== omit) values[block.block_id] = { [String(block.element.action_id)]: v };
  });
  return values;
}

/** Values for every input of a form (its block ids are the same each time it opens). */
const valuesFor = (view: JsonObject): fc.Arbitrary<StateValues> =>
  fc
    .boolean()
    .chain((careful) =>
      fc.tuple(...inputBlocks(view).map((b) => valueFor(b.element, careful))).map((each) => toValues(view, each)),
    );

/** Two submissions always tried: a plainly good one, and one over every limit. */
function examplesFor(view: JsonObject): [StateValues][] {
  let people = 0;
  const good = inputBlocks(view).map(({ element }): StateValue => {
    const type = String(element.type);
    const first = (element.options as JsonObject[] | undefined)?.[0];
    if (type === 'users_select') return { type, selected_user: [SAM, MIA][people++ % 2]! };
    if (type === 'plain_text_input') return { type, value: 'Plain words' };
    if (type === 'number_input') return { type, value: '45' };
    if (type === 'datepicker') return { type, selected_date: NOW.toISOString().slice(0, 10) };
    if (type === 'checkboxes' || type === 'multi_static_select')
      return { type, selected_options: first ? [first] : [] };
    return { type, selected_option: first ?? null };
  });
  const junk = { text: { type: 'plain_text', text: 'x' }, value: '999999' };
  const over = inputBlocks(view).map(({ element }): StateValue => {
    const type = String(element.type);
    if (type === 'users_select') return { type, selected_user: 'UNOBODY01' };
    if (type === 'plain_text_input' || type === 'number_input') return { type, value: '<!channel> '.repeat(1200) };
    if (type === 'datepicker') return { type, selected_date: '2026-02-30' };
    if (type === 'checkboxes' || type === 'multi_static_select') return { type, selected_options: [junk] };
    return { type, selected_option: junk };
  });
  return [[toValues(view, good)], [toValues(view, over)]];
}

// ---- what every answer must look like ----

/** mrkdwn the app sent to Slack: message text and every mrkdwn element, in messages and views. */
function mrkdwnIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) mrkdwnIn(v, out);
  else if (value && typeof value === 'object') {
    const o = value as JsonObject;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'private_metadata') mrkdwnIn(v, out);
  }
  return out;
}

function sentMrkdwn(t: TestApp): string[] {
  return t.fake.calls.flatMap((c) => [
    ...(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(c.method) &&
    typeof c.args.text === 'string'
      ? [c.args.text]
      : []),
    ...mrkdwnIn(c.args.blocks),
    ...mrkdwnIn(c.args.view),
  ]);
}

type Outcome = 'closed' | 'errors' | 'update' | 'push' | 'clear';

async function submitAndCheck(t: TestApp, userId: string, view: JsonObject, values: StateValues): Promise<Outcome> {
  const label = JSON.stringify(values).slice(0, 600);
  const started = Date.now();
  const res = await t.driver.submitView(userId, String(view.id), values);
  expect(res.status, label).toBe(200);
  expect(Date.now() - started, label).toBeLessThan(3000);
  const body = res.body as JsonObject | '';
  if (body !== '') {
    expect(['errors', 'update', 'push', 'clear'], label).toContain(body.response_action);
    if (body.response_action === 'errors') {
      const errors = body.errors as Record<string, unknown>;
      const blockIds = new Set(inputBlocks(view).map((b) => b.block_id));
      expect(Object.keys(errors).length, label).toBeGreaterThan(0);
      for (const [blockId, message] of Object.entries(errors)) {
        expect(blockIds.has(blockId), `error on block "${blockId}", which the view does not have: ${label}`).toBe(true);
        expect(typeof message === 'string' && message.trim().length > 0, label).toBe(true);
      }
    }
  }
  expect(res.viewErrors ?? [], label).toEqual([]);
  await t.settle();
  for (const call of t.fake.calls) {
    // Looking up a person who does not exist is how the app learns they don't: not a rejection.
    if (call.method === 'users.info' && call.response.error === 'user_not_found') continue;
    expect(
      call.response.ok ?? call.status === 200,
      `${call.method} rejected: ${JSON.stringify(call.response)} for ${label}`,
    ).toBeTruthy();
  }
  for (const m of sentMrkdwn(t))
    expect(m, `user text reached mrkdwn unescaped: ${label}`).not.toMatch(
      new RegExp(`<!(channel|here|everyone)|<@${INJECTED}`),
    );
  expect(
    t.logs.filter((l) => l.level === 'error'),
    label,
  ).toEqual([]);
  return body === '' ? 'closed' : (body.response_action as Outcome);
}

// ---- the modals ----

interface World {
  t: TestApp;
  topicId: number;
  goalId: number;
}

async function world(): Promise<World> {
  const t = await startTestApp({
    users: [
      { id: ADMIN, name: 'ada' },
      { id: SAM, name: 'sam' },
      { id: MIA, name: 'mia' },
      { id: LEE, name: 'lee' },
      { id: BOT, name: 'robot', is_bot: true },
      { id: GONE, name: 'gone', deleted: true },
    ],
    env: { ADMIN_USER_IDS: ADMIN },
    now: () => NOW,
  });
  const topic = await t.storage.topics.create(t.fake.teamId, { name: 'Data analysis', createdBy: ADMIN }, NOW);
  const archived = await t.storage.topics.create(t.fake.teamId, { name: 'Old craft', createdBy: ADMIN }, NOW);
  await t.storage.topics.setArchived(t.fake.teamId, archived.id, true, NOW);
  const { goal } = await t.storage.goals.create(
    t.fake.teamId,
    MIA,
    { title: 'Ship the dashboard', detail: null, targetDate: null },
    NOW,
    'seed',
  );
  return { t, topicId: topic.id, goalId: goal.id };
}

/** Makes sure SAM has two active mentorships of MIA (so the report form asks which), with none pending. */
async function ensureMentorships(w: World): Promise<void> {
  const team = w.t.fake.teamId;
  for (const topicId of [null, w.topicId]) {
    const open = await w.t.storage.mentorships.findOpen(team, SAM, MIA, topicId);
    if (!open) {
      await w.t.storage.mentorships.create(
        {
          teamId: team,
          supporterId: SAM,
          menteeId: MIA,
          topicId,
          supporterKind: 'mentor',
          assignedBy: ADMIN,
          notify: false,
        },
        NOW,
      );
    }
  }
}

/** Opens a modal the way a person does and returns it as the fake holds it. */
async function openByCommand(t: TestApp, userId: string, text: string): Promise<JsonObject> {
  t.fake.clearCalls();
  const res = await t.driver.command(userId, text);
  expect(res.status).toBe(200);
  await t.settle();
  const opened = t.fake.lastCall('views.open');
  expect(opened?.response.ok, `/mentor ${text} did not open a modal: ${JSON.stringify(res.body)}`).toBe(true);
  const view = opened!.response.view as JsonObject;
  t.fake.clearCalls();
  return view;
}

const RUNS = 50;
let current: World | undefined;
afterEach(async () => {
  await current?.t.stop();
  current = undefined;
});

async function fuzz(
  name: string,
  userId: string,
  open: (w: World) => Promise<JsonObject>,
  before: (w: World) => Promise<void> = async () => undefined,
): Promise<void> {
  const w = await world();
  current = w;
  const seen = new Set<Outcome>();
  await before(w);
  const shape = await open(w);
  expect(inputBlocks(shape).length, `${name} has no inputs`).toBeGreaterThan(0);
  w.t.fake.closeView(String(shape.id)); // the forms do not ask for view_closed, so Slack would not send it
  await fc.assert(
    fc.asyncProperty(valuesFor(shape), async (values) => {
      await before(w);
      const view = await open(w);
      seen.add(await submitAndCheck(w.t, userId, view, values));
    }),
    // Shrinking a failure can take minutes; FUZZ_SHRINK=1 asks for the smallest counterexample.
    { numRuns: RUNS, examples: examplesFor(shape), endOnFailure: process.env.FUZZ_SHRINK !== '1' },
  );
  // Both the refusals and the saves were exercised, or the fuzzing proved little.
  expect([...seen], name).toContain('errors');
  expect(
    [...seen].some((o) => o !== 'errors'),
    `${name}: no generated submission was ever accepted`,
  ).toBe(true);
}

describe('every modal field fuzzed: a 200 within 3 s, errors only on fields the form has, nothing Slack rejects', () => {
  it('assign a supporter', () => fuzz('assign', ADMIN, (w) => openByCommand(w.t, ADMIN, 'assign')), 60_000);

  it(
    'end a mentorship',
    () =>
      fuzz(
        'end',
        SAM,
        (w) => openByCommand(w.t, SAM, `end <@${SAM}> <@${MIA}>`),
        async (w) => {
          await ensureMentorships(w);
          // One open mentorship, so the command opens the form rather than asking which.
          const withTopic = await w.t.storage.mentorships.findOpen(w.t.fake.teamId, SAM, MIA, w.topicId);
          if (withTopic) await w.t.storage.mentorships.end(w.t.fake.teamId, withTopic.id, ADMIN, null, NOW);
        },
      ),
    60_000,
  );

  it(
    'reassign a mentorship',
    () =>
      fuzz(
        'reassign',
        ADMIN,
        (w) => openByCommand(w.t, ADMIN, `reassign <@${SAM}> <@${LEE}> <@${MIA}> Data analysis`),
        async (w) => {
          await ensureMentorships(w);
          const lee = await w.t.storage.mentorships.findOpen(w.t.fake.teamId, LEE, MIA, w.topicId);
          if (lee) await w.t.storage.mentorships.end(w.t.fake.teamId, lee.id, ADMIN, null, NOW);
        },
      ),
    60_000,
  );

  it('add a topic', () => fuzz('topics', ADMIN, (w) => openByCommand(w.t, ADMIN, 'topics')), 60_000);

  it(
    'rename a topic',
    () =>
      fuzz('rename', ADMIN, async (w) => {
        const topics = await openByCommand(w.t, ADMIN, 'topics');
        const res = await w.t.driver.blockAction(
          ADMIN,
          {
            action_id: ACTIONS.topicMenu,
            block_id: `topic.${w.topicId}`,
            type: 'overflow',
            selected_option: { text: { type: 'plain_text', text: 'Rename' }, value: `rename:${w.topicId}` },
          },
          { viewId: String(topics.id) },
        );
        expect(res.status).toBe(200);
        await w.t.settle();
        const pushed = w.t.fake.lastCall('views.push');
        expect(pushed?.response.ok).toBe(true);
        w.t.fake.clearCalls();
        return pushed!.response.view as JsonObject;
      }),
    60_000,
  );

  it('add a goal', () => fuzz('goal', MIA, (w) => openByCommand(w.t, MIA, 'goal')), 60_000);

  it('add a task', () => fuzz('task', MIA, (w) => openByCommand(w.t, MIA, 'task')), 60_000);

  it(
    'suggest a task',
    () => fuzz('suggest', SAM, (w) => openByCommand(w.t, SAM, `task <@${MIA}>`), ensureMentorships),
    60_000,
  );

  it('ask for help', () => fuzz('assist', MIA, (w) => openByCommand(w.t, MIA, 'assist'), ensureMentorships), 60_000);

  it(
    'file a meeting report',
    () => fuzz('report', SAM, (w) => openByCommand(w.t, SAM, `report <@${MIA}>`), ensureMentorships),
    60_000,
  );
});

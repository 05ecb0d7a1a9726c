import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { normaliseName } from '../../../src/storage/topics.ts';
import { radio, textValue } from '../../harness/driver.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';

describe('normaliseName', () => {
  it.each([
    ['plain', 'Data analysis', 'Data analysis'],
    ['spaces trimmed and collapsed', '  Data \t analysis ', 'Data analysis'],
    ['decomposed accents composed (NFC)', 'Cafe\u0301', 'Café'],
    ['an accent composed after what stood between it and its letter is removed', 'Cafe\u200B\u0301', 'Café'],
    ['zero-width space', 'Data\u200Banalysis', 'Dataanalysis'],
    ['zero-width non-joiner and joiner', 'Da\u200Cta\u200D', 'Data'],
    ['word joiner and byte order mark', '\uFEFFData\u2060', 'Data'],
    ['bidi embeddings and overrides', '\u202AA\u202BB\u202CC\u202DD\u202EE', 'ABCDE'],
    ['bidi isolates', '\u2066A\u2067B\u2068C\u2069', 'ABC'],
    ['left-to-right and right-to-left marks', '\u200EA\u200FB', 'AB'],
    ['a space made only of removed characters', 'Data \u200B analysis', 'Data analysis'],
    ['NUL and other controls', 'Da\u0000ta\u0007', 'Data'],
    ['only invisible characters', '\u200B\u202E\uFEFF', ''],
    ['right-to-left text kept', 'تحليل البيانات', 'تحليل البيانات'],
    ['a joiner between two pictographs kept (one emoji)', '👩\u200D💻 SQL', '👩\u200D💻 SQL'],
    ['a joiner after a letter removed', 'S\u200DQL\u200D💻', 'SQL💻'],
  ])('%s', (_, input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });
});

describe('topic names are normalised before they are compared or stored', () => {
  let t: TestApp;
  let viewId = '';
  let version = 0;
  beforeAll(async () => {
    t = await startTestApp({ users: [{ id: ADMIN, name: 'ada' }], env: { ADMIN_USER_IDS: ADMIN } });
    await t.driver.command(ADMIN, 'topics');
    await t.settle();
    viewId = String((t.fake.lastCall('views.open')!.response.view as { id: string }).id);
  });
  afterAll(async () => {
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
    await t.stop();
  });

  const add = async (name: string) => {
    const res = await t.driver.submitView(ADMIN, viewId, {
      [`name.${version}`]: { name: textValue(name) },
      [`kind.${version}`]: { kind: radio('skillset') },
    });
    if ((res.body as { response_action?: string }).response_action === 'update') version++;
    return res.body as { response_action: string; errors?: Record<string, string> };
  };

  it('two names differing only by a zero-width space collide as duplicates', async () => {
    expect((await add('Data analysis')).response_action).toBe('update');
    const dup = await add('Data\u200B analysis');
    expect(dup.response_action).toBe('errors');
    expect(Object.values(dup.errors ?? {})[0]).toContain('already a topic');
    expect((await t.storage.topics.list(t.fake.teamId)).map((x) => x.name)).toEqual(['Data analysis']);
  });

  it('a right-to-left override is not stored, so it cannot reverse what follows it in others’ messages', async () => {
    expect((await add('Pay\u202Ellor\u202C')).response_action).toBe('update');
    const names = (await t.storage.topics.list(t.fake.teamId)).map((x) => x.name);
    expect(names).toContain('Payllor');
    expect(names.join('')).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/);
  });

  it('a name of invisible characters only is refused as empty', async () => {
    const res = await add('\u200B\u202E');
    expect(res.response_action).toBe('errors');
    expect(Object.values(res.errors ?? {})[0]).toContain('Give the topic a name');
  });

  it('a rename to a look-alike of another topic collides too, and lookups by name ignore the invisible', async () => {
    const team = t.fake.teamId;
    const pay = (await t.storage.topics.findByName(team, '\u2066payllor\u2069'))!;
    expect(pay?.name).toBe('Payllor');
    await t.driver.blockAction(
      ADMIN,
      {
        action_id: ACTIONS.topicMenu,
        type: 'overflow',
        selected_option: { value: `rename:${pay.id}`, text: { type: 'plain_text', text: 'Rename' } },
      },
      { viewId },
    );
    await t.settle();
    const rename = t.fake.lastCall('views.push')!.response.view as { id: string };
    const res = await t.driver.submitView(ADMIN, rename.id, { rename: { rename: textValue('Data\uFEFF analysis') } });
    expect(res.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(res.body)).toContain('already a topic');
  });
});

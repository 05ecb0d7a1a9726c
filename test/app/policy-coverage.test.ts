import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifering } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Feature } from '../../src/features/feature.ts';
import { PER_ROUTE } from '../../src/policy/declare.ts';
import { type Action, adminOnly, isAction } from '../../src/policy/policy.ts';
import { UndeclaredListenerError } from '../../src/slack/authorize.ts';
import { startFakeSlack } from '../harness/fake-slack.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { openTestStorage } from '../support/storage.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const REFUSAL = 'Only Lifering admins';

describe('every listener is covered by the policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const registered = () => {
    const r = t.lifering.registrations;
    const kinds = {
      command: r.commands,
      event: r.events,
      action: r.actions,
      view: r.views,
      options: r.options,
      shortcut: r.shortcuts,
    };
    return Object.entries(kinds).flatMap(([kind, ids]) => [...ids].map((id) => `${kind}:${id}`));
  };

  it('records a declared action for every registered listener, and a valid one', () => {
    const keys = registered();
    expect(keys.length).toBeGreaterThan(30);
    for (const key of keys) {
      const declared = t.lifering.registrations.policies.get(key);
      expect(declared === PER_ROUTE || isAction(declared), `${key} declares ${String(declared)}`).toBe(true);
    }
    expect(t.lifering.registrations.policies.get('command:/mentor')).toBe(PER_ROUTE);
  });

  it('has an action for every /mentor subcommand', () => {
    const policies = t.lifering.router.policies();
    expect([...policies.keys()].sort()).toEqual(t.lifering.router.names().sort());
    for (const [name, action] of policies) expect(isAction(action), `/mentor ${name}`).toBe(true);
  });

  it('refuses every admin-only subcommand to a non-admin before it runs', async () => {
    const adminSubs = [...t.lifering.router.policies()].filter(([, a]) => adminOnly(a)).map(([n]) => n);
    expect(adminSubs.length).toBeGreaterThanOrEqual(6);
    for (const name of adminSubs) {
      const res = await t.driver.command(MIA, name);
      expect((res.body as { text?: string }).text, `/mentor ${name}`).toContain(REFUSAL);
    }
    await t.settle();
    expect(t.fake.callsTo('views.open')).toEqual([]);
  });

  it('refuses every admin-only click and form to a non-admin before its listener runs', async () => {
    const admin = (kind: string) =>
      [...t.lifering.registrations.policies]
        .filter(([key, a]) => key.startsWith(`${kind}:`) && a !== PER_ROUTE && adminOnly(a as Action))
        .map(([key]) => key.slice(kind.length + 1));
    const clicks = admin('action');
    expect(clicks.length).toBeGreaterThanOrEqual(4);
    for (const actionId of clicks) {
      t.fake.clearCalls();
      await t.driver.blockAction(
        MIA,
        { action_id: actionId, type: 'button', value: '1' },
        { messageTs: '1700000000.000100' },
      );
      await t.settle();
      const opened = t.fake.callsTo('views.open').map((c) => JSON.stringify(c.args.view));
      expect(opened, actionId).toHaveLength(1);
      expect(opened[0], actionId).toContain(REFUSAL);
    }
    const forms = admin('view');
    expect(forms.length).toBeGreaterThanOrEqual(3);
    for (const callbackId of forms) {
      const view = {
        id: `V${callbackId.length}X`,
        type: 'modal',
        callback_id: callbackId,
        private_metadata: '{"id":1}',
        blocks: [
          {
            type: 'input',
            block_id: 'first',
            label: { type: 'plain_text', text: 'x' },
            element: { type: 'plain_text_input', action_id: 'first' },
          },
        ],
      };
      const res = await t.driver.submitView(MIA, view, { first: { first: { type: 'plain_text_input', value: 'x' } } });
      expect(JSON.stringify(res.body), callbackId).toContain(REFUSAL);
    }
    expect(await t.storage.db('topics').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });
});

describe('a listener that declares no action', () => {
  async function startWith(feature: Omit<Feature, 'name'>) {
    const fake = await startFakeSlack({ users: [] });
    const { storage, cleanup } = await openTestStorage();
    const config = loadConfig({
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: fake.url,
      REMINDER_CRON: 'off',
    });
    try {
      return await createLifering({
        config,
        storage,
        features: [{ name: 'careless', ...feature }],
        clientOptions: { retryConfig: { retries: 0 } },
      });
    } finally {
      await fake.close();
      await cleanup();
    }
  }
  /** A listener as plain JavaScript, or a cast, could still write it: without `performs`. */
  const undeclared = (kind: string, id: string) =>
    ({
      listeners: [{ kind, id, handle: async (_deps: unknown, { ack }: { ack: () => Promise<void> }) => ack() }],
    }) as unknown as Omit<Feature, 'name'>;

  it('stops the app from starting', async () => {
    await expect(startWith(undeclared('action', 'careless.click'))).rejects.toThrow(UndeclaredListenerError);
    await expect(startWith(undeclared('view', 'careless.form'))).rejects.toThrow(/declares no policy action/);
    await expect(startWith(undeclared('command', '/careless'))).rejects.toThrow(UndeclaredListenerError);
    await expect(startWith(undeclared('event', 'app_mention'))).rejects.toThrow(UndeclaredListenerError);
  });

  it('stops a subcommand without one too', async () => {
    const run = async () => undefined;
    await expect(
      startWith({ subcommands: [{ name: 'careless', usage: 'careless', summary: 'x', run }] } as unknown as Omit<
        Feature,
        'name'
      >),
    ).rejects.toThrow(/declares no policy action/);
  });

  it('starts when each listener declares one', async () => {
    const lifering = await startWith({
      listeners: [
        { kind: 'action', id: 'careful.click', performs: 'help.read', handle: async (_deps, { ack }) => ack() },
      ],
    });
    expect(lifering.registrations.policies.get('action:careful.click')).toBe('help.read');
  });
});

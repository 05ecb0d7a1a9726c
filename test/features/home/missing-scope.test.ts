import { afterEach, describe, expect, it } from 'vitest';
import { SCOPE_NOTICE_DAYS, ScopeRefusals } from '../../../src/slack/scope-refusals.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const DAY = 86_400_000;

let t: TestApp;

/** What a person's Home says right now, as text. */
async function home(userId: string): Promise<string> {
  await t.driver.appHomeOpened(userId);
  await t.settle();
  return JSON.stringify(t.fake.homeViews.get(userId) ?? t.fake.lastCall('views.publish')?.args.view);
}

describe("Slack's missing_scope, on the admins' Home", () => {
  afterEach(async () => {
    await t?.stop();
  });

  it('tells admins which call Slack refused and for which scope, until a call with it succeeds', async () => {
    t = await startTestApp({
      users: [
        { id: ADMIN, name: 'ada' },
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
      env: { ADMIN_USER_IDS: ADMIN },
    });
    expect(await home(ADMIN)).not.toContain('Slack refused');
    // The workspace's install lacks chat:write (added to the manifest after it was installed).
    const token = t.fake.tokens.get(t.fake.token)!;
    const granted = token.scopes;
    token.scopes = granted.filter((s) => s !== 'chat:write');
    await t.driver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`);
    await t.settle();
    expect(t.fake.callsTo('chat.postMessage').map((c) => c.response.error)).toContain('missing_scope');

    const told = await home(ADMIN);
    expect(told).toContain(
      "Slack refused `chat.postMessage`: Lifering lacks the `chat:write` scope*, so what needs it does not work here. Reinstall the app from your Slack app's OAuth & Permissions page at https://api.slack.com/apps (Reinstall to Workspace)",
    );
    expect(told).toContain('`npm run doctor` checks the whole set-up');
    // Only admins are told.
    expect(await home(SAM)).not.toContain('Slack refused');

    // Reinstalled with the scope: Slack's next answer shows it, and the notice goes.
    token.scopes = granted;
    await t.driver.command(ADMIN, `assign <@${MIA}> <@${SAM}>`);
    await t.settle();
    expect(t.fake.callsTo('chat.postMessage').at(-1)?.response.ok).toBe(true);
    expect(await home(ADMIN)).not.toContain('Slack refused');
  });
});

describe('ScopeRefusals', () => {
  const refused = JSON.stringify({ ok: false, error: 'missing_scope', needed: 'chat:write', provided: 'commands' });
  const answered = JSON.stringify({ ok: true });
  const token = async () => 'xoxb-1';

  it('keeps a refusal per token for a week after the last one', async () => {
    let now = new Date('2026-11-23T10:00:00Z');
    const r = new ScopeRefusals(() => now);
    r.heard('xoxb-1', 'chat.postMessage', refused, 'commands');
    expect(await r.about(token)).toMatchObject({ method: 'chat.postMessage', needed: 'chat:write' });
    expect(await r.about(async () => 'xoxb-other')).toBeUndefined();
    now = new Date(now.getTime() + SCOPE_NOTICE_DAYS * DAY - 1);
    expect(await r.about(token)).toBeDefined();
    now = new Date(now.getTime() + 1);
    expect(await r.about(token)).toBeUndefined();
  });

  it('forgets it when the same method succeeds or Slack shows the scope granted, not on any other success', async () => {
    const r = new ScopeRefusals(() => new Date('2026-11-23T10:00:00Z'));
    r.heard('xoxb-1', 'chat.postMessage', refused, 'commands');
    r.heard('xoxb-1', 'views.publish', answered, 'commands');
    expect(await r.about(token)).toBeDefined();
    r.heard('xoxb-1', 'chat.postMessage', answered, null);
    expect(await r.about(token)).toBeUndefined();
    r.heard('xoxb-1', 'chat.postMessage', refused, 'commands');
    r.heard('xoxb-1', 'users.info', answered, 'commands,chat:write');
    expect(await r.about(token)).toBeUndefined();
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../../src/slack/scopes.ts';
import { METHOD_SCOPES } from '../harness/fake-slack.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

// Slack's own published schema (slackapi/manifest-schema, MIT), kept here so the test runs anywhere.
const schema = JSON.parse(
  readFileSync(new URL('../fixtures/slack/manifest.schema.1.0.0.json', import.meta.url), 'utf8'),
);
const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));
const distribution = parse(readFileSync(new URL('../../manifest.distribution.yml', import.meta.url), 'utf8'));

/** Bot scope per Web API method, as the fake Slack checks it; '' where none is needed. */
const SCOPE_OF: Record<string, string> = { ...METHOD_SCOPES, filesUploadV2: 'files:write' };

/** Every `client.group.method(` (and filesUploadV2) that the app's source calls. */
function webApiMethodsUsed(): Set<string> {
  const found = new Set<string>(['auth.test']);
  const files = readdirSync(new URL('../../src/', import.meta.url), { recursive: true, withFileTypes: true });
  for (const f of files) {
    if (!f.isFile() || !f.name.endsWith('.ts')) continue;
    // src/sandbox/ is the Slack stand-in: its `users.get(` and `views.get(` read the fake's maps, not the Web API.
    if (
      path.relative(fileURLToPath(new URL('../../src/', import.meta.url)), f.parentPath).split(path.sep)[0] ===
      'sandbox'
    )
      continue;
    const text = readFileSync(path.join(f.parentPath, f.name), 'utf8');
    for (const m of text.matchAll(/\.(chat|users|views|conversations|files|team|reactions)\.([a-zA-Z]+)\(/g))
      found.add(`${m[1]}.${m[2]}`);
    if (text.includes('filesUploadV2(')) found.add('filesUploadV2');
  }
  return found;
}

describe('manifest.yml', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  it("is valid against Slack's manifest schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has a valid distributable (OAuth, HTTP) variant that declares the same commands, events and scopes', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    validate(distribution);
    expect(validate.errors ?? []).toEqual([]);
    expect(distribution.oauth_config.redirect_urls[0]).toMatch(/^https:\/\/.+\/slack\/oauth_redirect$/);
    expect(distribution.settings.socket_mode_enabled).toBe(false);
    expect(distribution.oauth_config.scopes).toEqual(manifest.oauth_config.scopes);
    expect(distribution.settings.event_subscriptions.bot_events).toEqual(
      manifest.settings.event_subscriptions.bot_events,
    );
    expect(distribution.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(
      manifest.features.slash_commands.map((c: { command: string }) => c.command),
    );
  });

  it('has an OAuth install ask for exactly the bot scopes the manifest declares', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it('declares exactly the slash commands the app handles, with escaping on', () => {
    const declared = manifest.features.slash_commands.map((c: { command: string }) => c.command);
    expect(new Set(declared)).toEqual(t.lifering.registrations.commands);
    for (const c of manifest.features.slash_commands) expect(c.should_escape).toBe(true);
  });

  it('subscribes to exactly the events the app handles', () => {
    expect(new Set(manifest.settings.event_subscriptions.bot_events)).toEqual(t.lifering.registrations.events);
  });

  it('turns interactivity on exactly when the app handles actions, views or options', () => {
    const r = t.lifering.registrations;
    const interactive = r.actions.size + r.views.size + r.options.size + r.shortcuts.size > 0;
    expect(manifest.settings.interactivity?.is_enabled ?? false).toBe(interactive);
    // Shortcuts would need declaring under features.shortcuts; Lifering has none.
    expect(r.shortcuts.size).toBe(manifest.features.shortcuts?.length ?? 0);
  });

  it('enables the Home tab when the app publishes one, and runs in Socket Mode by default', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(t.lifering.registrations.events.has('app_home_opened'));
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('asks for exactly the bot scopes the Web API methods in src/ need', () => {
    const needs = new Set<string>(manifest.features.slash_commands.length ? ['commands'] : []);
    for (const method of webApiMethodsUsed()) {
      const scope = SCOPE_OF[method];
      expect(scope, `no scope known for ${method}: add it to SCOPE_OF`).not.toBeUndefined();
      if (scope) needs.add(scope);
    }
    expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needs);
  });
});

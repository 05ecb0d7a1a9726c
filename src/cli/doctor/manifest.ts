import { readFile } from 'node:fs/promises';
import type { Registrations } from '../../slack/registry.ts';
import { type CheckResult, failed, passed } from './result.ts';

/** manifest.yml, next to package.json: what the Slack app is created from. */
export const MANIFEST = new URL('../../../manifest.yml', import.meta.url);

/** What a manifest declares that the running app depends on. */
export interface ManifestDeclares {
  botScopes: string[];
  botEvents: string[];
  commands: string[];
}

/**
 * Reads the parts of a manifest the doctor holds the app to. `yaml` is a development dependency
 * (the manifest test reads the file with it too), imported here only when the doctor runs.
 */
export async function readManifest(file: URL | string = MANIFEST): Promise<ManifestDeclares> {
  const { parse } = await import('yaml');
  const m = parse(await readFile(file, 'utf8')) as {
    oauth_config?: { scopes?: { bot?: string[] } };
    settings?: { event_subscriptions?: { bot_events?: string[] } };
    features?: { slash_commands?: { command: string }[] };
  };
  return {
    botScopes: m.oauth_config?.scopes?.bot ?? [],
    botEvents: m.settings?.event_subscriptions?.bot_events ?? [],
    commands: (m.features?.slash_commands ?? []).map((c) => c.command),
  };
}

const UPDATE =
  'then paste manifest.yml into your Slack app at https://api.slack.com/apps (App Manifest) and reinstall it where Slack asks';

/**
 * The manifest's events and commands against the listeners the app registers: an event the code
 * handles but Slack never sends is a feature that silently does nothing, and one Slack sends
 * that nothing handles is a delivery acknowledged for nothing.
 */
export function checkManifest(declared: ManifestDeclares, registered: Registrations): CheckResult {
  const unsent = [...registered.events].filter((e) => !declared.botEvents.includes(e));
  const unhandled = declared.botEvents.filter((e) => !registered.events.has(e));
  const undeclared = [...registered.commands].filter((c) => !declared.commands.includes(c));
  const extra = declared.commands.filter((c) => !registered.commands.has(c));
  const problems = [
    ...unsent.map((e) => `the app handles the ${e} event but manifest.yml does not subscribe to it`),
    ...undeclared.map((c) => `the app serves ${c} but manifest.yml does not declare it`),
    ...unhandled.map((e) => `manifest.yml subscribes to the ${e} event, which nothing handles`),
    ...extra.map((c) => `manifest.yml declares ${c}, which nothing serves`),
  ];
  if (problems.length === 0) {
    const commands = [...registered.commands].join(', ');
    return passed(
      `Manifest: subscribes to the ${registered.events.size} events the app handles and declares ${commands}`,
    );
  }
  const fix =
    unsent.length + undeclared.length > 0
      ? `add what is missing to manifest.yml (settings.event_subscriptions.bot_events, features.slash_commands), ${UPDATE}`
      : `remove it from manifest.yml, ${UPDATE}`;
  return failed(`Manifest: ${problems.join('; ')}`, fix);
}

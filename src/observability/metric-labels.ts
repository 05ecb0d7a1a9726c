/** What the app listens for, by kind, as src/slack/registry.ts records it at the mount. */
export interface KnownListeners {
  commands: ReadonlySet<string>;
  events: ReadonlySet<string>;
  actions: ReadonlySet<string>;
  views: ReadonlySet<string>;
  options: ReadonlySet<string>;
}

export interface RequestLabels {
  kind: string;
  listener: string;
}

/** The kinds a request's log line can name (src/observability/context.ts routeOfBody) that are ours to label. */
const KINDS = new Set([
  'command',
  'action',
  'view',
  'options',
  'event',
  'shortcut',
  'message_action',
  'app_rate_limited',
]);

/**
 * Each registered listener, keyed as the log lines name it (`action:home.help`,
 * `view:view_submission:report.submit`, `command:/mentor list`), to its label (`home.help`,
 * `report.submit`, `/mentor list`). `subcommands`: the `/mentor` router's names, and help.
 */
export function listenerLabels(known: KnownListeners, subcommands: readonly string[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const id of known.actions) labels.set(`action:${id}`, id);
  for (const id of known.views) labels.set(`view:view_submission:${id}`, id);
  for (const id of known.options) labels.set(`options:${id}`, id);
  for (const type of known.events) labels.set(`event:${type}`, type);
  for (const command of known.commands) labels.set(`command:${command}`, command);
  for (const name of ['help', ...subcommands]) labels.set(`command:/mentor ${name}`, `/mentor ${name}`);
  return labels;
}

/**
 * A request's labels: its kind from a fixed set, and the listener that served it by the id we
 * registered. Whatever else a delivery names (an action id from a message sent before a release
 * renamed it, a view closed, words after `/mentor` that are no subcommand, anything forged) is
 * `unknown`, `other` or plain `/mentor`: no label carries what a person typed.
 */
export function requestLabels(
  kind: string,
  listener: string | undefined,
  known: ReadonlyMap<string, string>,
): RequestLabels {
  return {
    kind: KINDS.has(kind) ? kind : 'other',
    listener: (listener !== undefined && known.get(listener)) || 'unknown',
  };
}

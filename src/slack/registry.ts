import type { App } from '@slack/bolt';
import type { Declaration } from '../policy/declare.ts';

/** What the app listens for, as the manifest must declare it. */
export interface Registrations {
  commands: Set<string>;
  events: Set<string>;
  actions: Set<string>;
  views: Set<string>;
  options: Set<string>;
  shortcuts: Set<string>;
  /** What each listener declared it does, keyed `kind:id` (`command:/mentor` checks per subcommand). */
  policies: Map<string, Declaration>;
}

const kinds = {
  command: 'commands',
  event: 'events',
  action: 'actions',
  view: 'views',
  options: 'options',
  shortcut: 'shortcuts',
} as const;

export function describe(constraint: unknown): string {
  if (typeof constraint === 'string') return constraint;
  if (constraint instanceof RegExp) return constraint.toString();
  if (constraint && typeof constraint === 'object') {
    const c = constraint as Record<string, unknown>;
    return String(c.action_id ?? c.callback_id ?? c.block_id ?? c.type ?? JSON.stringify(c));
  }
  return String(constraint);
}

/**
 * Wraps a Bolt app so every listener registration is also recorded: the manifest test compares
 * these with manifest.yml, so neither can declare what the other does not have.
 */
export function recordRegistrations(app: App): { app: App; registrations: Registrations } {
  const registrations: Registrations = {
    commands: new Set(),
    events: new Set(),
    actions: new Set(),
    views: new Set(),
    options: new Set(),
    shortcuts: new Set(),
    policies: new Map(),
  };
  const proxy = new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && prop in kinds && typeof value === 'function') {
        return (constraint: unknown, ...rest: unknown[]) => {
          registrations[kinds[prop as keyof typeof kinds]].add(describe(constraint));
          return (value as (...a: unknown[]) => unknown).call(target, constraint, ...rest);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { app: proxy, registrations };
}

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

const KINDS = {
  command: 'commands',
  event: 'events',
  action: 'actions',
  view: 'views',
  options: 'options',
  shortcut: 'shortcuts',
} as const;

export const emptyRegistrations = (): Registrations => ({
  commands: new Set(),
  events: new Set(),
  actions: new Set(),
  views: new Set(),
  options: new Set(),
  shortcuts: new Set(),
  policies: new Map(),
});

/** Notes a listener and what it declared: the manifest and policy-coverage tests read these. */
export function record(registrations: Registrations, kind: keyof typeof KINDS, id: string, declared: Declaration) {
  registrations[KINDS[kind]].add(id);
  registrations.policies.set(`${kind}:${id}`, declared);
}

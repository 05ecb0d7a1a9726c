import type { App } from '@slack/bolt';
import type { Deps } from '../deps.ts';
import type { CommandRouter } from '../slack/command-router.ts';

/** A feature wires its commands, actions, views and events; `features` lists them all. */
export interface Feature {
  name: string;
  register(app: App, deps: Deps, router: CommandRouter): void;
}

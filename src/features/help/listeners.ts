import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { showAllCommands } from './all-commands.ts';

/** "All commands" under the short help card (`/mentor help` itself is the router's own answer). */
export const help: Feature = {
  name: 'help',
  listeners: [{ kind: 'action', id: ACTIONS.helpAll, performs: 'help.read', handle: showAllCommands }],
};

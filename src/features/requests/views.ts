import { button } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';

/** "Find me a supporter": asks the admins for one, as `/mentor request` does, from a button. */
export const findSupporterButton = (opts: { primary?: boolean } = {}) =>
  button('Find me a supporter', ACTIONS.findSupporter, undefined, opts.primary ? { style: 'primary' } : {});

import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { findSupporter, requestSupporter } from './request.ts';

/** `/mentor request [topic] [note]`: anyone may ask the admins for a supporter for themselves. */
export const requests: Feature = {
  name: 'requests',
  subcommands: [
    {
      name: 'request',
      usage: 'request [topic] [note]',
      summary: 'ask the admins for a supporter',
      performs: 'supporter.request',
      run: requestSupporter,
    },
  ],
  listeners: [{ kind: 'action', id: ACTIONS.findSupporter, performs: 'supporter.request', handle: findSupporter }],
};

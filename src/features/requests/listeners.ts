import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { openRequestForm, saveRequest } from './form.ts';
import { requestSupporter } from './request.ts';

/** `/mentor request` and its form: anyone may ask the admins for a supporter for themselves, and change what they asked. */
export const requests: Feature = {
  name: 'requests',
  subcommands: [
    {
      name: 'request',
      usage: 'request [@person] [topic] [note]',
      summary: 'ask the admins for a supporter, or for someone you met (on its own: a form)',
      performs: 'supporter.request',
      run: requestSupporter,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openRequestForm, performs: 'supporter.request', handle: openRequestForm },
    { kind: 'view', id: ACTIONS.saveRequest, performs: 'supporter.request', handle: saveRequest },
  ],
};

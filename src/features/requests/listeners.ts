import type { Feature } from '../feature.ts';
import { requestSupporter } from './request.ts';

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
};

import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { assignSuggested } from './assign-suggested.ts';
import { listSupporterRequests, openSupporterRequests } from './supporter-requests.ts';

/** Suggested supporters: one-click assign from the modal or an admin DM, and the list of who is waiting for a supporter. */
export const matching: Feature = {
  name: 'matching',
  subcommands: [
    {
      name: 'waiting',
      usage: 'waiting',
      formerly: ['unmatched'],
      summary: 'who is waiting for a supporter, each with a suggested one to assign in one click',
      performs: 'mentorship.assign',
      run: listSupporterRequests,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openSupporterRequests, performs: 'mentorship.assign', handle: openSupporterRequests },
    { kind: 'action', id: ACTIONS.assignSuggested, performs: 'mentorship.assign', handle: assignSuggested },
  ],
};

import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { openInvite, sendInvites } from './invite.ts';

/** An admin's first day: the setup card's steps that no other feature answers (asking supporters). */
export const setup: Feature = {
  name: 'setup',
  listeners: [
    { kind: 'action', id: ACTIONS.inviteSupporters, performs: 'supporters.invite', handle: openInvite },
    { kind: 'view', id: ACTIONS.inviteSupportersSubmit, performs: 'supporters.invite', handle: sendInvites },
  ],
};

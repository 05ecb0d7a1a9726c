import { ACTIONS } from '../../slack/ids.ts';
import type { Feature, Listener } from '../feature.ts';
import { openComment, recordScore, saveComment } from './answer.ts';
import { messagesCommand, openMessageSettings, saveMessageSettings } from './messages-setting.ts';
import { SCORES } from './values.ts';
import { scoreActionId } from './views.ts';

const scoreButtons = SCORES.map(
  (score): Listener => ({ kind: 'action', id: scoreActionId(score), performs: 'checkin.answer', handle: recordScore }),
);

/** The mentee's voice: one-tap check-ins and close-outs, private comments to admins, and the "fewer messages" setting. */
export const checkins: Feature = {
  name: 'checkins',
  subcommands: [
    {
      name: 'messages',
      usage: 'messages [fewer|normal]',
      summary: 'choose fewer messages from Lifering (at most one nudge a week), or normal',
      performs: 'settings.manage_own',
      run: messagesCommand,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openMessageSettings, performs: 'settings.manage_own', handle: openMessageSettings },
    { kind: 'view', id: ACTIONS.saveMessageSettings, performs: 'settings.manage_own', handle: saveMessageSettings },
    ...scoreButtons,
    { kind: 'action', id: ACTIONS.checkinComment, performs: 'checkin.answer', handle: openComment },
    { kind: 'view', id: ACTIONS.checkinCommentSave, performs: 'checkin.answer', handle: saveComment },
  ],
};

import type { ModalView } from '@slack/types';
import { input, modal, option, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { messagesChoiceValue } from './values.ts';

export const MESSAGES_BLOCK = 'messages_choice';
const normal = option('Normal', messagesChoiceValue('normal'), 'Reminders, digests and check-ins as they fall due');
const fewer = option(
  'Fewer messages',
  messagesChoiceValue('fewer'),
  'At most one nudge a week; the rest is merged into it',
);

export function messageSettingsModal(fewerNow: boolean): ModalView {
  return modal({
    callbackId: ACTIONS.saveMessageSettings,
    title: 'Message settings',
    submit: 'Save',
    blocks: [
      section(
        'Lifering nudges you about meeting reports, check-ins, mentorships that have gone quiet and (for admins) the daily digest. Questions never come at night, and at most one a week.',
      ),
      input(MESSAGES_BLOCK, 'How many messages', {
        type: 'radio_buttons',
        action_id: 'value',
        options: [normal, fewer],
        initial_option: fewerNow ? fewer : normal,
      }),
    ],
  });
}

export const settingText = (fewerNow: boolean): string =>
  fewerNow
    ? 'You get *fewer messages*: at most one nudge from Lifering a week (reminders, digests, check-ins and quiet-mentorship notices together). Help requests and assignments still reach you at once.'
    : 'You get *normal* messages: reminders and digests as they fall due, and at most one check-in question a week.';

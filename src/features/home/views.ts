import type { HomeView, ModalView } from '@slack/types';
import { ACTIONS } from '../../slack/ids.ts';
import { actions, button, context, divider, header, modal, section } from '../../slack/blocks.ts';
import type { Message } from '../../slack/blocks.ts';

/** The Home tab for someone Lifering has nothing to show yet. */
export function welcomeHome(): HomeView {
  return {
    type: 'home',
    blocks: [
      header('Welcome to Lifering'),
      section(
        'Lifering runs your mentoring programme here in Slack. Admins pair *supporters* (mentors, coaches, advisors) with *mentees*; ' +
          'supporters meet their mentees and file a short *meeting report* at least monthly; a mentee who needs help raises a :ring_buoy: and their supporters hear at once.',
      ),
      divider(),
      section("You have no mentorships yet. To find a supporter, type `/mentor request` in any channel: your admins will be told, and you'll hear here when someone is assigned."),
      actions([button('How Lifering works', ACTIONS.showHelp)]),
      context('Either side can end a mentorship at any time, no blame attached.'),
    ],
  };
}

/** The usage, as a modal: the Home tab has no composer to type `/mentor help` in. */
export function helpModal(usage: Message): ModalView {
  return modal({
    callbackId: 'help',
    title: 'Lifering help',
    close: 'Done',
    blocks: usage.blocks ?? [section(usage.text)],
  });
}

import type { KnownBlock, ModalView } from '@slack/types';
import { actions, button, context, divider, header, input, type Message, modal, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { user } from '../../slack/text.ts';
import type { SetupProgress } from '../../storage/overview.ts';
import { INVITE_MAX, type SetupStepName, setupDone, setupSteps } from './rules.ts';

export const INVITE_BLOCK = 'setup.invite.people';

/** The first step, as the setup card and "How Lifering works" both put it. */
export const ADD_TOPICS = {
  title: 'Add topics',
  text: 'The roles and skills people can be supported in, such as "Public speaking".',
} as const;

const STEPS: Record<SetupStepName, { title: string; text: string; next: () => ReturnType<typeof button> }> = {
  topics: {
    ...ADD_TOPICS,
    next: () => button('Add topics', ACTIONS.openTopics, undefined, { style: 'primary' }),
  },
  profiles: {
    title: 'Ask supporters to fill in their profiles',
    text: 'Which topics they can help with and how many mentees they can take, so Lifering can suggest them.',
    next: () => button('Ask people', ACTIONS.inviteSupporters),
  },
  paired: {
    title: 'Make the first pairing',
    text: 'Assign a supporter to a mentee. Lifering suggests who fits.',
    next: () => button('Assign a supporter', ACTIONS.openAssignModal),
  },
};

/**
 * The first-day card on an admin's Home: three steps with what is done ticked and a button on the
 * next; nothing at all once every step is done.
 */
export function setupCard(p: SetupProgress): KnownBlock[] {
  if (setupDone(p)) return [];
  const steps = setupSteps(p);
  const done = steps.filter((s) => s.done).length;
  const next = steps.find((s) => !s.done)!.name;
  return [
    header('Set up Lifering'),
    context(`${done} of ${steps.length} done. This card goes away once the first pair is made.`),
    ...steps.map((s, i) => {
      const step = STEPS[s.name];
      const mark = s.done ? ':white_check_mark:' : `*${i + 1}.*`;
      const title = s.done ? `~${step.title}~` : `*${step.title}*`;
      return section(`${mark} ${title}\n${step.text}`, s.name === next ? { accessory: step.next() } : {});
    }),
    divider(),
  ];
}

/** Who to ask to fill in their supporter profile. */
export function inviteModal(): ModalView {
  return modal({
    callbackId: ACTIONS.inviteSupportersSubmit,
    title: 'Ask supporters',
    submit: 'Send',
    blocks: [
      section(
        "I'll message each person you pick, asking them to tell Lifering which topics they can help with and how many mentees they can take.",
      ),
      input(
        INVITE_BLOCK,
        'People to ask',
        { type: 'multi_users_select', action_id: INVITE_BLOCK, max_selected_items: INVITE_MAX },
        { hint: `Up to ${INVITE_MAX} at a time.` },
      ),
    ],
  });
}

/** The DM each picked person gets: who asks, what for, and the button that does it. */
export function inviteDm(adminId: string): Message {
  const text = `${user(adminId)} asks whether you would support others in Lifering, your organisation's mentoring programme.`;
  return {
    text,
    blocks: [
      section(`${text}\nSay which topics you can help with and how many mentees you can take; it takes a minute.`),
      actions([button('Fill in my profile', ACTIONS.openOffer, undefined, { style: 'primary' })]),
      context('Nothing is assigned without your yes, and you can change or clear your profile at any time.'),
    ],
  };
}

/** What the admin hears once the invitations went. */
export function invitedDm(sent: readonly string[], failed: readonly string[]): Message {
  const people = (ids: readonly string[]) => ids.map(user).join(', ');
  const text =
    (sent.length ? `I asked ${people(sent)} to fill in their supporter profile.` : 'I could not ask anyone.') +
    (failed.length ? ` I couldn't message ${people(failed)}; ask them yourself.` : '') +
    ' Their profiles show in the suggestions when you assign a supporter.';
  return { text, blocks: [section(text)] };
}

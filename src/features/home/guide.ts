import type { Button, KnownBlock, ModalView } from '@slack/types';
import { actions, button, context, header, modal, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { openProgressValue } from '../progress/values.ts';
import { findSupporterButton } from '../requests/views.ts';
import { ADD_TOPICS } from '../setup/views.ts';

/** Where someone is as a mentee: nobody yet, asked (a request or an offer out), or supported. */
export type MenteeStage = 'none' | 'waiting' | 'active';
/** Where someone is as a supporter: nobody, invited (offers to answer), or supporting. */
export type SupporterStage = 'none' | 'invited' | 'active';

export interface GuideState {
  userId: string;
  admin: boolean;
  mentee: MenteeStage;
  supporter: SupporterStage;
}

interface Step {
  title: string;
  text: string;
  next?: Button;
}

const progressButton = (userId: string) =>
  button('Open your progress page', ACTIONS.openProgress, openProgressValue(userId));

/** Three steps for a mentee, the first one where they are now. */
function menteeSteps(s: GuideState): Step[] {
  const first: Record<MenteeStage, Step> = {
    none: {
      title: 'Ask for a supporter',
      text: "Say what you'd like help with. The admins pair you with someone who knows it, and you hear here.",
      next: findSupporterButton(),
    },
    waiting: {
      title: 'Your supporter is on the way',
      text: "The admins have your request, or someone is deciding whether to take you on. You'll hear here as soon as they do.",
    },
    active: {
      title: 'Before you meet: your goals',
      text: 'Your supporters read your progress page before you meet. Keep your goals and tasks there up to date.',
      next: progressButton(s.userId),
    },
  };
  const goals: Step = {
    title: 'Write down your goals',
    text: 'Your supporter reads them before you meet, so your time together counts.',
    next: progressButton(s.userId),
  };
  return [
    first[s.mentee],
    s.mentee === 'active'
      ? {
          title: 'Meet at least once a month',
          text: 'Your supporter files a short meeting report after each meeting; you can read it on your progress page.',
        }
      : goals,
    {
      title: 'Stuck? Ask for help',
      text: ':ring_buoy: *Ask for help* on your Home tells your supporters at once, between meetings too.',
    },
  ];
}

function supporterSteps(s: GuideState): Step[] {
  return [
    s.supporter === 'invited'
      ? {
          title: 'Say yes, or not now',
          text: "You've been asked to support someone: answer in your DMs or on your Home tab.",
        }
      : {
          title: 'Prepare',
          text: "Before you meet, open your mentee's progress page from your Home tab: goals, tasks and past reports.",
        },
    {
      title: 'Meet',
      text: 'Keep time and make it safe to talk. Help them work things out rather than telling them what to do.',
    },
    {
      title: 'Report at least monthly',
      text: 'File a short meeting report after you meet. Lifering reminds you, in your working hours, when one is due.',
    },
  ];
}

function adminSteps(): Step[] {
  return [
    { ...ADD_TOPICS, next: button('Add topics', ACTIONS.openTopics) },
    {
      title: 'Ask supporters to offer',
      text: 'Supporters say which topics they can help with and how many mentees they can take, under *Your supporter profile* on their Home tab.',
    },
    {
      title: 'Pair people',
      text: '*Assign a supporter* on your Home tab: Lifering suggests who fits, and your Home shows every pair that needs you.',
    },
  ];
}

/**
 * "How Lifering works": three short steps for each of the person's roles, following where they
 * are (a mentee with no supporter yet reads how to get one, not how to meet). Pure.
 */
export function guideSections(s: GuideState): { heading: string; steps: Step[] }[] {
  const parts: { heading: string; steps: Step[] }[] = [];
  // Someone with no role yet is, as far as Lifering knows, a mentee-to-be.
  if (s.mentee !== 'none' || s.supporter === 'none') parts.push({ heading: 'As a mentee', steps: menteeSteps(s) });
  if (s.supporter !== 'none') parts.push({ heading: 'As a supporter', steps: supporterSteps(s) });
  if (s.admin) parts.push({ heading: 'As a Lifering admin', steps: adminSteps() });
  return parts;
}

export function guideModal(s: GuideState): ModalView {
  const blocks: KnownBlock[] = [];
  for (const part of guideSections(s)) {
    blocks.push(header(part.heading));
    part.steps.forEach((step, i) => {
      blocks.push(section(`*${i + 1}. ${step.title}*\n${step.text}`, step.next ? { accessory: step.next } : {}));
    });
  }
  blocks.push(
    actions([button('All commands', ACTIONS.helpAll)]),
    context('Either side can end a mentorship at any time, no blame attached.'),
  );
  return modal({ callbackId: 'help', title: 'How Lifering works', close: 'Done', blocks });
}

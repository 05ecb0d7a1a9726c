import type { KnownBlock, ModalView } from '@slack/types';
import { localClock, localDay } from '../../calendar/dates.ts';
import type { Message } from '../../slack/blocks.ts';
import { actions, button, context, input, modal, option, plain, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, quotedText, shortDate, user } from '../../slack/text.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';
import type { HelpRequest } from '../../storage/help-requests.ts';
import type { Mentorship, Topic } from '../../storage/rows.ts';
import { endedNotice } from '../mentorships/ended-notice.ts';
import { openProgressValue } from '../progress/values.ts';
import type { TopicSuggestion } from '../requests/rules.ts';
import { didYouMeanLead } from '../requests/views.ts';
import type { HelpAfterEnding } from './after-ending.ts';
import {
  ASK_BLOCKS,
  ASSIST_BLOCKS,
  type AskChoice,
  askSubmit,
  askTitle,
  FAMILIARITY_LABELS,
  NOTE_MAX,
  namesList,
  REQUEST_OPTION,
} from './rules.ts';
import {
  type AssistMeta,
  askMeta,
  askTopicValue,
  assistMeta,
  levelOptionValue,
  openAssistValue,
  resolveHelpValue,
  topicOptionValue,
} from './values.ts';

/**
 * "23 Nov at 10:14" for a reader in `tz`: the day as every Lifering date is written (shortDate),
 * on their calendar; the time as Slack's token, so it shows on their clock, 12 or 24 hours as
 * they chose (the text after | is for clients that cannot show the token).
 */
function stamp(iso: string, now: Date, tz: string | null | undefined): string {
  const at = new Date(iso);
  const { hour, minute } = localClock(at, tz);
  const clock = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return `${shortDate(localDay(at, tz), now)} at <!date^${Math.floor(at.getTime() / 1000)}^{time}|${clock}>`;
}

/** "asked for help with Public speaking" */
const topicPhrase = (r: { topicName: string | null }): string =>
  r.topicName ? ` with ${inlineText(r.topicName)}` : '';
/** "your help request about Public speaking": a request is about a topic, the asking is with it. */
const aboutTopic = (r: { topicName: string | null }): string =>
  r.topicName ? ` about ${inlineText(r.topicName)}` : '';
const quote = (note: string | null): string => (note ? `\n${quotedText(note, 1000)}` : '');

/** The topic select and how familiar the person is with it, each with what is known already picked. */
function topicAndLevelBlocks(offered: Topic[], topicId?: number, level?: FamiliarityLevel): KnownBlock[] {
  const options = offered.map((t) => option(t.name, topicOptionValue(t.id)));
  const initial = topicId ? options.find((o) => o.value === topicOptionValue(topicId)) : undefined;
  const levels = ([1, 2, 3, 4] as const).map((l) => option(`${l} · ${FAMILIARITY_LABELS[l]}`, levelOptionValue(l)));
  const initialLevel = level ? levels.find((o) => o.value === levelOptionValue(level)) : undefined;
  return [
    input(
      ASSIST_BLOCKS.topic,
      'Topic',
      {
        type: 'static_select',
        action_id: 'value',
        placeholder: plain('Pick a topic', 150),
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
      { optional: true, hint: 'Leave it empty if your question is not about one topic.' },
    ),
    input(
      ASSIST_BLOCKS.level,
      'How familiar are you with it?',
      {
        type: 'radio_buttons',
        action_id: 'value',
        options: levels,
        ...(initialLevel ? { initial_option: initialLevel } : {}),
      },
      { optional: true },
    ),
  ];
}

/**
 * Familiarity and the life ring in one modal. The topic select only appears when there are
 * topics (a select with no options is refused by Slack), and offers at most 100 of them.
 */
export function assistModal(opts: {
  topics: Topic[];
  topicId?: number;
  level?: FamiliarityLevel;
  meta?: AssistMeta;
}): ModalView {
  const offered = opts.topics.filter((t) => !t.archivedAt).slice(0, 100);
  const blocks: KnownBlock[] = offered.length
    ? topicAndLevelBlocks(offered, opts.topicId, opts.level)
    : [section('Your workspace has no topics yet, so just tell your supporters what you need help with.')];
  blocks.push(
    input(
      ASSIST_BLOCKS.request,
      'Assistance',
      {
        type: 'checkboxes',
        action_id: 'value',
        options: [
          option(
            'Request mentor assistance',
            REQUEST_OPTION,
            'Your supporters get a message with your note right away.',
          ),
        ],
      },
      { optional: true },
    ),
    input(
      ASSIST_BLOCKS.note,
      'Note for your supporters',
      {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        max_length: NOTE_MAX,
        placeholder: plain('e.g. Stuck on window functions before Friday’s review', 150),
      },
      { optional: true },
    ),
    context(
      ':ring_buoy: Asking for help is part of learning. Your supporters see this on your progress page until it is resolved.',
    ),
  );
  return modal({
    callbackId: ACTIONS.saveAssist,
    title: 'Ask for help',
    submit: 'Save',
    privateMetadata: assistMeta(opts.meta ?? {}),
    blocks,
  });
}

/** "🛟 Ask for help": the form addressed to the mentee's supporters (about one topic, when given). */
export const askButton = (topicId?: number | null, opts: { primary?: boolean } = {}) =>
  button(
    ':ring_buoy: Ask for help',
    ACTIONS.askForHelp,
    topicId === undefined ? undefined : askTopicValue(topicId),
    opts.primary ? { style: 'primary' } : {},
  );

/** UX.md "Life ring DM to a supporter". */
/** For one supporter: `tz` is theirs. */
export function alertDm(
  r: HelpRequest,
  level: FamiliarityLevel | undefined,
  now: Date,
  tz: string | null | undefined,
): Message {
  const lead = `:ring_buoy: ${user(r.menteeId)} asked for help${topicPhrase(r)}`;
  const facts = [...(level ? [`familiarity: ${level} of 4`] : []), `asked ${stamp(r.openedAt, now, tz)}`].join(' · ');
  return {
    text: `${lead}${r.note ? `: ${inlineText(r.note, 300)}` : ''}`,
    blocks: [
      section(`*${lead}*${quote(r.note)}`),
      context(facts),
      actions([
        button('Open progress page', ACTIONS.openProgress, openProgressValue(r.menteeId), { style: 'primary' }),
        button('Mark resolved', ACTIONS.resolveHelp, resolveHelpValue(r.id)),
      ]),
    ],
  };
}

/** The same DM once resolved: no second message, and the page stays one click away. */
export function resolvedAlertDm(r: HelpRequest, now: Date, tz: string | null | undefined): Message {
  const text = `:white_check_mark: ${user(r.menteeId)}'s help request${aboutTopic(r)} was resolved by ${user(r.resolvedBy ?? '')}.`;
  return {
    text,
    blocks: [
      section(`${text}${quote(r.note)}`),
      context(`resolved ${stamp(r.resolvedAt ?? r.openedAt, now, tz)}`),
      actions([button('Open progress page', ACTIONS.openProgress, openProgressValue(r.menteeId))]),
    ],
  };
}

/**
 * The former supporter's DM about a request, once their mentorship with the mentee ended: what
 * happened, and no buttons, since there is nothing left for them to do.
 */
export function endedAlertDm(
  r: HelpRequest,
  ended: Pick<Mentorship, 'supporterId' | 'menteeId' | 'endedAt' | 'acceptedAt'>,
  now: Date,
): Message {
  const text = `:ring_buoy: ${user(r.menteeId)} asked for help${topicPhrase(r)}. ${endedNotice(ended, ended.supporterId, now)}`;
  return { text, blocks: [section(`${text}${quote(r.note)}`)] };
}

/** A click on a request that closed when the mentorship answering it ended: what happened. */
export const closedWithEndingText = (r: HelpRequest, now: Date): string =>
  `This help request${aboutTopic(r)} closed on ${shortDate(r.resolvedAt ?? r.openedAt, now)}, when the mentorship answering it ended, so there's nothing to do here.`;

/** For the mentee's ending DM: what became of each help request the mentorship was answering. */
export function helpAfterEndingLines(help: readonly HelpAfterEnding[]): string[] {
  return help.map((h) =>
    h.kind === 'closed'
      ? `Your help request${aboutTopic(h.request)} was closed with it. If you still need help, ask again any time.`
      : `Your help request${aboutTopic(h.request)} stays open: ${namesList(h.supporterIds.map(user))} ${h.supporterIds.length === 1 ? 'has' : 'have'} it now.`,
  );
}

export function menteeResolvedDm(r: HelpRequest): Message {
  const text = `:white_check_mark: ${user(r.resolvedBy ?? '')} marked your help request${aboutTopic(r)} as resolved.`;
  return {
    text,
    blocks: [section(`${text} If you still need help, ask again any time.`), actions([askButton()])],
  };
}

export function menteeHelpDm(r: HelpRequest, supporters: string[], created: boolean): Message {
  const who = supporters.map(user).join(', ');
  const text = created
    ? `:ring_buoy: I've told ${who} that you asked for help${topicPhrase(r)}. You'll hear here when it is resolved.`
    : `:ring_buoy: You already asked for help${topicPhrase(r)}, so I've updated that request: ${who} see${supporters.length === 1 ? 's' : ''} your latest note.`;
  return {
    text,
    blocks: [
      section(text),
      actions([button('Open progress page', ACTIONS.openProgress, openProgressValue(r.menteeId))]),
    ],
  };
}

/**
 * Shown in the form when the mentee asks again for help that is already asked for: the open
 * request keeps its place with the new note, and nobody is messaged twice.
 */
export function repeatedHelpText(
  stored:
    | { kind: 'raised'; request: HelpRequest; recipients: string[] }
    | { kind: 'no_supporter'; request: { topicName: string | null } },
): string {
  if (stored.kind === 'raised') return menteeHelpDm(stored.request, stored.recipients, false).text;
  const topic = stored.request.topicName ? ` for ${inlineText(stored.request.topicName)}` : '';
  return `:ring_buoy: You already asked the Lifering admins for a supporter${topic}, so I've added your latest note to that request. You'll hear here when someone is assigned.`;
}

export function noSupporterDm(topicName: string | null, adminsTold: number): Message {
  const topic = topicName ? ` for ${inlineText(topicName)}` : '';
  const text =
    adminsTold > 0
      ? `:ring_buoy: You don't have a supporter yet, so I've asked the Lifering admins to find you one${topic}. You'll hear here when someone is assigned.`
      : `:ring_buoy: You don't have a supporter yet, and I've recorded your request for one${topic}. A Lifering admin will pick it up; you'll hear here when someone is assigned.`;
  return { text, blocks: [section(text)] };
}

/** What the ask form ("Ask Priya for help") shows. */
export interface AskFormInput {
  /** The choices `askChoices` gives for the mentee's active mentorships; none when they have no supporter. */
  choices: readonly AskChoice[];
  /** Each supporter's display name, for the title, the button and the choices (plain text cannot mention). */
  names: ReadonlyMap<string, string>;
  /** The choice to start on (from a button about one mentorship). */
  topicId?: number | null | undefined;
  /** The mentee's open help requests: asking again updates one, and the form says so. */
  open: readonly HelpRequest[];
  /** With no supporter: the open request for a supporter this joins, if any. */
  waiting?: { topicId: number | null; topicName: string | null; createdAt: string } | undefined;
  progressViewId?: string | undefined;
  today: Date;
}

const nameOf = (i: AskFormInput, id: string): string => i.names.get(id) ?? 'your supporter';
const namesOf = (i: AskFormInput, ids: readonly string[]): string[] => ids.map((id) => nameOf(i, id));

function askNoteInput(initial?: string | null): KnownBlock {
  return input(ASK_BLOCKS.note, 'What do you need help with?', {
    type: 'plain_text_input',
    action_id: 'value',
    multiline: true,
    max_length: NOTE_MAX,
    placeholder: plain('e.g. Stuck on window functions before Friday’s review', 150),
    ...(initial ? { initial_value: initial.slice(0, NOTE_MAX) } : {}),
  });
}

/** The line under the note when this topic already has an open request: asking again updates it. */
function alreadyAsked(i: AskFormInput, topicId: number | null): KnownBlock[] {
  const r = i.open.find((x) => x.topicId === topicId);
  if (!r) return [];
  return [
    context(
      `You asked for help${topicPhrase(r)} on ${shortDate(r.openedAt, i.today)}. Sending again updates that request with your new note; nobody gets a second message.`,
    ),
  ];
}

/** Asked about one thing: addressed to its supporters by name. */
function oneChoiceBlocks(i: AskFormInput, c: AskChoice): KnownBlock[] {
  const about = c.topicName ? ` about *${inlineText(c.topicName)}*` : '';
  return [
    section(
      `:ring_buoy: ${namesList(c.supporterIds.map(user))} will get your note${about} right away, and a :ring_buoy: shows on your progress page until it is resolved.`,
    ),
    askNoteInput(i.open.find((x) => x.topicId === c.topicId)?.note),
    ...alreadyAsked(i, c.topicId),
  ];
}

/** Several mentorships with different topics: the mentee picks which, each naming who hears. */
function choiceBlocks(i: AskFormInput): KnownBlock[] {
  const options = i.choices
    .slice(0, 10)
    .map((c) =>
      option(`${c.topicName ?? 'Something else'} · ${namesList(namesOf(i, c.supporterIds))}`, askTopicValue(c.topicId)),
    );
  const initial = i.topicId !== undefined ? options.find((o) => o.value === askTopicValue(i.topicId!)) : undefined;
  return [
    section(':ring_buoy: Your note goes right away to the supporters for what you pick.'),
    input(ASK_BLOCKS.topic, 'What is it about?', {
      type: 'radio_buttons',
      action_id: 'value',
      options,
      ...(initial ? { initial_option: initial } : {}),
    }),
    askNoteInput(),
  ];
}

/** Nobody to help yet: who will hear instead (the admins), and the request for a supporter it joins. */
function noSupporterBlocks(i: AskFormInput): KnownBlock[] {
  const w = i.waiting;
  const joins = w
    ? ` It joins your request for a supporter${w.topicName ? ` for *${inlineText(w.topicName)}*` : ''} from ${shortDate(w.createdAt, i.today)}.`
    : '';
  return [
    section(
      `:ring_buoy: You don't have a supporter yet, so the *Lifering admins* will hear about this and find you one.${joins}`,
    ),
    askNoteInput(),
  ];
}

/**
 * The life ring one tap away (issue 23): a form addressed to the mentee's supporters by name,
 * with one note. Title and button fit Slack's 24 characters ("Ask Priya for help", "Send to Priya").
 */
export function askModal(i: AskFormInput): ModalView {
  const all = [...new Set(i.choices.flatMap((c) => c.supporterIds))];
  const only = i.choices.length === 1 ? i.choices[0] : undefined;
  // With nobody to help, the note joins the open request for a supporter (same topic, same request).
  const fixed = only
    ? askTopicValue(only.topicId)
    : i.choices.length === 0
      ? askTopicValue(i.waiting?.topicId ?? null)
      : undefined;
  const blocks = i.choices.length === 0 ? noSupporterBlocks(i) : only ? oneChoiceBlocks(i, only) : choiceBlocks(i);
  blocks.push(context('Asking for help is part of learning.'));
  return modal({
    callbackId: ACTIONS.sendAsk,
    title: askTitle(namesOf(i, all)),
    submit: i.choices.length === 0 ? 'Send to the admins' : only ? askSubmit(namesOf(i, only.supporterIds)) : 'Send',
    close: 'Cancel',
    privateMetadata: askMeta({
      ...(i.progressViewId ? { progressViewId: i.progressViewId } : {}),
      ...(fixed ? { topic: fixed } : {}),
    }),
    blocks,
  });
}

/** `/mentor assist <words>` naming no topic but close to some: each a button opening the form on it. */
export function assistDidYouMean(typed: string, suggestions: readonly TopicSuggestion[]): Message {
  const lead = didYouMeanLead(typed, suggestions);
  return {
    text: lead,
    // A line each: an action_id may appear once in a block, and a section carries one button.
    blocks: [
      section(lead),
      ...suggestions.map((s) =>
        section(`*${inlineText(s.topic.name)}*`, {
          accessory: button(`Pick ${s.topic.name}`, ACTIONS.openAssist, openAssistValue(s.topic.id)),
        }),
      ),
      actions([button('None of these: open the form', ACTIONS.openAssist)]),
    ],
  };
}

import type { KnownBlock, ModalView } from '@slack/types';
import { localClock, localDay } from '../../calendar/dates.ts';
import type { Message } from '../../slack/blocks.ts';
import { actions, button, context, input, modal, option, plain, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, quotedText, shortDate, user } from '../../slack/text.ts';
import type { AssistanceRequest } from '../../storage/assistance.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';
import type { Topic } from '../../storage/rows.ts';
import { openProgressValue } from '../progress/values.ts';
import { ASSIST_BLOCKS, FAMILIARITY_LABELS, NOTE_MAX, REQUEST_OPTION } from './rules.ts';
import { type AssistMeta, assistMeta, levelOptionValue, resolveAssistanceValue, topicOptionValue } from './values.ts';

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

const topicPhrase = (r: { topicName: string | null }): string =>
  r.topicName ? ` with ${inlineText(r.topicName)}` : '';
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

/** UX.md "Life ring DM to a supporter". */
/** For one supporter: `tz` is theirs. */
export function alertDm(
  r: AssistanceRequest,
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
        button('Mark resolved', ACTIONS.resolveAssistance, resolveAssistanceValue(r.id)),
      ]),
    ],
  };
}

/** The same DM once resolved: no second message, and the page stays one click away. */
export function resolvedAlertDm(r: AssistanceRequest, now: Date, tz: string | null | undefined): Message {
  const text = `:white_check_mark: ${user(r.menteeId)}'s request for help${topicPhrase(r)} was resolved by ${user(r.resolvedBy ?? '')}.`;
  return {
    text,
    blocks: [
      section(`${text}${quote(r.note)}`),
      context(`resolved ${stamp(r.resolvedAt ?? r.openedAt, now, tz)}`),
      actions([button('Open progress page', ACTIONS.openProgress, openProgressValue(r.menteeId))]),
    ],
  };
}

export function menteeResolvedDm(r: AssistanceRequest): Message {
  const text = `:white_check_mark: ${user(r.resolvedBy ?? '')} marked your request for help${topicPhrase(r)} as resolved.`;
  return {
    text,
    blocks: [
      section(`${text} If you still need help, ask again any time.`),
      actions([button('Ask for help', ACTIONS.openAssist)]),
    ],
  };
}

export function menteeAssistanceDm(r: AssistanceRequest, supporters: string[], created: boolean): Message {
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
export function repeatedAssistanceText(
  stored:
    | { kind: 'raised'; request: AssistanceRequest; recipients: string[] }
    | { kind: 'no_supporter'; request: { topicName: string | null } },
): string {
  if (stored.kind === 'raised') return menteeAssistanceDm(stored.request, stored.recipients, false).text;
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

import type { Button, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { actions, button, context, input, type Message, modal, option, plain, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, quotedText, shortDate } from '../../slack/text.ts';
import type { Topic } from '../../storage/rows.ts';
import type { SupporterRequest } from '../../storage/supporter-requests.ts';
import type { TopicSuggestion } from './rules.ts';
import { REQUEST_NOTE_MAX, requestFormMeta, requestPrefillValue, requestTopicValue } from './values.ts';

/** block_id and action_id of the request form's two fields. */
export const REQUEST_FORM = { topic: 'request_topic', note: 'request_note' } as const;

/**
 * "Find me a supporter": opens the request form (empty, or showing the open request). Exported
 * for every surface that offers the next step to someone with no supporter (Home, after an ending).
 */
export function findSupporterButton(label = 'Find me a supporter', look: 'primary' | 'plain' = 'primary'): Button {
  return button(label, ACTIONS.openRequestForm, undefined, look === 'primary' ? { style: 'primary' } : {});
}

const forTopic = (name: string | null): string => (name ? ` for *${inlineText(name)}*` : '');

/** What an open request says beyond who and which topic: its note, and help asked for while waiting. */
export function requestDetails(
  r: Pick<SupporterRequest, 'note' | 'helpNote' | 'helpAskedAt'>,
  today: Date,
  max = 500,
): string {
  const lines: string[] = [];
  if (r.note) lines.push(quotedText(r.note, max));
  if (r.helpAskedAt)
    lines.push(
      `:ring_buoy: Asked for help ${shortDate(r.helpAskedAt, today)} while waiting${r.helpNote ? `:\n${quotedText(r.helpNote, max)}` : '.'}`,
    );
  return lines.join('\n');
}

export interface RequestFormInput {
  topics: readonly Topic[];
  /** The person's one open request, which the form shows and saves over. */
  open?: SupporterRequest | undefined;
  /** From a "did you mean" answer: the topic meant and the note typed, over what the request holds. */
  topicId?: number | undefined;
  note?: string | undefined;
  today: Date;
}

const topicOption = (t: Topic): PlainTextOption => option(t.name, requestTopicValue(t.id));

/** The request form: a topic (optional) and what they are hoping for, new or showing the open request. */
export function requestModal(i: RequestFormInput): ModalView {
  const topics = i.topics.slice(0, 100);
  const topicId = i.topicId ?? i.open?.topicId ?? undefined;
  const chosen = topics.find((t) => t.id === topicId);
  const note = i.note ?? i.open?.note ?? undefined;
  const blocks: KnownBlock[] = [
    section(
      i.open
        ? `You asked for a supporter on ${shortDate(i.open.createdAt, i.today)}, and the admins have it. Change it here and they see it as it is now.`
        : "Tell the Lifering admins what you would like, and they'll find you a supporter. You'll get a message here when someone is assigned.",
    ),
  ];
  if (topics.length > 0)
    blocks.push(
      input(
        REQUEST_FORM.topic,
        'Topic',
        {
          type: 'static_select',
          action_id: REQUEST_FORM.topic,
          placeholder: plain('Any topic'),
          options: topics.map(topicOption),
          ...(chosen ? { initial_option: topicOption(chosen) } : {}),
        },
        { optional: true, hint: 'Leave it empty if any supporter would do.' },
      ),
    );
  blocks.push(
    input(
      REQUEST_FORM.note,
      'What are you hoping for?',
      {
        type: 'plain_text_input',
        action_id: REQUEST_FORM.note,
        multiline: true,
        max_length: REQUEST_NOTE_MAX,
        placeholder: plain('e.g. Someone who has presented to a large room, to practise with before March', 150),
        ...(note ? { initial_value: note.slice(0, REQUEST_NOTE_MAX) } : {}),
      },
      { optional: true },
    ),
  );
  if (i.open?.helpAskedAt) blocks.push(context(requestDetails({ ...i.open, note: null }, i.today, 300)));
  return modal({
    callbackId: ACTIONS.saveRequest,
    title: i.open ? 'Your request' : 'Find a supporter',
    submit: i.open ? 'Save changes' : 'Send to the admins',
    blocks,
    privateMetadata: requestFormMeta(i.open?.id),
  });
}

/** After a new request is filed. */
export const requestSentText = (topicName: string | null): string =>
  `Thanks: I've asked the Lifering admins to find you a supporter${forTopic(topicName)}. You'll get a message here when someone is assigned.`;

/** After a request naming the supporter they would like (`/mentor request @person`). */
export const wantedSentText = (wanted: string, topicName: string | null, who: string): string =>
  `Thanks: I've asked ${who} for <@${wanted}> as your supporter${forTopic(topicName)}. You'll get a message here when someone is assigned.`;

/** After the one open request was changed (or asked for again): what it now says. */
export function requestUpdatedText(r: SupporterRequest, changed: boolean, today: Date): string {
  const asked = shortDate(r.createdAt, today);
  return changed
    ? `I've updated your request for a supporter${forTopic(r.topicName)} (you asked on ${asked}); the admins see it as it is now. You'll hear from Lifering when someone is assigned.`
    : `You already asked for a supporter${forTopic(r.topicName)} on ${asked}; the admins have it. You'll hear from Lifering when someone is assigned.`;
}

/** The form was open while the request was answered: nothing to save over. */
export const requestAnsweredMeanwhileText =
  'While you had this form open, the admins answered your request: your DMs from Lifering say who your supporter is. If you would like another one, open the form again.';

/** "I couldn't find a topic called `x`. Did you mean *A* or *B*?": the question both `/mentor request` and `/mentor assist` ask. */
export function didYouMeanLead(typed: string, suggestions: readonly TopicSuggestion[]): string {
  const names = suggestions.map((s) => `*${inlineText(s.topic.name)}*`);
  const question = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  return `I couldn't find a topic called \`${inlineText(typed.replace(/`/g, "'"), 60)}\`. Did you mean ${question}?`;
}

/**
 * `/mentor request <words>` whose first words name no topic but are close to some: which ones they
 * may have meant, each a button that opens the form with it and the rest of the words as the note.
 */
export function didYouMeanMessage(
  typed: string,
  suggestions: readonly TopicSuggestion[],
  notes: readonly (string | undefined)[],
  whole: string,
): Message {
  const lead = didYouMeanLead(typed, suggestions);
  const ask = (s: TopicSuggestion, i: number) =>
    button(
      `Ask for ${s.topic.name}`,
      ACTIONS.openRequestForm,
      requestPrefillValue({ topicId: s.topic.id, note: notes[i] }),
    );
  // One suggestion: its button on the question. Several: a line each (a section may carry one button).
  const choices =
    suggestions.length === 1
      ? [section(lead, { accessory: ask(suggestions[0]!, 0) })]
      : [
          section(lead),
          ...suggestions.map((s, i) => section(`*${inlineText(s.topic.name)}*`, { accessory: ask(s, i) })),
        ];
  return {
    text: lead,
    blocks: [
      ...choices,
      actions([button('None of these: open the form', ACTIONS.openRequestForm, requestPrefillValue({ note: whole }))]),
      context('Nothing is sent to the admins until you send the form.'),
    ],
  };
}

/** The Home line for someone with no supporter: whether they asked, and the button for the next step. */
export function noSupporterHomeBlock(requestedAt: string | null, today: Date): KnownBlock {
  return requestedAt
    ? section(
        `*Who supports you*\nNobody yet. You asked for a supporter on ${shortDate(requestedAt, today)}; the admins have it, and you'll hear here when someone is assigned.`,
        { accessory: findSupporterButton('Your request', 'plain') },
      )
    : section('*Who supports you*\nNobody yet. Ask your admins for a supporter: it takes a minute.', {
        accessory: findSupporterButton(),
      });
}

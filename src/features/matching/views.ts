import type { KnownBlock, ModalView } from '@slack/types';
import { button, context, header, type Message, modal, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, shortDate, user } from '../../slack/text.ts';
import type { SupporterRequest } from '../../storage/supporter-requests.ts';
import { assignPrefillValue } from '../mentorships/values.ts';
import { requestDetails } from '../requests/views.ts';
import type { Suggestion } from './rules.ts';
import { assignSuggestedValue, type SuggestFor } from './values.ts';

/** Block id of the suggestions header in the assign modal, so tests and updates can find it. */
export const SUGGESTIONS_BLOCK = 'suggestions';

/** "Priya · teaches Public speaking · 1 of 4 places taken · 2 h apart": who, and what sets them apart. */
export const suggestionText = (s: Suggestion): string =>
  [user(s.supporterId), ...s.reasons.map((r) => inlineText(r))].join(' · ');

/** One line per suggestion, best first, with a one-click Assign (the best one's the primary button). */
export function suggestionLines(suggestions: readonly Suggestion[], f: SuggestFor): KnownBlock[] {
  return suggestions.map((s, i) =>
    section(suggestionText(s), {
      accessory: button(
        'Assign',
        ACTIONS.assignSuggested,
        assignSuggestedValue(s.supporterId, f),
        i === 0 ? { style: 'primary' } : {},
      ),
    }),
  );
}

const NO_PROFILES =
  'No supporter has a profile yet, so there is nothing to suggest. Supporters say what they offer with `/mentor offer`.';

/** The suggestions part of the assign modal (or of a DM to admins). */
export function suggestionBlocks(suggestions: readonly Suggestion[], f: SuggestFor): KnownBlock[] {
  if (suggestions.length === 0) return [{ ...context(NO_PROFILES), block_id: SUGGESTIONS_BLOCK }];
  return [
    { ...section('*Suggested supporters*'), block_id: SUGGESTIONS_BLOCK },
    ...suggestionLines(suggestions, f),
    context('Assign asks the supporter to accept first. Or pick anyone below.'),
  ];
}

/** `/mentor unmatched`: everyone waiting for a supporter, each with the best suggestion. */
export function supporterRequestsMessage(
  requests: readonly { request: SupporterRequest; best: Suggestion | undefined }[],
  total: number,
  today: Date,
): Message {
  if (requests.length === 0) {
    const text = 'Nobody is waiting for a supporter. :tada:';
    return { text, blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [header('Waiting for a supporter')];
  for (const { request: r, best } of requests) {
    const topic = r.topicName ? ` for *${inlineText(r.topicName)}*` : '';
    const details = requestDetails(r, today, 300);
    const lead = `${user(r.requesterId)}${topic}, waiting since ${shortDate(r.createdAt, today)}${details ? `\n${details}` : ''}`;
    const f: SuggestFor = { menteeId: r.requesterId, topicId: r.topicId, requestId: r.id };
    const wanted = r.wantedSupporterId;
    blocks.push(
      wanted
        ? section(`${lead}\nAsked for ${user(wanted)}`, {
            accessory: button('Assign', ACTIONS.assignSuggested, assignSuggestedValue(wanted, f), { style: 'primary' }),
          })
        : best
          ? section(`${lead}\nSuggested: ${suggestionText(best)}`, {
              accessory: button(`Assign`, ACTIONS.assignSuggested, assignSuggestedValue(best.supporterId, f), {
                style: 'primary',
              }),
            })
          : section(`${lead}\nNo supporter to suggest yet.`, {
              accessory: button(
                'Assign…',
                ACTIONS.openAssignModal,
                assignPrefillValue({ menteeId: r.requesterId, topicId: r.topicId, requestId: r.id }),
              ),
            }),
    );
  }
  if (total > requests.length) blocks.push(context(`and ${total - requests.length} more, oldest first`));
  else
    blocks.push(
      context(
        "Assign asks the supporter to accept first. Suggestions come from supporters' profiles (`/mentor offer`).",
      ),
    );
  return { text: `${total} ${total === 1 ? 'person is' : 'people are'} waiting for a supporter.`, blocks };
}

/** The same list from Home, as a modal: one click on a suggestion assigns and says so in place. */
export function supporterRequestsModal(m: Message): ModalView {
  return modal({
    callbackId: 'matching.unmatched',
    title: 'Waiting for a supporter',
    close: 'Close',
    blocks: m.blocks ?? [section(m.text)],
  });
}

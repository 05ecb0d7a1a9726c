import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { context, input, modal, option, plain, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText } from '../../slack/text.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';
import type { SupporterProfile } from '../../storage/profiles.ts';
import type { Topic } from '../../storage/rows.ts';
import { FAMILIARITY_LABELS } from '../help-requests/rules.ts';
import { MAX_CAPACITY, OFFER, OFFER_TOPICS_SHOWN } from './rules.ts';
import { levelValue, offerTopicBlockId } from './values.ts';

const levelOption = (l: FamiliarityLevel): PlainTextOption => option(`${l} · ${FAMILIARITY_LABELS[l]}`, levelValue(l));

/** The supporter profile form (`/mentor offer`, or Home): topics with levels, capacity, away date. */
export function offerModal(i: {
  topics: readonly Topic[];
  profile: SupporterProfile | undefined;
  defaultCapacity: number;
}): ModalView {
  const shown = i.topics.slice(0, OFFER_TOPICS_SHOWN);
  const levels = new Map(i.profile?.topics.map((t) => [t.topicId, t.level]) ?? []);
  const blocks: KnownBlock[] = [
    section(
      'Say which topics you can help with and how well, so admins are shown you when a mentee needs that. Leave a topic empty if you do not offer it.',
    ),
  ];
  for (const t of shown) {
    const current = levels.get(t.id);
    blocks.push(
      input(
        offerTopicBlockId(t.id),
        t.name,
        {
          type: 'static_select',
          action_id: 'value',
          placeholder: plain('Not offered'),
          options: ([4, 3, 2, 1] as const).map(levelOption),
          ...(current ? { initial_option: levelOption(current) } : {}),
        },
        { optional: true },
      ),
    );
  }
  if (shown.length === 0)
    blocks.push(
      context('No topics yet: admins add them with `/mentor topics`. You can still say how many mentees you can take.'),
    );
  if (i.topics.length > shown.length)
    blocks.push(context(`The first ${shown.length} of ${i.topics.length} topics are shown.`));
  blocks.push(
    input(
      OFFER.capacity,
      'How many mentees you can take',
      {
        type: 'number_input',
        action_id: 'value',
        is_decimal_allowed: false,
        min_value: '0',
        max_value: String(MAX_CAPACITY),
        ...(i.profile?.capacity != null ? { initial_value: String(i.profile.capacity) } : {}),
      },
      { optional: true, hint: `Leave empty for the programme's usual ${i.defaultCapacity}. 0 means none for now.` },
    ),
    input(
      OFFER.away,
      'Away until',
      {
        type: 'datepicker',
        action_id: 'value',
        ...(i.profile?.awayUntil ? { initial_date: i.profile.awayUntil } : {}),
      },
      {
        optional: true,
        hint: 'Leave empty if you are available now. You are not suggested to admins until the day after.',
      },
    ),
  );
  return modal({ callbackId: ACTIONS.saveOffer, title: 'Your supporter profile', submit: 'Save', blocks });
}

export function savedText(summary: string): string {
  return `Saved. Admins now see: ${inlineText(summary)}.`;
}

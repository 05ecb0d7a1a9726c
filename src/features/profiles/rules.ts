import { shortDate } from '../../slack/text.ts';
import { readValue } from '../../slack/values.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';
import type { ProfileInput } from '../../storage/profiles.ts';
import { LevelValue, offerTopicBlockId } from './values.ts';

/** Block ids of the supporter profile form; a topic's block is `offerTopicBlockId(id)` (values.ts). */
export const OFFER = { capacity: 'offer_capacity', away: 'offer_away' } as const;
/** A modal holds 100 blocks; topics past this are offered from the next save on. */
export const OFFER_TOPICS_SHOWN = 40;
export const MAX_CAPACITY = 50;

export interface OfferForm {
  capacity: string | undefined;
  awayUntil: string | undefined;
  /** Topic id to the chosen level's value ("1".."4"), for the topics that were picked. */
  levels: ReadonlyMap<number, string>;
}

/** The profile to store, or errors keyed by block id (shown under each field). */
export function checkOfferForm(
  f: OfferForm,
  today: string,
): { profile: ProfileInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let capacity: number | null = null;
  if (f.capacity !== undefined) {
    const n = Number(f.capacity);
    if (!Number.isInteger(n) || n < 0 || n > MAX_CAPACITY)
      errors[OFFER.capacity] =
        `Enter a whole number from 0 to ${MAX_CAPACITY}, or leave it empty for the programme's usual number.`;
    else capacity = n;
  }
  if (f.awayUntil !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(f.awayUntil) || f.awayUntil < today)) {
    errors[OFFER.away] = 'Pick a day from today on, or clear the date if you are available now.';
  }
  const topics: { topicId: number; level: FamiliarityLevel }[] = [];
  for (const [topicId, value] of f.levels) {
    const level = readValue(LevelValue, value);
    if (level) topics.push({ topicId, level });
    else errors[offerTopicBlockId(topicId)] = 'Pick a level from the list.';
  }
  if (Object.keys(errors).length) return { errors };
  return { profile: { capacity, awayUntil: f.awayUntil ?? null, topics } };
}

/** "Public speaking (4), Data (3) · up to 5 mentees · available": a profile in one line. */
export function profileSummary(
  p: { capacity: number | null; awayUntil: string | null; topics: { topicName: string; level: number }[] },
  defaultCapacity: number,
  today: string,
): string {
  const topics = p.topics.length ? p.topics.map((t) => `${t.topicName} (${t.level} of 4)`).join(', ') : 'no topics yet';
  const cap = p.capacity ?? defaultCapacity;
  const away =
    p.awayUntil && p.awayUntil >= today ? `away until ${shortDate(p.awayUntil, new Date(today))}` : 'available now';
  return `${topics} · up to ${cap} mentee${cap === 1 ? '' : 's'} · ${away}`;
}

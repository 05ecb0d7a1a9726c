import { z } from 'zod';
import { rowIdText } from '../../slack/values.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';

/** A topic's level select in the offer form: option values are the level, 1 (new to it) to 4 (can teach it). */
export const levelValue = (level: FamiliarityLevel): string => String(level);
export const LevelValue = z.enum(['1', '2', '3', '4']).transform((v) => Number(v) as FamiliarityLevel);

/** The block id of a topic's level select in the offer form names the topic: `offer_topic_<id>`. */
export const OFFER_TOPIC_PREFIX = 'offer_topic_';
export const offerTopicBlockId = (topicId: number): string => `${OFFER_TOPIC_PREFIX}${topicId}`;
/** A block id of the offer form read back as the topic it asks about (undefined for any other block). */
export const OfferTopicBlockId = z
  .string()
  .startsWith(OFFER_TOPIC_PREFIX)
  .transform((id) => id.slice(OFFER_TOPIC_PREFIX.length))
  .pipe(rowIdText);

import { can } from '../../policy/policy.ts';
import { readValue } from '../../slack/values.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';
import type { Mentorship } from '../../storage/rows.ts';
import { LevelOptionValue } from './values.ts';

export const FAMILIARITY_LABELS: Record<FamiliarityLevel, string> = {
  1: 'new to it',
  2: 'learning it',
  3: 'confident with it',
  4: 'can teach it',
};

export const familiarityText = (level: FamiliarityLevel): string => `${level} of 4 (${FAMILIARITY_LABELS[level]})`;

/** The familiarity level picked in the help form, or undefined for none (or one Lifering did not offer). */
export const parseLevel = (value: string | undefined): FamiliarityLevel | undefined =>
  readValue(LevelOptionValue, value);

/** Block ids of the assistance modal, used by the builder, the validator and the handler. */
export const ASSIST_BLOCKS = {
  topic: 'assist_topic',
  level: 'assist_level',
  request: 'assist_request',
  note: 'assist_note',
} as const;
export const REQUEST_OPTION = 'request';
export const NOTE_MAX = 1000;

export const NOTE_WITHOUT_TICK =
  'Your note only reaches your supporters with Request mentor assistance ticked. Tick it to send the note, or clear the note to save just your familiarity.';

export interface AssistInput {
  topicId: number | undefined;
  level: FamiliarityLevel | undefined;
  requested: boolean;
  note: string | undefined;
}

/** Inline errors for the assistance modal, keyed by block id; empty when it can be saved. */
export function assistErrors(i: AssistInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (i.level !== undefined && i.topicId === undefined)
    errors[ASSIST_BLOCKS.topic] = 'Pick the topic this familiarity level is for.';
  if (!i.requested && i.level === undefined) {
    if (i.topicId !== undefined)
      errors[ASSIST_BLOCKS.level] = 'Pick how familiar you are, or tick Request mentor assistance.';
    else
      errors[ASSIST_BLOCKS.request] =
        'Tick Request mentor assistance, or pick a topic and how familiar you are with it.';
  }
  if (i.note && i.note.length > NOTE_MAX) errors[ASSIST_BLOCKS.note] = `Keep the note under ${NOTE_MAX} characters.`;
  // The note is the message to supporters: without the tick nobody would read it, so it is refused, never dropped.
  else if (i.note?.trim() && !i.requested) errors[ASSIST_BLOCKS.note] = NOTE_WITHOUT_TICK;
  return errors;
}

/**
 * Who hears about an assistance request: the active supporters for that topic, or all the mentee's active
 * supporters when none is for it (or the request has no topic). Each person once.
 */
export function alertRecipients(active: readonly Mentorship[], topicId: number | null): string[] {
  const live = active.filter((m) => m.status === 'active');
  const forTopic = topicId === null ? [] : live.filter((m) => m.topicId === topicId);
  return [...new Set((forTopic.length ? forTopic : live).map((m) => m.supporterId))];
}

export interface ResolveFacts {
  viewerId: string;
  menteeId: string;
  isActiveSupporter: boolean;
  isAdmin: boolean;
}

/** The mentee, an active supporter of theirs, or an admin (who may close a request nobody answered). */
export const canResolve = (f: ResolveFacts): boolean =>
  can({ teamId: '', userId: f.viewerId, isAdmin: f.isAdmin }, 'assistance.resolve', {
    menteeId: f.menteeId,
    supporterIds: f.isActiveSupporter ? [f.viewerId] : [],
  });

export const RESOLVE_REFUSAL =
  'Only the person who asked for help, their supporters and Lifering admins can mark this resolved.';

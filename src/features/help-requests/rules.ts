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

/** Block ids of the familiarity form, used by the builder, the validator and the handler. */
export const ASSIST_BLOCKS = {
  topic: 'assist_topic',
  level: 'assist_level',
  request: 'assist_request',
  note: 'assist_note',
} as const;
export const REQUEST_OPTION = 'request';

/** Block ids of the ask form ("Ask Priya for help"): what it is about, when there is a choice, and the note. */
export const ASK_BLOCKS = { topic: 'ask_topic', note: 'ask_note' } as const;
export const NOTE_MAX = 1000;

export const NOTE_WITHOUT_TICK =
  'Your note only reaches your supporters with Request mentor assistance ticked. Tick it to send the note, or clear the note to save just your familiarity.';

export interface AssistInput {
  topicId: number | undefined;
  level: FamiliarityLevel | undefined;
  requested: boolean;
  note: string | undefined;
}

/** Inline errors for the familiarity form, keyed by block id; empty when it can be saved. */
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
 * Who hears about an help request: the active supporters for that topic, or all the mentee's active
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
  can({ teamId: '', userId: f.viewerId, isAdmin: f.isAdmin }, 'help.resolve', {
    menteeId: f.menteeId,
    supporterIds: f.isActiveSupporter ? [f.viewerId] : [],
  });

export const RESOLVE_REFUSAL =
  'Only the person who asked for help, their supporters and Lifering admins can mark this resolved.';

/** Slack's limit for a modal's title and for its submit button's label. */
export const MODAL_LABEL_MAX = 24;

/** "Priya", "Priya and Mei", "Priya, Mei and Kai": names as people say them. */
export function namesList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "Priya" for "Priya Natarajan"; a name whose first word is not a plain given name ("Dr. Lee") stays whole. */
const givenName = (name: string): string => {
  const first = name.trim().split(/\s+/)[0] ?? '';
  return /^\p{L}[\p{L}'’-]+$/u.test(first) ? first : name.trim();
};

/**
 * `lead` + names + `tail` within Slack's 24 characters, trying in turn: given names ("Priya and
 * Mei"); "&" for "and"; without `tail` when `short` allows ("Ask Priya and Jude"); one long name
 * cut with an ellipsis. Several names that still do not fit give `fallback`.
 */
function addressed(lead: string, names: readonly string[], tail: string, fallback: string, short = false): string {
  if (names.length === 0) return fallback;
  const given = names.map(givenName);
  const tries = [
    `${lead}${namesList(given)}${tail}`,
    `${lead}${given.join(' & ')}${tail}`,
    ...(short ? [`${lead}${namesList(given)}`, `${lead}${given.join(' & ')}`] : []),
  ];
  const found = tries.find((text) => text.length <= MODAL_LABEL_MAX);
  if (found) return found;
  const room = MODAL_LABEL_MAX - lead.length - tail.length;
  if (names.length > 1 || room < 4) return fallback;
  return `${lead}${given[0]!.slice(0, room - 1).trimEnd()}…${tail}`;
}

/** The ask form's title: "Ask Priya for help", "Ask Priya and Mei for help" when it fits, else "Ask for help". */
export const askTitle = (names: readonly string[]): string =>
  addressed('Ask ', names, ' for help', 'Ask for help', true);

/** The ask form's submit label: "Send to Priya", or "Send to your supporters" when the names do not fit. */
export const askSubmit = (names: readonly string[]): string =>
  addressed('Send to ', names, '', 'Send to your supporters');

/** One way the ask form can go: a topic of the mentee's mentorships (null: no topic) and who hears about it. */
export interface AskChoice {
  topicId: number | null;
  topicName: string | null;
  supporterIds: string[];
}

/**
 * What the mentee can ask about: one choice per topic of their active mentorships (null for the
 * ones with none), each with the supporters `alertRecipients` would tell. A choice that would
 * reach the same people as another of the same topic never appears twice.
 */
export function askChoices(active: readonly Mentorship[]): AskChoice[] {
  const seen = new Map<string, AskChoice>();
  for (const m of active.filter((x) => x.status === 'active')) {
    const key = String(m.topicId ?? '');
    if (seen.has(key)) continue;
    seen.set(key, { topicId: m.topicId, topicName: m.topicName, supporterIds: alertRecipients(active, m.topicId) });
  }
  // Topics first, by name; the no-topic choice (everyone) last.
  return [...seen.values()].sort((a, b) =>
    a.topicName === null ? 1 : b.topicName === null ? -1 : a.topicName.localeCompare(b.topicName),
  );
}

/** The ask form's note: required, and within the limit the input also enforces. */
export function askNoteProblem(note: string | undefined): string | undefined {
  if (!note) return 'Write a line about what you need help with.';
  if (note.length > NOTE_MAX) return `Keep the note under ${NOTE_MAX} characters.`;
  return undefined;
}

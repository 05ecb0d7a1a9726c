import { type Actor, can } from '../../policy/policy.ts';
import { afterWords } from '../../slack/mentions.ts';
import { inlineText, shortDate } from '../../slack/text.ts';
import type { Mentorship, SupporterKind, Topic } from '../../storage/rows.ts';
import { endedNotice } from './ended-notice.ts';

/** The words of `/mentor assign @supporter @mentee [topic] [as coach] [silently]` after the two mentions. */
export interface AssignWords {
  topicName: string | undefined;
  kind: SupporterKind;
  silently: boolean;
}

const KIND_WORDS: Record<string, SupporterKind> = {
  mentor: 'mentor',
  coach: 'coach',
  advisor: 'advisor',
  adviser: 'advisor',
  'on-demand advisor': 'on_demand_advisor',
  'on demand advisor': 'on_demand_advisor',
  'on-demand adviser': 'on_demand_advisor',
};

/**
 * Reads the optional trailing `silently` and `as <kind>` and treats what is left as a topic
 * name, so "Data analysis as coach" names the topic "Data analysis". An unknown kind after
 * `as` is an error rather than part of the topic, because that is nearly always a typo.
 */
export function parseAssignWords(words: readonly string[]): AssignWords | { error: string } {
  const rest = [...words];
  let silently = false;
  if (rest.at(-1)?.toLowerCase() === 'silently') {
    silently = true;
    rest.pop();
  }
  let kind: SupporterKind = 'mentor';
  const asAt = rest.findLastIndex((w) => w.toLowerCase() === 'as');
  if (asAt >= 0) {
    const said = rest
      .slice(asAt + 1)
      .join(' ')
      .toLowerCase();
    const found = KIND_WORDS[said];
    if (!found) {
      return {
        error: `I don't know the supporter kind \`${said || '(nothing)'}\`. Use \`as mentor\`, \`as coach\`, \`as advisor\` or \`as on-demand advisor\`.`,
      };
    }
    kind = found;
    rest.splice(asAt);
  }
  const topicName = rest.join(' ').trim();
  return { topicName: topicName || undefined, kind, silently };
}

/** The refusal for a topic that is unknown or archived, listing the ones that can be used. */
export function unknownTopicMessage(name: string, active: readonly Topic[], archived: boolean): string {
  const list = active.length
    ? `Topics you can use: ${active
        .slice(0, 30)
        .map((t) => `*${inlineText(t.name)}*`)
        .join(', ')}${active.length > 30 ? ` and ${active.length - 30} more` : ''}.`
    : 'There are no topics yet: an admin can add them with `/mentor topics`, or leave the topic out.';
  const shown = inlineText(name, 100);
  const lead = archived
    ? `The topic *${shown}* is archived, so it can't be used for new assignments.`
    : `I couldn't find a topic called *${shown}*.`;
  return `${lead} ${list}`;
}

/** Splits a request's words into a topic (the longest leading words that name one) and a note. */
export function splitTopicAndNote(
  words: readonly string[],
  topics: readonly Topic[],
  typed?: string,
): { topic: Topic | undefined; note: string | undefined } {
  const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  // With the typed text, the note keeps its spacing, line breaks and quotes.
  const after = (n: number) => (typed !== undefined ? afterWords(typed, n) : words.slice(n).join(' ').trim());
  for (let n = Math.min(words.length, 12); n > 0; n--) {
    const candidate = key(words.slice(0, n).join(' '));
    const topic = topics.find((t) => key(t.name) === candidate);
    if (topic) {
      const note = after(n);
      return { topic, note: note || undefined };
    }
  }
  const note = after(0);
  return { topic: undefined, note: note || undefined };
}

export interface SupporterLoad {
  active: number;
  overdue: number;
  openHelp: number;
}

/** True when the admin should think twice before adding another mentee to this supporter. */
export const isOverloaded = (load: SupporterLoad, max: number): boolean =>
  load.active >= max || load.overdue > 0 || load.openHelp > 0;

/** The private reason's limit; the form says so too, but a submission is checked, not trusted. */
export const END_REASON_MAX = 1000;

export function endReasonProblem(reason: string | null): string | undefined {
  return reason && reason.length > END_REASON_MAX
    ? `Keep the reason to ${END_REASON_MAX.toLocaleString('en')} characters; it has ${reason.length.toLocaleString('en')}.`
    : undefined;
}

/** Who may end a mentorship: an admin or either of its two people. */
/** Its supporter (pending too), its mentee, or an admin: the `mentorship.end` rule. */
export const mayEnd = (m: Pick<Mentorship, 'supporterId' | 'menteeId' | 'programmeId'>, actor: Actor): boolean =>
  can(actor, 'mentorship.end', {
    menteeId: m.menteeId,
    supporterIds: [m.supporterId],
    ...(typeof m.programmeId === 'number' ? { programmeId: m.programmeId } : {}),
  });

/**
 * Who hears that a mentorship ended: the people in it other than the one who ended it. The
 * mentee of a pending mentorship never heard of it, so is not told it ended.
 */
export function toldOfEnd(
  m: Pick<Mentorship, 'supporterId' | 'menteeId'>,
  wasStatus: Mentorship['status'],
  actorId: string,
): string[] {
  const parties = wasStatus === 'pending' ? [m.supporterId] : [m.supporterId, m.menteeId];
  return parties.filter((id) => id !== actorId);
}

/** Picks the one open mentorship a command means, or says there are none or several to choose from. */
export function pickOne(
  open: readonly Mentorship[],
): { one: Mentorship } | { none: true } | { several: readonly Mentorship[] } {
  if (open.length === 0) return { none: true };
  if (open.length === 1) return { one: open[0]! };
  return { several: open };
}

/** Why an Accept/Decline click changes nothing, or undefined when it may go ahead. */
export function offerClickProblem(m: Mentorship | undefined, userId: string, today: Date): string | undefined {
  if (!m) return "I couldn't find that assignment any more, so there's nothing to do.";
  if (m.supporterId !== userId)
    return `Only <@${m.supporterId}> can accept or decline this: the request was sent to them.`;
  const on = (iso: string | null) => (iso ? ` on ${shortDate(iso, today)}` : '');
  switch (m.status) {
    case 'active':
      return `You already accepted this${on(m.acceptedAt)}; nothing changed.`;
    case 'declined':
      return `You already declined this${on(m.declinedAt)}; nothing changed.`;
    case 'ended':
      return endedNotice(m, userId, today);
    default:
      return undefined;
  }
}

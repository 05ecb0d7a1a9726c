import { shortDate } from '../../slack/text.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';

/*
 * Ranking supporters for a mentee: a pure function from plain facts to a score and the reasons in
 * plain words, so the admin sees why someone is suggested and the table tests pin each rule.
 */

export interface CandidateFacts {
  supporterId: string;
  /** Topic id to the level the supporter offers it at (1 new to it .. 4 can teach it). */
  topics: ReadonlyMap<number, FamiliarityLevel>;
  /** How many mentees they said they can take (the programme default when they did not say). */
  capacity: number;
  /** Pending and active mentorships now. */
  load: number;
  /** YYYY-MM-DD, away up to and including this day; null when available. */
  awayUntil: string | null;
  /** Minutes east of UTC today, null when unknown. */
  utcOffsetMinutes: number | null;
  /** Topics (null: no topic) of their open mentorships with this mentee. */
  openWithMentee: readonly (number | null)[];
}

export interface Need {
  menteeId: string;
  topicId: number | null;
  topicName: string | null;
  /** The mentee's own familiarity with the topic, when they said. */
  menteeLevel: FamiliarityLevel | undefined;
  utcOffsetMinutes: number | null;
  /** YYYY-MM-DD today, to compare with away dates. */
  today: string;
}

export interface Suggestion {
  supporterId: string;
  score: number;
  reasons: string[];
}

/** What a supporter's level in a topic says about them, before the topic's name. */
const LEVEL_WORDS: Record<FamiliarityLevel, string> = {
  1: 'new to',
  2: 'learning',
  3: 'confident in',
  4: 'teaches',
};

/**
 * How well one supporter fits, or undefined when they cannot be suggested at all (the mentee
 * themselves, or already supporting them on this topic). Weights, strongest first: away, full,
 * topic knowledge (more when they know it better than the mentee), room, time zone.
 *
 * The reasons read as one line after the name ("teaches Public speaking · 1 of 4 places taken ·
 * 2 h apart") and say only what tells candidates apart: being available and not yet supporting
 * this mentee is every ordinary candidate, so only the opposite is said.
 */
export function scoreCandidate(c: CandidateFacts, need: Need): Suggestion | undefined {
  if (c.supporterId === need.menteeId) return undefined;
  if (c.openWithMentee.includes(need.topicId)) return undefined;
  let score = 0;
  const reasons: string[] = [];
  const topic = need.topicName ?? 'the topic';

  if (need.topicId !== null) {
    const level = c.topics.get(need.topicId);
    if (level === undefined) {
      score -= 30;
      reasons.push(`does not offer ${topic}`);
    } else {
      score += level * 10;
      const gap = need.menteeLevel === undefined ? 0 : level - need.menteeLevel;
      if (need.menteeLevel !== undefined && gap <= 0) {
        score -= 20;
        reasons.push(`${LEVEL_WORDS[level]} ${topic}, no further along than the mentee`);
      } else {
        score += gap * 5;
        reasons.push(`${LEVEL_WORDS[level]} ${topic}`);
      }
    }
  } else if (c.topics.size > 0) {
    reasons.push(`offers ${c.topics.size} topic${c.topics.size === 1 ? '' : 's'}`);
  }

  const room = c.capacity - c.load;
  const taken = `${c.load} of ${c.capacity} place${c.capacity === 1 ? '' : 's'} taken`;
  if (room <= 0) {
    score -= 50;
    reasons.push(`full: ${taken}`);
  } else {
    score += Math.round((20 * room) / Math.max(1, c.capacity));
    reasons.push(taken);
  }

  if (c.utcOffsetMinutes !== null && need.utcOffsetMinutes !== null) {
    const hours = Math.abs(c.utcOffsetMinutes - need.utcOffsetMinutes) / 60;
    if (hours === 0) {
      score += 10;
      reasons.push('same time zone');
    } else {
      if (hours <= 3) score += 5;
      else if (hours >= 8) score -= 5;
      reasons.push(`${hours} h apart`);
    }
  }

  if (c.openWithMentee.length > 0) {
    score -= 5;
    reasons.push('already supports them in another topic');
  }

  if (c.awayUntil !== null && c.awayUntil >= need.today) {
    score -= 100;
    reasons.push(`away until ${shortDate(c.awayUntil, new Date(need.today))}`);
  }
  return { supporterId: c.supporterId, score, reasons };
}

/** The best `limit` candidates, best first; ties go to the one with fewer mentees, then by id. */
export function rankCandidates(candidates: readonly CandidateFacts[], need: Need, limit = 3): Suggestion[] {
  const load = new Map(candidates.map((c) => [c.supporterId, c.load]));
  return candidates
    .map((c) => scoreCandidate(c, need))
    .filter((s): s is Suggestion => s !== undefined)
    .sort(
      (a, b) =>
        b.score - a.score ||
        load.get(a.supporterId)! - load.get(b.supporterId)! ||
        a.supporterId.localeCompare(b.supporterId),
    )
    .slice(0, limit);
}

/** Minutes east of UTC for an IANA zone at an instant; null for an unknown or missing zone. */
export function utcOffsetMinutes(tz: string | null, at: Date): number | null {
  if (!tz) return null;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(at);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    if (!m) return name === 'GMT' ? 0 : null;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  } catch {
    return null;
  }
}

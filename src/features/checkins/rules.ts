import { localClock } from '../../calendar/dates.ts';
import { readValue } from '../../slack/values.ts';
import type { Checkin, PersonSettings } from '../../storage/checkins.ts';
import { CheckinScoreValue } from './values.ts';

/*
 * How gently Lifering asks and nudges. Pure: the sweep and the listeners pass in the facts.
 * - A check-in question goes out at most once a week per person, and only in their daytime.
 * - "Fewer messages" caps every nudge (supporters' reminders, the admins' digest, questions) at
 *   one a week per person; what is held back is merged into the next one, never lost.
 */
export const QUESTION_GAP_DAYS = 7;
export const FEWER_GAP_DAYS = 7;
/** A question still not asked after this long is dropped: "how was it?" a month later helps nobody. */
export const CHECKIN_EXPIRES_DAYS = 21;
/** Daytime on the person's own clock, any day of the week: 09:00 to 20:00. */
export const DAY_STARTS = 9;
export const DAY_ENDS = 20;

const DAY_MS = 86_400_000;
const within = (at: string | null, now: Date, days: number): boolean =>
  at !== null && now.getTime() - Date.parse(at) < days * DAY_MS;

export function isDaytime(now: Date, tz: string | null | undefined): boolean {
  const { hour } = localClock(now, tz);
  return hour >= DAY_STARTS && hour < DAY_ENDS;
}

/** Whether any nudge may go to this person now (the "fewer messages" cap). */
export function mayNudge(s: PersonSettings, now: Date): boolean {
  return !(s.fewerMessages && within(s.lastNudgeAt, now, FEWER_GAP_DAYS));
}

/** Whether a check-in question may be asked now. */
export function mayAsk(s: PersonSettings, now: Date, tz: string | null | undefined): boolean {
  return isDaytime(now, tz) && !within(s.lastQuestionAt, now, QUESTION_GAP_DAYS) && mayNudge(s, now);
}

/**
 * Of one person's waiting questions, the one to ask next and the ones to drop: expired ones, and
 * older meeting check-ins once a newer one is asked (one question about the latest meeting is
 * enough). A close-out comes before a meeting check-in; it is asked once, when it ends.
 */
export function pickQuestion(waiting: readonly Checkin[], now: Date): { ask: Checkin | undefined; drop: Checkin[] } {
  const drop = waiting.filter((c) => !within(c.queuedAt, now, CHECKIN_EXPIRES_DAYS));
  const live = waiting.filter((c) => !drop.includes(c));
  const byAge = [...live].sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id - b.id);
  const closeout = byAge.find((c) => c.kind === 'closeout');
  const meetings = byAge.filter((c) => c.kind === 'meeting');
  if (closeout) {
    // The mentorship's close-out supersedes its own meeting check-ins.
    return { ask: closeout, drop: [...drop, ...meetings.filter((m) => m.mentorshipId === closeout.mentorshipId)] };
  }
  const newest = meetings.at(-1);
  return { ask: newest, drop: [...drop, ...meetings.slice(0, -1)] };
}

/** What admins are told at once: every comment, and low scores; the rest shows in the report's trends. */
export const tellAdmins = (c: { score: number | null; comment: string | null }): boolean =>
  Boolean(c.comment) || (c.score !== null && c.score <= 2);

export const COMMENT_MAX = 1000;

/** The check-in and score in a score button's value, or undefined when it is not one Lifering wrote. */
export const parseScoreValue = (value: string | undefined): { id: number; score: number } | undefined =>
  readValue(CheckinScoreValue, value);

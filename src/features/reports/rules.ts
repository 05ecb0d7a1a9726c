import { isDay } from '../../programme/dates.ts';
import { REPORT_FIELDS } from '../../slack/ids.ts';
import { shortDate } from '../../slack/text.ts';
import type { GoalRef, MeetingFormat, ReportChanges } from '../../storage/reports.ts';

export const FORMATS: Record<MeetingFormat, string> = {
  in_person: 'In person',
  call: 'Phone call',
  video: 'Video call',
  chat: 'Chat',
};
export const PROGRESS: Record<number, string> = {
  1: 'Off track',
  2: 'Behind',
  3: 'On track',
  4: 'Good progress',
  5: 'Ahead',
};
export const MIN_MINUTES = 5;
export const MAX_MINUTES = 480;
export const MAX_TEXT = 3000;
export const MAX_TASKS = 20;
export const MAX_TASK_LENGTH = 150;

/** What the modal sent, as text (undefined when left empty). */
export interface ReportInput {
  mentorshipId?: string | undefined;
  metOn?: string | undefined;
  duration?: string | undefined;
  format?: string | undefined;
  summary?: string | undefined;
  progress?: string | undefined;
  goalIds: string[];
  tasks?: string | undefined;
  nextMeeting?: string | undefined;
  privateNote?: string | undefined;
}

export interface ValidReport {
  mentorshipId: number;
  metOn: string;
  durationMinutes: number;
  format: MeetingFormat;
  summary: string;
  progress: number;
  goalIds: number[];
  tasks: string[];
  nextMeetingOn: string | null;
  privateNote: string | null;
}

export type Validation = { ok: true; report: ValidReport } | { ok: false; errors: Record<string, string> };

/**
 * Checks every field of a meeting report and says, per field, what to change. `today` is the
 * supporter's local day; `mentorshipIds` the mentorships they may report on with this mentee.
 */
export interface ReportContext {
  today: string;
  mentorshipIds: readonly number[];
  openGoalIds: ReadonlySet<number>;
  /** The local day each mentorship began (accepted): no meeting of it can be earlier. */
  startedOn?: Readonly<Record<number, string>>;
  /** The next meeting an edited report already had: kept as it was, even once it has passed. */
  previousNext?: string | null;
}

export function validateReport(input: ReportInput, ctx: ReportContext): Validation {
  const errors: Record<string, string> = {};
  const F = REPORT_FIELDS;

  const mentorshipId = ctx.mentorshipIds.length === 1 ? ctx.mentorshipIds[0]! : Number(input.mentorshipId);
  if (!ctx.mentorshipIds.includes(mentorshipId)) errors[F.mentorship] = 'Choose which topic this meeting was about.';

  const metOn = input.metOn ?? '';
  if (!isDay(metOn)) errors[F.metOn] = 'Pick the date you met.';
  else if (metOn > ctx.today)
    errors[F.metOn] = "The meeting date can't be in the future: pick the day you met, today or earlier.";
  else if (ctx.startedOn?.[mentorshipId] && metOn < ctx.startedOn[mentorshipId]!) {
    errors[F.metOn] =
      `That is before this mentorship began (${shortDate(ctx.startedOn[mentorshipId]!, new Date(`${ctx.today}T12:00:00Z`))}): pick the day you met, on or after it.`;
  }

  const raw = input.duration?.trim() ?? '';
  const minutes = Number(raw);
  if (raw === '') errors[F.duration] = `Enter how long you met, in minutes (${MIN_MINUTES} to ${MAX_MINUTES}).`;
  else if (!/^\d+$/.test(raw) || !Number.isInteger(minutes))
    errors[F.duration] = 'Enter the length as a whole number of minutes, like 45.';
  else if (minutes < MIN_MINUTES || minutes > MAX_MINUTES)
    errors[F.duration] = `Enter a length from ${MIN_MINUTES} to ${MAX_MINUTES} minutes (8 hours).`;

  const format = input.format as MeetingFormat | undefined;
  if (!format || !(format in FORMATS)) errors[F.format] = 'Choose how you met.';

  const summary = input.summary?.trim() ?? '';
  if (summary === '') errors[F.summary] = 'Write a short summary of what you talked about.';
  else if (summary.length > MAX_TEXT)
    errors[F.summary] =
      `Keep the summary to ${MAX_TEXT.toLocaleString('en')} characters; it has ${summary.length.toLocaleString('en')}.`;

  const progress = Number(input.progress);
  if (!Number.isInteger(progress) || !(progress in PROGRESS))
    errors[F.progress] = 'Choose how it is going, from 1 (off track) to 5 (ahead).';

  const goalIds = input.goalIds.map(Number);
  if (goalIds.some((id) => !ctx.openGoalIds.has(id)))
    errors[F.goals] = 'One of those goals is no longer open. Pick again from the list.';

  const tasks = (input.tasks ?? '')
    .split('\n')
    .map((line) => line.replace(/^\s*[-*•]\s*/, '').trim())
    .filter(Boolean);
  const long = tasks.findIndex((t) => t.length > MAX_TASK_LENGTH);
  if (tasks.length > MAX_TASKS)
    errors[F.tasks] = `Suggest up to ${MAX_TASKS} tasks at a time; there are ${tasks.length}.`;
  else if (long >= 0)
    errors[F.tasks] = `Keep each task to ${MAX_TASK_LENGTH} characters; task ${long + 1} has ${tasks[long]!.length}.`;

  const next = input.nextMeeting;
  if (next !== undefined && !isDay(next))
    errors[F.nextMeeting] = 'Pick a date for the next meeting, or leave it empty.';
  else if (next !== undefined && isDay(metOn) && next < metOn)
    errors[F.nextMeeting] = 'The next meeting should be on or after the one you are reporting.';
  else if (next !== undefined && next < ctx.today && next !== ctx.previousNext) {
    errors[F.nextMeeting] =
      'That date has already passed: pick the day you will meet next (today or later), or leave it empty.';
  }

  const note = input.privateNote?.trim() ?? '';
  if (note.length > MAX_TEXT)
    errors[F.privateNote] =
      `Keep the private note to ${MAX_TEXT.toLocaleString('en')} characters; it has ${note.length.toLocaleString('en')}.`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    report: {
      mentorshipId,
      metOn,
      durationMinutes: minutes,
      format: format!,
      summary,
      progress,
      goalIds,
      tasks,
      nextMeetingOn: next ?? null,
      privateNote: note || null,
    },
  };
}

/** DESIGN.md: a meeting report is immutable once filed, except by its author within 24 hours. */
export const EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Reports filed after this instant (strictly) may still be edited at `now`; storage guards on the same value. */
export const editableSince = (now: Date): string => new Date(now.getTime() - EDIT_WINDOW_MS).toISOString();

export const withinEditWindow = (createdAt: string, now: Date): boolean =>
  Date.parse(createdAt) > now.getTime() - EDIT_WINDOW_MS;

export type EditRefusal = 'not-author' | 'too-late' | 'ended';

/** Why this person may not edit this report now, or undefined when they may. */
export function editRefusal(
  report: { authorId: string; createdAt: string },
  userId: string,
  now: Date,
  mentorshipActive: boolean,
): EditRefusal | undefined {
  if (report.authorId !== userId) return 'not-author';
  if (!withinEditWindow(report.createdAt, now)) return 'too-late';
  if (!mentorshipActive) return 'ended';
  return undefined;
}

/** Which fields an edit changes, by name (the audit keeps names, never the text). */
export function changedFields(before: ReportChanges, after: ReportChanges): (keyof ReportChanges)[] {
  const keys: (keyof ReportChanges)[] = [
    'metOn',
    'durationMinutes',
    'format',
    'summary',
    'progress',
    'goalsDiscussed',
    'nextMeetingOn',
    'privateNote',
  ];
  const ids = (goals: GoalRef[]) =>
    goals
      .map((g) => g.id)
      .sort((a, b) => a - b)
      .join(',');
  return keys.filter((k) =>
    k === 'goalsDiscussed' ? ids(before.goalsDiscussed) !== ids(after.goalsDiscussed) : before[k] !== after[k],
  );
}

/** The goals an edit may pick: the mentee's open goals, plus those the report already names even if closed since. */
export function editableGoals(open: readonly GoalRef[], discussed: readonly GoalRef[]): GoalRef[] {
  const ids = new Set(open.map((g) => g.id));
  return [...open, ...discussed.filter((g) => !ids.has(g.id))];
}

import { isDay } from '../../calendar/dates.ts';
import { REPORT_FIELDS } from '../../slack/ids.ts';
import { shortDate } from '../../slack/text.ts';
import { readValue } from '../../slack/values.ts';
import type { GoalRef, MeetingFormat, ReportChanges } from '../../storage/reports.ts';
import { FormatOptionValue, GoalOptionValue, MentorshipOptionValue, ProgressOptionValue } from './values.ts';

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
  /** Optional on the form (issue 23): null when left empty. */
  durationMinutes: number | null;
  format: MeetingFormat | null;
  summary: string;
  progress: number;
  goalIds: number[];
  tasks: string[];
  nextMeetingOn: string | null;
  privateNote: string | null;
}

export type Validation = { ok: true; report: ValidReport } | { ok: false; errors: Record<string, string> };

/** What a report is checked against, beside the form itself. */
export interface ReportContext {
  today: string;
  mentorshipIds: readonly number[];
  openGoalIds: ReadonlySet<number>;
  /** The local day each mentorship began (accepted): no meeting of it can be earlier. */
  startedOn?: Readonly<Record<number, string>>;
  /** The next meeting an edited report already had: kept as it was, even once it has passed. */
  previousNext?: string | null;
}

const F = REPORT_FIELDS;
const thousands = (n: number) => n.toLocaleString('en');

function metOnProblem(metOn: string, mentorshipId: number, ctx: ReportContext): string | undefined {
  const began = ctx.startedOn?.[mentorshipId];
  if (!isDay(metOn)) return 'Pick the date you met.';
  if (metOn > ctx.today) return "The meeting date can't be in the future: pick the day you met, today or earlier.";
  if (began && metOn < began)
    return `That is before this mentorship began (${shortDate(began, new Date(`${ctx.today}T12:00:00Z`))}): pick the day you met, on or after it.`;
  return undefined;
}

/** The length may be left empty; when given it is whole minutes in range. */
function durationProblem(raw: string): string | undefined {
  const minutes = Number(raw);
  if (raw === '') return undefined;
  if (!/^\d+$/.test(raw) || !Number.isInteger(minutes))
    return 'Enter the length as a whole number of minutes, like 45, or leave it empty.';
  if (minutes < MIN_MINUTES || minutes > MAX_MINUTES)
    return `Enter a length from ${MIN_MINUTES} to ${MAX_MINUTES} minutes (8 hours), or leave it empty.`;
  return undefined;
}

function summaryProblem(summary: string): string | undefined {
  if (summary === '') return 'Write a short summary of what you talked about.';
  if (summary.length > MAX_TEXT)
    return `Keep the summary to ${thousands(MAX_TEXT)} characters; it has ${thousands(summary.length)}.`;
  return undefined;
}

/** Suggested tasks, one a line, list markers dropped. */
const taskLines = (text: string | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((line) => line.replace(/^\s*[-*•]\s*/, '').trim())
    .filter(Boolean);

function tasksProblem(tasks: readonly string[]): string | undefined {
  const long = tasks.findIndex((t) => t.length > MAX_TASK_LENGTH);
  if (tasks.length > MAX_TASKS) return `Suggest up to ${MAX_TASKS} tasks at a time; there are ${tasks.length}.`;
  if (long >= 0) return `Keep each task to ${MAX_TASK_LENGTH} characters; task ${long + 1} has ${tasks[long]!.length}.`;
  return undefined;
}

function nextMeetingProblem(next: string | undefined, metOn: string, ctx: ReportContext): string | undefined {
  if (next === undefined) return undefined;
  if (!isDay(next)) return 'Pick a date for the next meeting, or leave it empty.';
  if (isDay(metOn) && next < metOn) return 'The next meeting should be on or after the one you are reporting.';
  if (next < ctx.today && next !== ctx.previousNext)
    return 'That date has already passed: pick the day you will meet next (today or later), or leave it empty.';
  return undefined;
}

const noteProblem = (note: string): string | undefined =>
  note.length > MAX_TEXT
    ? `Keep the private note to ${thousands(MAX_TEXT)} characters; it has ${thousands(note.length)}.`
    : undefined;

/**
 * Checks every field of a meeting report and says, per field, what to change. `today` is the
 * supporter's local day; `mentorshipIds` the mentorships they may report on with this mentee.
 */
export function validateReport(input: ReportInput, ctx: ReportContext): Validation {
  const mentorshipId =
    ctx.mentorshipIds.length === 1
      ? ctx.mentorshipIds[0]!
      : (readValue(MentorshipOptionValue, input.mentorshipId) ?? 0);
  const metOn = input.metOn ?? '';
  const duration = input.duration?.trim() ?? '';
  // Left empty it is null; a value that is none of the options Lifering wrote is a problem.
  const format = input.format === undefined ? null : readValue(FormatOptionValue, input.format);
  const summary = input.summary?.trim() ?? '';
  const progress = readValue(ProgressOptionValue, input.progress);
  // A goal id that is not one Lifering wrote reads as 0, which is never an open goal.
  const goalIds = input.goalIds.map((v) => readValue(GoalOptionValue, v) ?? 0);
  const tasks = taskLines(input.tasks);
  const next = input.nextMeeting;
  const note = input.privateNote?.trim() ?? '';
  const problems: [string, string | undefined][] = [
    [F.mentorship, ctx.mentorshipIds.includes(mentorshipId) ? undefined : 'Choose which topic this meeting was about.'],
    [F.metOn, metOnProblem(metOn, mentorshipId, ctx)],
    [F.duration, durationProblem(duration)],
    [F.format, format === undefined ? 'Choose how you met from the list, or leave it empty.' : undefined],
    [F.summary, summaryProblem(summary)],
    [F.progress, progress ? undefined : 'Choose how it is going, from 1 (off track) to 5 (ahead).'],
    [
      F.goals,
      goalIds.some((id) => !ctx.openGoalIds.has(id))
        ? 'One of those goals is no longer open. Pick again from the list.'
        : undefined,
    ],
    [F.tasks, tasksProblem(tasks)],
    [F.nextMeeting, nextMeetingProblem(next, metOn, ctx)],
    [F.privateNote, noteProblem(note)],
  ];
  const errors: Record<string, string> = {};
  for (const [field, problem] of problems) if (problem) errors[field] = problem;
  if (Object.keys(errors).length > 0 || format === undefined || !progress) return { ok: false, errors };
  return {
    ok: true,
    report: {
      mentorshipId,
      metOn,
      durationMinutes: duration === '' ? null : Number(duration),
      format,
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
  // An ending is the bigger news: a click on an old DM says the mentorship ended, not that time ran out.
  if (!mentorshipActive) return 'ended';
  if (!withinEditWindow(report.createdAt, now)) return 'too-late';
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

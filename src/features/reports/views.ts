import type { KnownBlock, ModalView } from '@slack/types';
import { actions, button, context, input, type Message, modal, option, plain, section } from '../../slack/blocks.ts';
import { ACTIONS, REPORT_FIELDS as F } from '../../slack/ids.ts';
import { inlineText, shortDate, user } from '../../slack/text.ts';
import type { GoalRef, MeetingFormat, MeetingReport } from '../../storage/reports.ts';
import { openProgressValue } from '../progress/values.ts';
import { type EditRefusal, FORMATS, MAX_MINUTES, MAX_TEXT, MIN_MINUTES, PROGRESS } from './rules.ts';
import {
  editReportValue,
  formatOptionValue,
  goalOptionValue,
  mentorshipOptionValue,
  type ProgressPageRef,
  progressOptionValue,
  reportModalMeta,
} from './values.ts';

export interface ReportTarget {
  menteeId: string;
  /** The active mentorships the author has with this mentee (several when topics differ). */
  mentorships: { id: number; topicName: string | null }[];
  /** The progress page the form was opened from, redrawn once the report is saved. */
  progress?: ProgressPageRef;
}

/** What an edit form starts from: the report as its author reads it (private note included). */
export type ReportPrefill = Pick<
  MeetingReport,
  | 'id'
  | 'metOn'
  | 'durationMinutes'
  | 'format'
  | 'summary'
  | 'progress'
  | 'goalsDiscussed'
  | 'nextMeetingOn'
  | 'privateNote'
  | 'updatedAt'
>;

const MAX_SELECT_OPTIONS = 100;

/** Which mentorship the meeting was about, asked only when the author has several with this mentee. */
const mentorshipInput = (target: ReportTarget): KnownBlock =>
  input(F.mentorship, 'Topic', {
    type: 'static_select',
    action_id: F.mentorship,
    placeholder: plain('Which mentorship was this?'),
    options: target.mentorships
      .slice(0, MAX_SELECT_OPTIONS)
      .map((m) => option(m.topicName ?? 'No topic', mentorshipOptionValue(m.id))),
  });

const progressOption = (score: number) => option(`${score} ${PROGRESS[score]}`, progressOptionValue(score));
const formatOption = (format: MeetingFormat) => option(FORMATS[format], formatOptionValue(format));

/**
 * The meeting itself: when, how long, how, what was said and how it is going. Only the date, the
 * summary and how it is going are required (issue 23): a short report stays short.
 */
function meetingInputs(today: string, r?: ReportPrefill): KnownBlock[] {
  return [
    input(F.metOn, 'Date of meeting', { type: 'datepicker', action_id: F.metOn, initial_date: r?.metOn ?? today }),
    input(
      F.duration,
      'Length (minutes)',
      {
        type: 'number_input',
        action_id: F.duration,
        is_decimal_allowed: false,
        min_value: String(MIN_MINUTES),
        max_value: String(MAX_MINUTES),
        ...(r?.durationMinutes != null ? { initial_value: String(r.durationMinutes) } : {}),
      },
      { optional: true, hint: `From ${MIN_MINUTES} to ${MAX_MINUTES} minutes.` },
    ),
    input(
      F.format,
      'How you met',
      {
        type: 'static_select',
        action_id: F.format,
        placeholder: plain('Choose one'),
        options: (Object.keys(FORMATS) as MeetingFormat[]).map(formatOption),
        ...(r?.format ? { initial_option: formatOption(r.format) } : {}),
      },
      { optional: true },
    ),
    input(F.summary, 'Summary', {
      type: 'plain_text_input',
      action_id: F.summary,
      multiline: true,
      max_length: MAX_TEXT,
      placeholder: plain('What did you talk about? What is next?'),
      ...(r ? { initial_value: r.summary } : {}),
    }),
    input(F.progress, 'How is it going?', {
      type: 'radio_buttons',
      action_id: F.progress,
      options: Object.keys(PROGRESS).map((score) => progressOption(Number(score))),
      ...(r ? { initial_option: progressOption(r.progress) } : {}),
    }),
  ];
}

/** The mentee's goals to pick from, those the report already names chosen; none when there are no goals. */
function goalsInput(goals: readonly GoalRef[], r?: ReportPrefill): KnownBlock[] {
  const goalOptions = goals.slice(0, MAX_SELECT_OPTIONS).map((g) => option(g.title, goalOptionValue(g.id)));
  if (goalOptions.length === 0) return [];
  const discussed = new Set(r?.goalsDiscussed.map((g) => goalOptionValue(g.id)));
  const goalsChosen = goalOptions.filter((o) => discussed.has(o.value!));
  return [
    input(
      F.goals,
      'Goals you discussed',
      {
        type: 'multi_static_select',
        action_id: F.goals,
        placeholder: plain('Pick goals'),
        options: goalOptions,
        ...(goalsChosen.length ? { initial_options: goalsChosen } : {}),
      },
      { optional: true },
    ),
  ];
}

const tasksInput = (): KnownBlock =>
  input(
    F.tasks,
    'Suggested tasks (one per line)',
    { type: 'plain_text_input', action_id: F.tasks, multiline: true, max_length: 3000 },
    { optional: true, hint: "Each line becomes a task on your mentee's list, marked as suggested by you." },
  );

/** What comes after the meeting: the next one, and a note only admins read. */
function followUpInputs(r?: ReportPrefill): KnownBlock[] {
  return [
    input(
      F.nextMeeting,
      'Next meeting',
      { type: 'datepicker', action_id: F.nextMeeting, ...(r?.nextMeetingOn ? { initial_date: r.nextMeetingOn } : {}) },
      { optional: true },
    ),
    input(
      F.privateNote,
      'Private note for admins',
      {
        type: 'plain_text_input',
        action_id: F.privateNote,
        multiline: true,
        max_length: MAX_TEXT,
        ...(r?.privateNote ? { initial_value: r.privateNote } : {}),
      },
      { optional: true, hint: 'Only you and Lifering admins can read this. It is never shown to the mentee.' },
    ),
  ];
}

/**
 * UX.md "Meeting report modal": fields in the agreed order, goals only when the mentee has open
 * ones. With `edit`, the same form prefilled with that report, marked as an edit of it in the
 * callback id and metadata, and without suggested tasks (those already sit on the mentee's list,
 * so an edit never adds them twice).
 */
export function reportModal(
  target: ReportTarget,
  goals: readonly GoalRef[],
  today: string,
  edit?: { report: ReportPrefill; progress?: ProgressPageRef },
): ModalView {
  const r = edit?.report;
  const only = target.mentorships.length === 1 ? target.mentorships[0] : undefined;
  const topic = only?.topicName ? ` · ${inlineText(only.topicName)}` : '';
  const blocks: KnownBlock[] = [
    section(`*Mentee:* ${user(target.menteeId)}${topic}`),
    ...(r
      ? [context('You are changing the meeting report you filed. You can do so for 24 hours after filing it.')]
      : []),
    ...(only ? [] : [mentorshipInput(target)]),
    ...meetingInputs(today, r),
    ...goalsInput(goals, r),
    ...(r ? [] : [tasksInput()]),
    ...followUpInputs(r),
  ];
  const progress = edit?.progress ?? target.progress;
  return modal({
    callbackId: r ? ACTIONS.submitReportEdit : ACTIONS.submitReport,
    title: 'Meeting report',
    submit: r ? 'Save changes' : 'Save report',
    blocks,
    privateMetadata: reportModalMeta({
      menteeId: target.menteeId,
      mentorshipIds: target.mentorships.map((m) => m.id),
      ...(r ? { reportId: r.id, seenUpdatedAt: r.updatedAt } : {}),
      ...(progress ? { progress } : {}),
    }),
  });
}

/** Opened instead of the form when this person cannot file the report (clicked from an old DM or Home). */
export const cannotReportModal = (why: string): ModalView =>
  modal({ callbackId: 'report.refused', title: 'Meeting report', close: 'Close', blocks: [section(why)] });

/** The mentee's DM: a report exists, who wrote it, and where to look. Never the private note. */
export function reportAddedDm(
  supporterId: string,
  metOn: string,
  suggestedTasks: number,
  menteeId: string,
  today: Date,
): Message {
  const tasks =
    suggestedTasks > 0 ? ` They suggested ${suggestedTasks === 1 ? 'a task' : `${suggestedTasks} tasks`} for you.` : '';
  const text = `:memo: ${user(supporterId)} added a meeting report for your meeting on ${shortDate(metOn, today)}.${tasks}`;
  return {
    text,
    blocks: [
      section(text),
      actions([button('Open progress page', ACTIONS.openProgress, openProgressValue(menteeId))]),
      context('Your progress page shows your goals, tasks and meeting reports.'),
    ],
  };
}

/** The author's confirmation, with the way back in for the next 24 hours. */
export function reportSavedDm(menteeId: string, metOn: string, reportId: number, today: Date, edited = false): Message {
  const text = `:white_check_mark: Your meeting report for ${user(menteeId)} (meeting on ${shortDate(metOn, today)}) is ${edited ? 'saved with your changes' : 'saved'}.`;
  return {
    text,
    blocks: [
      section(text),
      actions([
        button('Edit report', ACTIONS.editReport, editReportValue(reportId)),
        button('Open progress page', ACTIONS.openProgress, openProgressValue(menteeId)),
      ]),
      context('You can change this report for 24 hours after filing it.'),
    ],
  };
}

/** Why an Edit report click or an edit submission changed nothing, and what to do instead. */
export function editRefusalText(why: EditRefusal | 'missing' | 'stale', menteeId?: string): string {
  switch (why) {
    case 'not-author':
      return 'Only the supporter who filed a meeting report can change it.';
    case 'too-late':
      return 'A meeting report can be changed for 24 hours after it was filed, and that time has passed for this one.';
    case 'ended':
      return `Your mentorship${menteeId ? ` with ${user(menteeId)}` : ''} has ended, so this meeting report can no longer be changed.`;
    case 'stale':
      return 'This meeting report was changed after you opened this form. Close it and press Edit report again to start from the latest version.';
    case 'missing':
      return "I couldn't find that meeting report. Your Home tab shows the mentees you support now.";
  }
}

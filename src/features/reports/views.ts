import type { KnownBlock, ModalView } from '@slack/types';
import { actions, button, context, input, type Message, modal, option, plain, section } from '../../slack/blocks.ts';
import { ACTIONS, REPORT_FIELDS as F } from '../../slack/ids.ts';
import { escapeMrkdwn, shortDate, user } from '../../slack/text.ts';
import type { GoalRef } from '../../storage/reports.ts';
import { FORMATS, MAX_MINUTES, MAX_TEXT, MIN_MINUTES, PROGRESS } from './rules.ts';

export interface ReportTarget {
  menteeId: string;
  /** The active mentorships the author has with this mentee (several when topics differ). */
  mentorships: { id: number; topicName: string | null }[];
}

export interface ReportMetadata {
  menteeId: string;
  mentorshipIds: number[];
}

const MAX_SELECT_OPTIONS = 100;

/** UX.md "Meeting report modal": fields in the agreed order, goals only when the mentee has open ones. */
export function reportModal(target: ReportTarget, goals: readonly GoalRef[], today: string): ModalView {
  const only = target.mentorships.length === 1 ? target.mentorships[0] : undefined;
  const topic = only?.topicName ? ` · ${escapeMrkdwn(only.topicName)}` : '';
  const blocks: KnownBlock[] = [section(`*Mentee:* ${user(target.menteeId)}${topic}`)];
  if (!only) {
    blocks.push(
      input(F.mentorship, 'Topic', {
        type: 'static_select',
        action_id: F.mentorship,
        placeholder: plain('Which mentorship was this?'),
        options: target.mentorships.slice(0, MAX_SELECT_OPTIONS).map((m) => option(m.topicName ?? 'No topic', String(m.id))),
      }),
    );
  }
  blocks.push(
    input(F.metOn, 'Date of meeting', { type: 'datepicker', action_id: F.metOn, initial_date: today }),
    input(
      F.duration,
      'Length (minutes)',
      { type: 'number_input', action_id: F.duration, is_decimal_allowed: false, min_value: String(MIN_MINUTES), max_value: String(MAX_MINUTES) },
      { hint: `From ${MIN_MINUTES} to ${MAX_MINUTES} minutes.` },
    ),
    input(F.format, 'How you met', {
      type: 'static_select',
      action_id: F.format,
      placeholder: plain('Choose one'),
      options: Object.entries(FORMATS).map(([value, label]) => option(label, value)),
    }),
    input(F.summary, 'Summary', {
      type: 'plain_text_input',
      action_id: F.summary,
      multiline: true,
      max_length: MAX_TEXT,
      placeholder: plain('What did you talk about? What is next?'),
    }),
    input(F.progress, 'How is it going?', {
      type: 'radio_buttons',
      action_id: F.progress,
      options: Object.entries(PROGRESS).map(([value, label]) => option(`${value} ${label}`, value)),
    }),
  );
  if (goals.length > 0) {
    blocks.push(
      input(
        F.goals,
        'Goals you discussed',
        {
          type: 'multi_static_select',
          action_id: F.goals,
          placeholder: plain('Pick goals'),
          options: goals.slice(0, MAX_SELECT_OPTIONS).map((g) => option(g.title, String(g.id))),
        },
        { optional: true },
      ),
    );
  }
  blocks.push(
    input(
      F.tasks,
      'Suggested tasks (one per line)',
      { type: 'plain_text_input', action_id: F.tasks, multiline: true, max_length: 3000 },
      { optional: true, hint: "Each line becomes a task on your mentee's list, marked as suggested by you." },
    ),
    input(F.nextMeeting, 'Next meeting', { type: 'datepicker', action_id: F.nextMeeting }, { optional: true }),
    input(
      F.privateNote,
      'Private note for admins',
      { type: 'plain_text_input', action_id: F.privateNote, multiline: true, max_length: MAX_TEXT },
      { optional: true, hint: 'Only you and Lifering admins can read this. It is never shown to the mentee.' },
    ),
  );
  const metadata: ReportMetadata = { menteeId: target.menteeId, mentorshipIds: target.mentorships.map((m) => m.id) };
  return modal({ callbackId: ACTIONS.submitReport, title: 'Meeting report', submit: 'Save report', blocks, privateMetadata: JSON.stringify(metadata) });
}

/** Opened instead of the form when this person cannot file the report (clicked from an old DM or Home). */
export const cannotReportModal = (why: string): ModalView =>
  modal({ callbackId: 'report.refused', title: 'Meeting report', close: 'Close', blocks: [section(why)] });

/** The mentee's DM: a report exists, who wrote it, and where to look. Never the private note. */
export function reportAddedDm(supporterId: string, metOn: string, suggestedTasks: number, menteeId: string, today: Date): Message {
  const tasks = suggestedTasks > 0 ? ` They suggested ${suggestedTasks === 1 ? 'a task' : `${suggestedTasks} tasks`} for you.` : '';
  const text = `:memo: ${user(supporterId)} added a meeting report for your meeting on ${shortDate(metOn, today)}.${tasks}`;
  return {
    text,
    blocks: [
      section(text),
      actions([button('Open progress page', ACTIONS.openProgress, menteeId)]),
      context('Your progress page shows your goals, tasks and meeting reports.'),
    ],
  };
}

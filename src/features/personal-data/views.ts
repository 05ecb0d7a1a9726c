import type { ModalView } from '@slack/types';
import { context, modal, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { user } from '../../slack/text.ts';
import { personModalMeta } from './values.ts';

export type PersonRequest = 'export' | 'forget';

/** The modal that confirms an export or an erasure before anything happens. */
export function confirmPersonModal(request: PersonRequest, userId: string): ModalView {
  const privateMetadata = personModalMeta(userId);
  if (request === 'export') {
    return modal({
      callbackId: ACTIONS.personExportSubmit,
      title: 'Export personal data',
      submit: 'Send me the file',
      privateMetadata,
      blocks: [
        section(
          `I'll send you a JSON file, in your DM with Lifering, with everything Lifering stores about ${user(userId)} in this workspace: ` +
            'its copy of their Slack profile, their mentorships, meeting reports by and about them, goals, tasks, requests for help or a supporter, check-ins, settings and audit log entries.',
        ),
        context(
          'It is personal data: share it with them through a channel your organisation approves, and delete your copy when done. The export is in the audit log.',
        ),
      ],
    });
  }
  return modal({
    callbackId: ACTIONS.personForgetSubmit,
    title: 'Forget a person',
    submit: 'Forget',
    privateMetadata,
    blocks: [
      section(
        `:warning: I'll erase everything ${user(userId)} wrote in Lifering and everything written about them: the text of meeting reports, goals and tasks, ` +
          'notes on requests for help or a supporter, check-in comments, reasons given for ending a mentorship, and Lifering’s copy of their Slack profile.',
      ),
      section(
        '*This cannot be undone.* The records themselves stay, without their text, so the programme’s counts and dates do not change. Export their data first if they asked for a copy.',
      ),
      context(
        'Their mentorships are not ended by this; end them first if they should stop. The erasure is in the audit log.',
      ),
    ],
  });
}

const LABELS: Record<string, string> = {
  people: 'cached Slack profile',
  mentorships: 'reasons given for an ending',
  checkins: 'check-in comments',
  familiarity: 'notes on familiarity',
  assistance_requests: 'requests for help',
  supporter_requests: 'requests for a supporter',
  goals: 'goals',
  tasks: 'tasks',
  meeting_reports: 'meeting reports',
  audit_events: 'audit log entries',
};

/** What the admin is told once the erasure is done. */
export function forgottenText(userId: string, changed: Record<string, number>): string {
  const parts = Object.entries(changed).map(([table, n]) => `${n} ${LABELS[table] ?? table}`);
  if (parts.length === 0)
    return `Lifering held no text by or about ${user(userId)}, so nothing needed erasing. I noted the request in the audit log.`;
  return (
    `Done: I erased what ${user(userId)} wrote and what was written about them (${parts.join(', ')}). ` +
    'The records stay without their text, so the programme’s counts are unchanged. The erasure is in the audit log.'
  );
}

export const exportComment = (userId: string, rows: number): string =>
  `Everything Lifering stores about ${user(userId)} in this workspace: ${rows} record${rows === 1 ? '' : 's'}, as JSON. ` +
  'It is personal data: keep it safe and delete it when you no longer need it.';

export const nothingStoredText = (userId: string): string =>
  `Lifering stores nothing about ${user(userId)} in this workspace, so there is no file to send.`;

import type { ModalView } from '@slack/types';
import { context, modal, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { user } from '../../slack/text.ts';
import { personModalMeta } from './values.ts';

export type PersonRequest = 'export' | 'forget';

/** What the export leaves out to protect their authors: promised to the admins alone. */
const PRIVATE_KINDS = 'Private check-in answers, notes for admins and reasons for an ending';

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
            'its copy of their Slack profile, their mentorships, meeting reports by and about them, goals, tasks, help requests or a supporter, check-ins, settings and audit log entries.',
        ),
        context(
          `${PRIVATE_KINDS} others wrote about them are kept out and counted, to protect their authors. Records where they only acted on someone else's (assigning, ending, acknowledging, resolving, granting admin) are not theirs and are not in it.`,
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
          'notes on help requests or a supporter, check-in comments, reasons given for ending a mentorship, and Lifering’s copy of their Slack profile.',
      ),
      context(
        "Records where they only acted on someone else's (pairs they assigned or ended, help requests they acknowledged or resolved, admins they granted) are not theirs and keep their text, a reason they gave for ending someone else's pair included.",
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
  assistance_requests: 'help requests',
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
    'The records stay without their text, so the programme’s counts are unchanged. The erasure is in the audit log. ' +
    'I redrew the Home tabs and help DMs that showed it; other messages Lifering already sent stay in Slack’s history.'
  );
}

/** At the top of the export file, for the person it is about. */
export const EXPORT_CONTENTS =
  'Every record Lifering stores in this workspace that you wrote or that is about you, as stored. ' +
  "Records where you only acted on someone else's (assigning or ending their mentorship, acknowledging or resolving their help request, granting them admin) are theirs, not here.";

const privateComments = (n: number) => `${n} private comment${n === 1 ? '' : 's'} by others`;

/** In the export file: what was withheld, told to the person it is about. */
export const withheldNote = (n: number): string =>
  `${privateComments(n)} about you ${n === 1 ? 'is' : 'are'} kept from this file to protect their authors: ` +
  'check-in answers, notes for admins in meeting reports or reasons for ending a mentorship, written by someone who was told they would never reach you.';

export const exportComment = (userId: string, rows: number, withheld = 0): string =>
  `Everything Lifering stores about ${user(userId)} in this workspace: ${rows} record${rows === 1 ? '' : 's'}, as JSON. ` +
  (withheld > 0
    ? `${privateComments(withheld)} about ${user(userId)} ${withheld === 1 ? 'is' : 'are'} kept from this file to protect their authors (${PRIVATE_KINDS.toLowerCase()}); admins can still read them in Lifering, if you need to decide whether to share them. `
    : '') +
  'It is personal data: keep it safe and delete it when you no longer need it.';

export const nothingStoredText = (userId: string): string =>
  `Lifering stores nothing about ${user(userId)} in this workspace, so there is no file to send.`;

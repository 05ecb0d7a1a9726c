import type { KnownBlock } from '@slack/types';
import type { ReportDue } from '../../calendar/report-due.ts';
import { actions, button, context, type Message, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, shortDate, truncate, user } from '../../slack/text.ts';
import type { WaitingOffer } from '../../storage/reminders.ts';
import { assignPrefillValue } from '../mentorships/values.ts';
import { openOversightValue } from '../oversight/values.ts';
import { openProgressValue } from '../progress/values.ts';
import { openReportValue } from '../reports/values.ts';
import { dueWording } from './rules.ts';
import { snoozeValue } from './values.ts';

export interface ReminderItem {
  mentorshipId: number;
  menteeId: string;
  topicName: string | null;
  status: ReportDue;
  /** Its programme's rhythm, in days (a month when not given). */
  everyDays?: number;
}

/** "a month", or "14 days" for a programme that wants reports more often than every four weeks. */
const sinceWording = (items: readonly ReminderItem[]): string => {
  const shortest = Math.min(...items.map((i) => i.everyDays ?? 30));
  return shortest >= 28 ? 'a month' : `${shortest} days`;
};

/** Each mentee takes two blocks; Slack allows 50 per message. */
export const MAX_ITEMS_PER_DM = 20;

export const reminderBlockId = (mentorshipId: number): string => `reminder:${mentorshipId}`;

const who = (i: { menteeId: string; topicName: string | null }) =>
  `${user(i.menteeId)}${i.topicName ? ` (${inlineText(i.topicName)})` : ''}`;

/** UX.md "Reminder DM": one message per supporter per run, every due mentee with its two buttons. */
export function reminderDm(items: readonly ReminderItem[]): Message {
  const anyOverdue = items.some((i) => i.status.state === 'overdue');
  const lead = anyOverdue
    ? `*Time for a meeting report* — it's been ${sinceWording(items.filter((i) => i.status.state === 'overdue'))} or more since you reported on:`
    : '*A meeting report is due soon* for:';
  const shown = items.slice(0, MAX_ITEMS_PER_DM);
  const blocks: KnownBlock[] = [section(lead)];
  for (const i of shown) {
    blocks.push(section(`• ${who(i)} — ${dueWording(i.status)}`));
    blocks.push(
      actions(
        [
          button('Log meeting report', ACTIONS.openReport, openReportValue(i.mentorshipId), { style: 'primary' }),
          button('Snooze 3 days', ACTIONS.snoozeReminder, snoozeValue(i.mentorshipId)),
        ],
        reminderBlockId(i.mentorshipId),
      ),
    );
  }
  if (items.length > shown.length) {
    blocks.push(section(`…and ${items.length - shown.length} more. Your Home tab lists them all.`));
  }
  blocks.push(
    context(
      'Reports help your mentees and the programme see progress. Reminders come on weekdays during your working hours.',
    ),
  );
  const names = items.map((i) => `${who(i)} ${dueWording(i.status)}`).join(', ');
  return { text: truncate(`Time for a meeting report: ${names}`, 3000), blocks };
}

export interface OverduePair {
  supporterId: string;
  menteeId: string;
  topicName: string | null;
  daysOverdue: number;
}

export interface EscalatedHelp {
  menteeId: string;
  topicId?: number | null;
  topicName: string | null;
  note: string | null;
  openedAt: string;
  /** True when the mentee has no active supporter to answer it (their mentorship ended): no one to blame, someone to assign. */
  noSupporter?: boolean;
}

export const MAX_DIGEST_PAIRS = 15;
export const MAX_DIGEST_HELP = 10;

/** Someone whose mentorships Lifering ended because they left (or became a guest). */
export interface Leaver {
  userId: string;
  reason: string;
}

/** One unanswered help request: the page to open, or, with no supporter left, the assign form. */
function helpLine(a: EscalatedHelp, today: Date): KnownBlock {
  const note = a.note ? `: "${inlineText(a.note, 200)}"` : '';
  const lead = `• ${user(a.menteeId)}${a.topicName ? ` with ${inlineText(a.topicName)}` : ''}, asked ${shortDate(a.openedAt, today)}`;
  if (a.noSupporter) {
    const prefill = assignPrefillValue({ menteeId: a.menteeId, topicId: a.topicId ?? null });
    return section(`${lead}${note}\n_No active supporter now to answer it: assign someone to pick it up._`, {
      accessory: button('Assign a supporter', ACTIONS.openAssignModal, prefill),
    });
  }
  return section(`${lead}${note}`, {
    accessory: button('Open progress page', ACTIONS.openProgress, openProgressValue(a.menteeId)),
  });
}

/** The line on top of the one reminder to a supporter who has not answered an assignment. */
export const offerReminderIntro = (createdAt: string, today: Date): string =>
  `:hourglass_flowing_sand: A reminder: this request has been waiting for your answer since ${shortDate(createdAt, today)}. Accept or decline, either is fine; Lifering reminds you only this once.`;

/** "nudged 12 Jan" (an admin's nudge) or "reminded 9 Jan" (the automatic one), whichever went last; '' if neither. */
export function lastNudgeWords(o: { nudgedAt: string | null; remindedAt: string | null }, today: Date): string {
  if (o.nudgedAt && (!o.remindedAt || o.nudgedAt >= o.remindedAt)) return `nudged ${shortDate(o.nudgedAt, today)}`;
  return o.remindedAt ? `reminded ${shortDate(o.remindedAt, today)}` : '';
}

/** Assignments nobody has answered for a week, with when their supporter was last nudged. */
function waitingOffersBlocks(offers: { shown: readonly WaitingOffer[]; total: number }, today: Date): KnownBlock[] {
  const lines = offers.shown.slice(0, MAX_DIGEST_PAIRS).map((o) => {
    const nudged = lastNudgeWords(o, today);
    return `• ${user(o.supporterId)} hasn't answered the request to support ${user(o.menteeId)}${o.topicName ? ` in ${inlineText(o.topicName)}` : ''} (since ${shortDate(o.createdAt, today)}${nudged ? `, ${nudged}` : ''})`;
  });
  const more = offers.total > lines.length ? `\n…and ${offers.total - lines.length} more.` : '';
  return [
    section(`:hourglass_flowing_sand: *Waiting for an answer for over a week:*\n${lines.join('\n')}${more}`, {
      accessory: button('Nudge or reassign', ACTIONS.openOversight, openOversightValue({ state: 'attention' })),
    }),
  ];
}

/** The admins' daily digest: people who left, calls for help nobody answered, long overdue reports, unanswered offers. */
export function adminDigest(
  pairs: readonly OverduePair[],
  totalPairs: number,
  help: readonly EscalatedHelp[],
  today: Date,
  leavers: readonly Leaver[] = [],
  offers: { shown: readonly WaitingOffer[]; total: number } = { shown: [], total: 0 },
): Message {
  const blocks: KnownBlock[] = [];
  const parts: string[] = [];
  if (leavers.length > 0) {
    parts.push(`${leavers.length} ${leavers.length === 1 ? 'person' : 'people'} left`);
    const lines = leavers
      .slice(0, MAX_DIGEST_PAIRS)
      .map(
        (l) =>
          `• ${user(l.userId)} ${l.reason === 'guest' ? 'became a guest' : 'was deactivated in Slack'}; their mentorships ended and the other side was told`,
      );
    const more = leavers.length > lines.length ? `\n…and ${leavers.length - lines.length} more.` : '';
    blocks.push(section(`:wave: *Left the workspace since your last digest:*\n${lines.join('\n')}${more}`));
  }
  if (help.length > 0) {
    parts.push(`${help.length} unanswered help request${help.length === 1 ? '' : 's'}`);
    blocks.push(
      section(
        `:ring_buoy: *No supporter has answered ${help.length === 1 ? 'this help request' : 'these help requests'} yet:*`,
      ),
    );
    for (const a of help.slice(0, MAX_DIGEST_HELP)) blocks.push(helpLine(a, today));
    if (help.length > MAX_DIGEST_HELP) blocks.push(section(`…and ${help.length - MAX_DIGEST_HELP} more.`));
  }
  if (totalPairs > 0) {
    parts.push(`${totalPairs} overdue meeting report${totalPairs === 1 ? '' : 's'}`);
    const lines = pairs
      .slice(0, MAX_DIGEST_PAIRS)
      .map(
        (p) => `• ${user(p.supporterId)} → ${who(p)}: overdue ${p.daysOverdue} day${p.daysOverdue === 1 ? '' : 's'}`,
      );
    const more = totalPairs > lines.length ? `\n…and ${totalPairs - lines.length} more.` : '';
    blocks.push(section(`:alarm_clock: *Meeting reports overdue for a while:*\n${lines.join('\n')}${more}`));
  }
  if (offers.total > 0) {
    parts.push(`${offers.total} assignment${offers.total === 1 ? '' : 's'} waiting for an answer`);
    blocks.push(...waitingOffersBlocks(offers, today));
  }
  blocks.push(actions([button('Mentorships report', ACTIONS.openMentorshipsReport)]));
  // A friendly word needs a supporter to have it with: not for a mentee whose mentorship ended.
  const withSupporter = totalPairs > 0 || help.some((a) => !a.noSupporter);
  blocks.push(
    context(
      `You get this digest once a day while something needs an admin.${withSupporter ? ' A friendly word with the supporter usually helps.' : ''}`,
    ),
  );
  return { text: `Lifering needs an admin: ${parts.join(' and ')}.`, blocks };
}

import type { Button, KnownBlock, ModalView } from '@slack/types';
import { actions, button, context, divider, header, modal, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, shortDate, user } from '../../slack/text.ts';
import type { HomeSummary, Listing, ReportData } from '../../storage/overview.ts';
import { assignPrefillValue } from '../mentorships/values.ts';
import { openOversightValue } from '../oversight/values.ts';
import { openProgressValue } from '../progress/values.ts';
import { days, daysSince, mostUrgent, overCapacity, overdueDays, type UrgentItem } from './rules.ts';

export const REPORT_CALLBACK = 'admin.report';

export interface ReportSettings {
  now: Date;
  intervalDays: number;
  maxMenteesPerSupporter: number;
}

const topic = (name: string | null): string => (name ? ` (${inlineText(name)})` : '');

/** Where the rest of a list is, said only where it is true (the CSV has one row per mentorship). */
export const IN_CSV = '; the CSV export has them all.';

/**
 * A titled list: the lines shown (drawn from `listing.items`), and exactly how many items are
 * beyond them, with `rest` saying where those are.
 */
export function listSection(
  title: string,
  listing: Listing<unknown>,
  lines: string[],
  empty: string,
  rest = IN_CSV,
): KnownBlock[] {
  const more = listing.total - listing.items.length;
  const body = lines.length === 0 ? empty : lines.join('\n') + (more > 0 ? `\n…and ${more} more${rest}` : '');
  return [section(`*${title}* · ${listing.total}\n${body}`)];
}

/**
 * A titled list whose every line carries the action that resolves it, one section a line (the
 * report shows at most its limit of each, far under a modal's 100 blocks).
 */
export function actionList<T>(
  title: string,
  listing: Listing<T>,
  line: (item: T) => { text: string; next: Button },
  empty: string,
  rest = IN_CSV,
): KnownBlock[] {
  if (listing.items.length === 0) return [section(`*${title}* · ${listing.total}\n${empty}`)];
  const more = listing.total - listing.items.length;
  return [
    section(`*${title}* · ${listing.total}`),
    ...listing.items.map((item) => {
      const { text, next } = line(item);
      return section(text, { accessory: next });
    }),
    ...(more > 0 ? [context(`…and ${more} more${rest}`)] : []),
  ];
}

/** A list whose lines are resolved together, in the admins' programme view: its button on the list's title. */
const resolvedBy =
  (total: number, next: Button) =>
  (blocks: KnownBlock[]): KnownBlock[] =>
    total > 0 && blocks[0]?.type === 'section' ? [{ ...blocks[0], accessory: next }, ...blocks.slice(1)] : blocks;

export function totalsLine(data: Pick<ReportData, 'totals'>): string {
  const t = data.totals;
  return `*${t.active}* active · *${t.pending}* pending · *${t.endedThisMonth}* ended this month`;
}

/** Opened at once after the ack (the trigger id lives 3 s), then replaced by the report. */
export function loadingModal(): ModalView {
  return modal({
    callbackId: REPORT_CALLBACK,
    title: 'Mentorships report',
    close: 'Close',
    blocks: [section(':hourglass_flowing_sand: Counting your programme…')],
  });
}

/** Someone who left the workspace (or became a guest, with GUEST_POLICY=end) recently. */
export interface RecentLeaver {
  userId: string;
  leftAt: string;
  reason: string;
}

/** How far back the report lists people who left. */
export const LEAVERS_DAYS = 30;

/** Who supports how many active mentees, and who is above the limit. */
function loadBlocks(data: ReportData, s: ReportSettings): KnownBlock[] {
  const loads = data.supporters.top.map(
    (l) =>
      `${user(l.supporterId)}: ${l.active} active${overCapacity(l.active, s.maxMenteesPerSupporter) ? ` :scales: above ${s.maxMenteesPerSupporter}` : ''}`,
  );
  return [
    ...listSection(
      'Supporters and their load',
      { total: data.supporters.total, items: data.supporters.top },
      loads,
      'Nobody is supporting an active mentee yet.',
    ),
    context(
      data.supporters.overCapacity > 0
        ? `:scales: ${data.supporters.overCapacity} supporter${data.supporters.overCapacity === 1 ? ' is' : 's are'} above ${s.maxMenteesPerSupporter} active mentees.`
        : `Nobody is above ${s.maxMenteesPerSupporter} active mentees.`,
    ),
  ];
}

/** People whose mentorships ended because they left the workspace lately. */
function leaversBlocks(leavers: Listing<RecentLeaver>, now: Date): KnownBlock[] {
  return listSection(
    `:door: Left the workspace in the last ${LEAVERS_DAYS} days`,
    leavers,
    leavers.items.map((l) => {
      const ago = daysSince(l.leftAt, now);
      return `${user(l.userId)}: ${l.reason === 'guest' ? 'became a guest' : 'deactivated in Slack'} ${ago === 0 ? 'today' : `${days(ago)} ago`}; their mentorships ended`;
    }),
    `Nobody left in the last ${LEAVERS_DAYS} days.`,
    '; the audit log has them all.',
  );
}

/** Who waits on the admins: open help requests, people waiting for a supporter, topics nobody offers. */
function waitingBlocks(data: ReportData, now: Date): KnownBlock[] {
  return [
    ...actionList(
      ':ring_buoy: Open help requests',
      data.helpRequests,
      (f) => ({
        text: `${user(f.menteeId)}${topic(f.topicName)}: open ${days(daysSince(f.openedAt, now))}`,
        next: button('Open progress page', ACTIONS.openProgress, openProgressValue(f.menteeId)),
      }),
      'No open help requests.',
    ),
    ...actionList(
      ':bust_in_silhouette: Mentees waiting for a supporter',
      data.supporterRequests,
      (w) => ({
        text:
          `${user(w.menteeId)}${topic(w.topicName)}: asked ${days(daysSince(w.createdAt, now))} ago` +
          (w.wantedSupporterId ? ` for ${user(w.wantedSupporterId)}` : '') +
          (w.helpAskedAt
            ? ` · :ring_buoy: asked for help ${shortDate(w.helpAskedAt, now)}${w.helpNote ? `: "${inlineText(w.helpNote, 120)}"` : ''}`
            : ''),
        next: button(
          'Assign a supporter',
          ACTIONS.openAssignModal,
          assignPrefillValue({ menteeId: w.menteeId, requestId: w.requestId }),
        ),
      }),
      'Everyone who asked has a supporter.',
      '. Each came to you by DM with an Assign button.',
    ),
    section(
      `*:label: Topics with no supporter* · ${data.topicsWithoutSupporter.total}\n` +
        (data.topicsWithoutSupporter.items.length
          ? data.topicsWithoutSupporter.items.map((name) => inlineText(name)).join(', ') +
            (data.topicsWithoutSupporter.total > data.topicsWithoutSupporter.items.length ? ', …' : '')
          : 'Every topic has a supporter.'),
      data.topicsWithoutSupporter.total > 0 ? { accessory: button('Ask people', ACTIONS.inviteSupporters) } : {},
    ),
  ];
}

/** `/mentor admin report`: the programme's load, then each list of who waits on what, longest waits first. */
export function reportModal(
  data: ReportData,
  s: ReportSettings,
  leavers: Listing<RecentLeaver> = { total: 0, items: [] },
  only?: ReportScope,
): ModalView {
  const { now } = s;
  const blocks: KnownBlock[] = [
    section(`*Programme* · ${totalsLine(data)}`),
    ...(only ? [context(scopeLine(only))] : []),
    context(
      `As of ${shortDate(now.toISOString(), now)}, counted in UTC days. Meeting reports are due every ${days(s.intervalDays)}.`,
    ),
    divider(),
    ...loadBlocks(data, s),
    divider(),
    ...resolvedBy(
      data.overdue.total,
      button('See each pair', ACTIONS.openOversight, openOversightValue({ state: 'active', overdue: true })),
    )(
      listSection(
        ':alarm_clock: Overdue meeting reports',
        data.overdue,
        data.overdue.items.map(
          (o) =>
            `${user(o.supporterId)} → ${user(o.menteeId)}${topic(o.topicName)}: overdue ${days(overdueDays(o.since, now, o.reportEveryDays ?? s.intervalDays))}`,
        ),
        'Every meeting report is on time.',
      ),
    ),
    ...waitingBlocks(data, now),
    ...resolvedBy(
      data.stalePending.total,
      button('Nudge or reassign', ACTIONS.openOversight, openOversightValue({ state: 'attention' })),
    )(
      listSection(
        ':hourglass_flowing_sand: Assignments pending for over 7 days',
        data.stalePending,
        data.stalePending.items.map(
          (p) =>
            `${user(p.supporterId)} → ${user(p.menteeId)}${topic(p.topicName)}: pending ${days(daysSince(p.since, now))}`,
        ),
        'No assignment has waited more than a week for an answer.',
      ),
    ),
    ...leaversBlocks(leavers, now),
    context('Lists show the longest waits first.'),
    actions([button('Export CSV', ACTIONS.exportCsv, only?.programmeId?.toString())]),
    context('Export CSV sends every mentorship to your DMs with Lifering as a CSV file, with the trends as a chart.'),
  ];
  return modal({
    callbackId: REPORT_CALLBACK,
    title: 'Mentorships report',
    close: 'Close',
    blocks,
    ...(only?.programmeId ? { privateMetadata: String(only.programmeId) } : {}),
  });
}

/**
 * Which programmes a report covers, said only when it is not the whole workspace: one an admin
 * named, or those a manager runs (`programmeId` when it is exactly one, which the export and the
 * cohort menu then keep to).
 */
export interface ReportScope {
  names: string[];
  programmeId?: number;
}

export const scopeLine = (only: ReportScope): string =>
  `Only ${only.names.map((n) => `*${inlineText(n)}*`).join(', ')}: the pairs of ${only.names.length === 1 ? 'this programme' : 'these programmes'}.`;

function urgentLine(item: UrgentItem): string {
  switch (item.kind) {
    case 'help':
      return `:ring_buoy: ${user(item.menteeId)} asked for help${topic(item.topicName)} ${days(item.days)} ago`;
    case 'supporter-request':
      return `${item.help ? ':ring_buoy:' : ':bust_in_silhouette:'} ${user(item.menteeId)} has waited ${days(item.days)} for a supporter${topic(item.topicName)}${item.help ? ', and asked for help meanwhile' : ''}`;
    case 'overdue':
      return `:alarm_clock: ${user(item.supporterId)} → ${user(item.menteeId)}${topic(item.topicName)}: meeting report overdue ${days(item.days)}`;
    case 'pending':
      return `:hourglass_flowing_sand: ${user(item.supporterId)} hasn't answered the assignment for ${user(item.menteeId)}${topic(item.topicName)} in ${days(item.days)}`;
  }
}

/** The admin section on top of an admin's Home (UX.md "App Home (admin section)"); a fixed handful of blocks. */
export function adminHomeSection(data: HomeSummary, s: ReportSettings): KnownBlock[] {
  const { now } = s;
  const oldestFlag = data.helpRequests.items[0];
  const worstOverdue = data.overdue.items[0];
  // Only what is there to see: a count of zero is no news, and a new workspace's Home was a grid of zeros.
  const attention = [
    data.helpRequests.total > 0 &&
      `:ring_buoy: ${data.helpRequests.total} open help request${data.helpRequests.total === 1 ? '' : 's'}${oldestFlag ? ` (oldest ${days(daysSince(oldestFlag.openedAt, now))})` : ''}`,
    data.overdue.total > 0 &&
      `:alarm_clock: ${data.overdue.total} overdue report${data.overdue.total === 1 ? '' : 's'}${worstOverdue ? ` (worst ${days(overdueDays(worstOverdue.since, now, worstOverdue.reportEveryDays ?? s.intervalDays))})` : ''}`,
    data.supporterRequests.total > 0 &&
      `:bust_in_silhouette: ${data.supporterRequests.total} mentee${data.supporterRequests.total === 1 ? '' : 's'} waiting for a supporter`,
    data.supporters.overCapacity > 0 &&
      `:scales: ${data.supporters.overCapacity} supporter${data.supporters.overCapacity === 1 ? '' : 's'} above capacity`,
  ].filter((line): line is string => typeof line === 'string');
  const urgent = mostUrgent(data, now, s.intervalDays, 5);
  return [
    header('Programme'),
    section(totalsLine(data)),
    ...(attention.length ? [section(`*Needs attention*`, { fields: attention })] : []),
    ...(urgent.length ? [section(urgent.map(urgentLine).join('\n'))] : []),
    // Pairs that need an admin are named just below (oversightHomeBlocks): never "nothing" above them.
    ...(urgent.length === 0 && data.attention === 0 ? [context('Nothing needs your attention right now.')] : []),
    actions([
      button('Assign a supporter', ACTIONS.openAssignModal, undefined, { style: 'primary' }),
      button('Mentorships report', ACTIONS.openMentorshipsReport),
      button('Export CSV', ACTIONS.exportCsv),
      button('Waiting for a supporter', ACTIONS.openSupporterRequests),
      button('Topics', ACTIONS.openTopics),
    ]),
    divider(),
  ];
}

/** The comment on the CSV export in the admin's DM ("all 1 mentorship" reads oddly, so one is "the"). */
export function exportComment(rows: number, asOf: string): string {
  const which = rows === 1 ? 'Here is the 1 mentorship' : `Here are all ${rows} mentorships`;
  return `${which} as of ${asOf}, one row each. Private notes and end reasons are never exported.`;
}

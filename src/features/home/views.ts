import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import { localDay, upcomingMeeting } from '../../calendar/dates.ts';
import { type ReportRhythm, reportDue, reportDueBadge } from '../../calendar/report-due.ts';
import type { TokenSaveNotice } from '../../installations/store.ts';
import type { Message } from '../../slack/blocks.ts';
import { actions, button, context, divider, header, modal, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { dateTime, inlineText, SUPPORTER_KIND_LABEL, shortDate, user } from '../../slack/text.ts';
import type { HomeSummary, Listing, MenteeHome, SetupProgress, SupporterHomeRow } from '../../storage/overview.ts';
import { adminHomeSection, type ReportSettings } from '../admin-report/views.ts';
import { resolveAssistanceValue } from '../assistance/values.ts';
import { mentorshipValue } from '../mentorships/values.ts';
import { oversightHomeBlocks } from '../oversight/views.ts';
import { openProgressValue } from '../progress/values.ts';
import { openReportValue } from '../reports/values.ts';
import { findSupporterButton, noSupporterHomeBlock } from '../requests/views.ts';
import { setupCard } from '../setup/views.ts';
import { homePageValue } from './values.ts';

/**
 * Mentees per Home page. Each takes two blocks (line + buttons), so a full page is 40 blocks;
 * with the admin section (about 7), the mentee section (about 8) and the rest, a Home stays well
 * under Slack's 100-block limit however many mentorships there are.
 */
export const MENTEES_PER_PAGE = 20;
/** Supporters, goals and tasks listed on a mentee's Home. */
export const MENTEE_LIST_LIMIT = 5;

export interface HomeModel {
  now: Date;
  /** The viewer's time zone, for due/overdue badges. */
  tz: string | null;
  feedback: ReportRhythm;
  /** `data.attention`: pairs waiting for an admin (declined with nobody since, or pending over a week). */
  admin?: { data: HomeSummary; settings: ReportSettings; setup?: SetupProgress; tokenNotice?: TokenSaveNotice };
  supporting: { page: number; pageCount: number; offset: number; listing: Listing<SupporterHomeRow> };
  mentee: MenteeHome;
}

const topicPart = (name: string | null): string => (name ? ` · ${inlineText(name)}` : '');

function menteeBlocks(r: SupporterHomeRow, m: HomeModel): KnownBlock[] {
  const who = `${r.assistanceRequestId ? ':ring_buoy: ' : ''}${user(r.menteeId)}${topicPart(r.topicName)} · ${SUPPORTER_KIND_LABEL[r.supporterKind]}`;
  if (r.status === 'pending') {
    return [
      section(
        `${who}\n:hourglass_flowing_sand: Waiting for you to accept (assigned ${shortDate(r.createdAt, m.now)}).`,
      ),
      actions([
        button('Accept', ACTIONS.acceptAssignment, mentorshipValue(r.mentorshipId), { style: 'primary' }),
        button('Decline', ACTIONS.declineAssignment, mentorshipValue(r.mentorshipId)),
      ]),
    ];
  }
  const status = reportDue(r.feedbackFrom, m.now, m.feedback, m.tz);
  const last = r.lastReportAt ? `last report ${shortDate(r.lastReportAt, m.now)}` : 'no meeting report yet';
  const badge = reportDueBadge(status);
  const shown = status.state === 'overdue' ? `*${badge}*` : badge;
  const next = upcomingMeeting(r.nextMeetingOn, localDay(m.now, m.tz));
  return [
    section(`${who}\n${last} · ${shown}${next ? ` · next meeting ${shortDate(next, m.now)}` : ''}`),
    actions([
      button(
        'Log meeting report',
        ACTIONS.openReport,
        openReportValue(r.mentorshipId),
        status.state === 'overdue' || status.state === 'due_today' ? { style: 'primary' } : {},
      ),
      button('Progress page', ACTIONS.openProgress, openProgressValue(r.menteeId)),
      ...(r.assistanceRequestId
        ? [button('Resolve help request', ACTIONS.resolveAssistance, resolveAssistanceValue(r.assistanceRequestId))]
        : []),
      // Opens the no-blame confirmation, which asks for an optional private reason.
      button('End mentorship', ACTIONS.confirmEnd, mentorshipValue(r.mentorshipId)),
    ]),
  ];
}

function pager(s: HomeModel['supporting']): KnownBlock[] {
  if (s.pageCount <= 1) return [];
  const from = s.offset + 1;
  const to = s.offset + s.listing.items.length;
  const buttons = [
    ...(s.page > 1
      ? [button('◀ Previous', ACTIONS.homePagePrevious, homePageValue(s.page - 1), { label: 'Previous page' })]
      : []),
    ...(s.page < s.pageCount
      ? [button('Next ▶', ACTIONS.homePage, homePageValue(s.page + 1), { label: 'Next page' })]
      : []),
  ];
  return [context(`Mentees ${from}–${to} of ${s.listing.total} · page ${s.page} of ${s.pageCount}`), actions(buttons)];
}

function supporterSection(m: HomeModel): KnownBlock[] {
  const s = m.supporting;
  if (s.listing.total === 0) return [];
  return [
    header('Your mentees'),
    ...s.listing.items.flatMap((r) => menteeBlocks(r, m)),
    ...pager(s),
    context('A meeting report at least once a month keeps everyone in the picture.'),
    divider(),
  ];
}

const more = (l: Listing<unknown>): string =>
  l.total > l.items.length ? `\n…and ${l.total - l.items.length} more` : '';

function menteeSection(m: HomeModel): KnownBlock[] {
  const { supporters, goals, tasks } = m.mentee;
  if (supporters.total + goals.total + tasks.total === 0 && !m.mentee.requestedAt) return [];
  const who = supporters.items.map((s) => {
    const next = upcomingMeeting(s.nextMeetingOn, localDay(m.now, m.tz));
    return `${user(s.supporterId)} (${SUPPORTER_KIND_LABEL[s.supporterKind]}${s.topicName ? `, ${inlineText(s.topicName)}` : ''}) since ${shortDate(s.since, m.now)}${next ? ` · next meeting ${shortDate(next, m.now)}` : ''}`;
  });
  const goalLines = goals.items.map(
    (g) => `• ${inlineText(g.title, 150)}${g.targetDate ? ` (by ${shortDate(g.targetDate, m.now)})` : ''}`,
  );
  const taskLines = tasks.items.map(
    (t) => `• ${inlineText(t.title, 150)}${t.dueDate ? ` (due ${shortDate(t.dueDate, m.now)})` : ''}`,
  );
  // One line per supporter, each with its End button (at most MENTEE_LIST_LIMIT of them).
  const supporterBlocks = supporters.total
    ? [
        section('*Who supports you*'),
        ...supporters.items.map((s, i) =>
          section(who[i]!, { accessory: button('End', ACTIONS.confirmEnd, mentorshipValue(s.mentorshipId)) }),
        ),
        ...(supporters.total > supporters.items.length
          ? [context(`…and ${supporters.total - supporters.items.length} more`)]
          : []),
      ]
    : [noSupporterHomeBlock(m.mentee.requestedAt ?? null, m.now)];
  return [
    header('Your mentoring'),
    ...supporterBlocks,
    section(
      `*Your goals* (${goals.total} open)\n${goalLines.length ? goalLines.join('\n') + more(goals) : 'No open goals yet.'}`,
    ),
    section(
      `*Your tasks* (${tasks.total} open)\n${taskLines.length ? taskLines.join('\n') + more(tasks) : 'No open tasks.'}`,
    ),
    actions([
      button('Request assistance', ACTIONS.openAssist),
      button('Add goal', ACTIONS.addGoal),
      button('Add task', ACTIONS.addTask),
    ]),
    divider(),
  ];
}

const welcomeIntro = () =>
  section(
    'Lifering runs your mentoring programme here in Slack. Admins pair *supporters* (mentors, coaches, advisors) with *mentees*; ' +
      'supporters meet their mentees and file a short *meeting report* at least monthly; a mentee who needs help raises a :ring_buoy: and their supporters hear at once.',
  );

const helpFooter = (): KnownBlock[] => [
  actions([
    button('How Lifering works', ACTIONS.showHelp),
    button('Your supporter profile', ACTIONS.openOffer),
    button('Message settings', ACTIONS.openMessageSettings),
  ]),
  context('Either side can end a mentorship at any time, no blame attached.'),
];

/** The Home tab for someone Lifering has nothing to show yet. */
export function welcomeHome(): HomeView {
  return {
    type: 'home',
    blocks: [
      header('Welcome to Lifering'),
      welcomeIntro(),
      divider(),
      section(
        "You have no mentorships yet. Ask for a supporter: your admins will be told, and you'll hear here when someone is assigned.",
        { accessory: findSupporterButton() },
      ),
      ...helpFooter(),
    ],
  };
}

/**
 * Above everything on an admin's Home: Slack renewed Lifering's token and the new one could not be
 * stored at first. Until it is, a restart would leave Lifering without a way into the workspace.
 */
export function tokenNoticeBlocks(n: TokenSaveNotice, now: Date): KnownBlock[] {
  const renewed = `Lifering renewed its Slack token on ${dateTime(new Date(n.failedAt), now)}, and the new one could not be saved`;
  return [
    n.savedAt === null
      ? section(
          `:warning: *${renewed}.* It is not saved yet: Lifering goes on working with it and saves it as soon as its database allows. ` +
            'If Lifering restarts before then, it loses access to this workspace and must be installed again. Please tell whoever runs Lifering.',
        )
      : section(
          `:white_check_mark: ${renewed} at first. It was saved on ${dateTime(new Date(n.savedAt), now)}; Lifering kept working, and there is nothing to do.`,
        ),
    divider(),
  ];
}

/** The Home left in place of one whose person's data was erased, until they open the tab again. */
export function erasedHome(): HomeView {
  return {
    type: 'home',
    blocks: [
      header('Lifering'),
      section('What this tab showed was erased on request. Open the tab again to see your mentoring as it is now.'),
      ...helpFooter(),
    ],
  };
}

/** The whole Home: admin summary (admins only), the mentees someone supports, their own mentoring. */
export function homeView(m: HomeModel): HomeView {
  const admin = m.admin
    ? [...(m.admin.setup ? setupCard(m.admin.setup) : []), ...adminHomeSection(m.admin.data, m.admin.settings)]
    : [];
  if (m.admin?.tokenNotice) admin.unshift(...tokenNoticeBlocks(m.admin.tokenNotice, m.now));
  // The way into everyone in the programme, before the section's closing divider.
  if (m.admin) admin.splice(Math.max(0, admin.length - 1), 0, ...oversightHomeBlocks(m.admin.data.attention));
  const mine = [...supporterSection(m), ...menteeSection(m)];
  if (admin.length === 0 && mine.length === 0) return welcomeHome();
  const blocks: KnownBlock[] = [
    ...admin,
    ...mine,
    ...(mine.length === 0
      ? [
          // Not the main path here (an admin's Home, or a supporter's between mentees): a plain button.
          section('You have no mentorships of your own. Would you like a supporter?', {
            accessory: findSupporterButton('Find me a supporter', undefined),
          }),
        ]
      : []),
    ...helpFooter(),
  ];
  return { type: 'home', private_metadata: JSON.stringify({ page: m.supporting.page }), blocks };
}

/** The usage, as a modal: the Home tab has no composer to type `/mentor help` in. */
export function helpModal(usage: Message): ModalView {
  return modal({
    callbackId: 'help',
    title: 'Lifering help',
    close: 'Done',
    blocks: usage.blocks ?? [section(usage.text)],
  });
}

export const pageCount = (total: number): number => Math.max(1, Math.ceil(total / MENTEES_PER_PAGE));
/** Keeps a requested page inside the pages there are (a page may vanish when mentorships end). */
export const clampPage = (page: number, total: number): number =>
  Math.min(Math.max(1, Math.floor(page) || 1), pageCount(total));

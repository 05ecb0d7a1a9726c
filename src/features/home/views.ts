import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import { localDay, upcomingMeeting } from '../../calendar/dates.ts';
import { type ReportRhythm, reportDue, reportDueBadge } from '../../calendar/report-due.ts';
import type { TokenSaveNotice } from '../../installations/store.ts';
import type { Message } from '../../slack/blocks.ts';
import { actions, button, context, divider, header, modal, option, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import type { ScopeRefusal } from '../../slack/scope-refusals.ts';
import { dateTime, inlineText, SUPPORTER_KIND_LABEL, shortDate, user } from '../../slack/text.ts';
import type {
  HomeSummary,
  Listing,
  MenteeHome,
  SetupProgress,
  SupporterHomeRow,
  TaskRow,
} from '../../storage/overview.ts';
import type { Mentorship } from '../../storage/rows.ts';
import { daysSince } from '../admin-report/rules.ts';
import { adminHomeSection, type ReportSettings } from '../admin-report/views.ts';
import { resolveHelpValue } from '../help-requests/values.ts';
import { askButton } from '../help-requests/views.ts';
import { mentorshipValue } from '../mentorships/values.ts';
import { mentorshipMenu } from '../mentorships/views.ts';
import { oversightHomeBlocks } from '../oversight/views.ts';
import { type AgreedAgreement, agreementLines } from '../programmes/views.ts';
import { openProgressValue } from '../progress/values.ts';
import { openReportValue } from '../reports/values.ts';
import { findSupporterButton, noSupporterHomeBlock } from '../requests/views.ts';
import { setupCard } from '../setup/views.ts';
import { type ManagedProgramme, managerHomeSection } from './managing.ts';
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
  /** Whose Home it is. */
  viewerId: string;
  /** Their most recent mentorship that ended, either side: what Home says once nothing else is current. */
  lastEnded?: Mentorship | undefined;
  /** The viewer's time zone, for due/overdue badges. */
  tz: string | null;
  feedback: ReportRhythm;
  /** The support agreements this supporter agreed to, to reread (none: nothing is shown). */
  agreements?: readonly AgreedAgreement[] | undefined;
  /** `data.attention`: pairs waiting for an admin (declined with nobody since, or pending over a week). */
  admin?: {
    data: HomeSummary;
    settings: ReportSettings;
    setup?: SetupProgress;
    tokenNotice?: TokenSaveNotice;
    scopeNotice?: ScopeNotice;
  };
  /** The programmes a manager who is not an admin runs, with what needs them. */
  managing?: ManagedProgramme[] | undefined;
  supporting: { page: number; pageCount: number; offset: number; listing: Listing<SupporterHomeRow> };
  mentee: MenteeHome;
}

const topicPart = (name: string | null): string => (name ? ` · ${inlineText(name)}` : '');

function menteeBlocks(r: SupporterHomeRow, m: HomeModel): KnownBlock[] {
  const who = `${r.helpRequestId ? ':ring_buoy: ' : ''}${user(r.menteeId)}${topicPart(r.topicName)} · ${SUPPORTER_KIND_LABEL[r.supporterKind]}${r.programmeName ? ` · ${inlineText(r.programmeName, 80)}` : ''}`;
  if (r.status === 'pending') {
    return [
      section(
        `${who}\n:hourglass_flowing_sand: Waiting for you to accept (assigned ${shortDate(r.createdAt, m.now)}).`,
      ),
      actions([
        button('Accept', ACTIONS.acceptAssignment, mentorshipValue(r.mentorshipId), { style: 'primary' }),
        button('Not now', ACTIONS.declineAssignment, mentorshipValue(r.mentorshipId)),
      ]),
    ];
  }
  const rhythm = { ...m.feedback, intervalDays: r.reportEveryDays ?? m.feedback.intervalDays };
  const status = reportDue(r.feedbackFrom, m.now, rhythm, m.tz);
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
      ...(r.helpRequestId
        ? [button('Resolve help request', ACTIONS.resolveHelp, resolveHelpValue(r.helpRequestId))]
        : []),
      // End sits in the ⋯ menu, behind the no-blame confirmation.
      mentorshipMenu(r, 'supporter'),
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
    ...agreementLines(m.agreements ?? []),
    context('A meeting report at least once a month keeps everyone in the picture.'),
    divider(),
  ];
}

const more = (l: Listing<unknown>): string =>
  l.total > l.items.length ? `\n…and ${l.total - l.items.length} more` : '';

/** Their last mentorship ended and they have none now as its mentee: the thanks, not a newcomer's welcome. */
const endedAsMentee = (m: HomeModel): boolean => m.lastEnded?.menteeId === m.viewerId;

/** "Your mentorship with Mei ended on 7 Dec. Thank you for …" */
function endedThanks(e: Mentorship, m: HomeModel): string {
  const other = e.supporterId === m.viewerId ? e.menteeId : e.supporterId;
  const on = e.endedAt ? ` on ${shortDate(e.endedAt, m.now)}` : '';
  const thanks =
    e.menteeId === m.viewerId
      ? 'Thank you for the time you spent together.'
      : 'Thank you for the time and care you gave it.';
  return `Your mentorship with ${user(other)} ended${on}. ${thanks}`;
}

/** Someone whose mentorships have all ended: what ended and, for a mentee, the way to another supporter. */
function endedBlocks(m: HomeModel): KnownBlock[] {
  const e = m.lastEnded!;
  const asMentee = e.menteeId === m.viewerId;
  const next = asMentee
    ? m.mentee.requestedAt
      ? ` You asked for a supporter on ${shortDate(m.mentee.requestedAt, m.now)}; you'll hear here when someone is assigned.`
      : ' Would you like another supporter?'
    : '';
  return [
    header('Your mentoring'),
    section(`${endedThanks(e, m)}${next}`),
    ...(asMentee && !m.mentee.requestedAt ? [actions([findSupporterButton()])] : []),
    divider(),
  ];
}

/** Whether the Home has a "Your mentoring" part for them as a mentee: someone, or something, to show. */
const hasMenteeSection = (mentee: MenteeHome): boolean =>
  mentee.supporters.total + mentee.goals.total + mentee.tasks.total > 0 || Boolean(mentee.requestedAt);

/**
 * Whether the Home can show their last ended mentorship, known before it is read: only where no
 * supporter is listed, and then in their part as a mentee or on a Home with nothing current. A
 * supporter with mentees and nothing of their own as a mentee (most supporters) shows none.
 */
export const showsLastEnded = (supportingTotal: number, mentee: MenteeHome): boolean =>
  mentee.supporters.total === 0 && (supportingTotal === 0 || hasMenteeSection(mentee));

function menteeSection(m: HomeModel): KnownBlock[] {
  const { supporters, goals, tasks } = m.mentee;
  if (!hasMenteeSection(m.mentee)) return [];
  const who = supporters.items.map((s) => {
    const next = upcomingMeeting(s.nextMeetingOn, localDay(m.now, m.tz));
    return `${user(s.supporterId)} (${SUPPORTER_KIND_LABEL[s.supporterKind]}${s.topicName ? `, ${inlineText(s.topicName)}` : ''}) since ${shortDate(s.since, m.now)}${next ? ` · next meeting ${shortDate(next, m.now)}` : ''}`;
  });
  const today = localDay(m.now, m.tz);
  const goalLines = goals.items.map(
    (g) =>
      `• ${inlineText(g.title, 150)}${g.targetDate ? ` (by ${shortDate(g.targetDate, m.now)}${g.targetDate < today ? ' · :warning: date passed' : ''})` : ''}`,
  );
  // One line per supporter, each with its ⋯ menu (Ask for help, End) (at most MENTEE_LIST_LIMIT of them).
  const supporterBlocks = supporters.total
    ? [
        section('*Who supports you*'),
        ...supporters.items.map((s, i) => section(who[i]!, { accessory: mentorshipMenu(s, 'mentee') })),
        ...(supporters.total > supporters.items.length
          ? [context(`…and ${supporters.total - supporters.items.length} more`)]
          : []),
      ]
    : endedAsMentee(m) && !m.mentee.requestedAt
      ? [
          section(`*Who supports you*\n${endedThanks(m.lastEnded!, m)} Would you like another supporter?`, {
            accessory: findSupporterButton(),
          }),
        ]
      : [noSupporterHomeBlock(m.mentee.requestedAt ?? null, m.now)];
  return [
    header('Your mentoring'),
    ...supporterBlocks,
    ...openHelpBlocks(m),
    section(
      `*Your goals* (${goals.total} open)\n${goalLines.length ? goalLines.join('\n') + more(goals) : 'No open goals yet.'}`,
    ),
    ...taskBlocks(tasks, today, m.now),
    actions([
      askButton(undefined, { primary: supporters.total > 0 }),
      button('Open your progress page', ACTIONS.openProgress, openProgressValue(m.viewerId)),
      button('Add goal', ACTIONS.addGoal),
      button('Add task', ACTIONS.addTask),
    ]),
    divider(),
  ];
}

/** Checkboxes hold at most this many options. */
const TICKABLE = 10;

/** The open tasks, each ticked off right here; an overdue one says so. */
function taskBlocks(tasks: Listing<TaskRow>, today: string, now: Date): KnownBlock[] {
  if (tasks.items.length === 0) return [section(`*Your tasks* (${tasks.total} open)\nNo open tasks.`)];
  const shown = tasks.items.slice(0, TICKABLE);
  const due = (t: TaskRow) =>
    t.dueDate ? `${t.dueDate < today ? 'Overdue: was due' : 'Due'} ${shortDate(t.dueDate, now)}` : undefined;
  return [
    section(`*Your tasks* (${tasks.total} open) · tick one when it's done`),
    actions([
      {
        type: 'checkboxes',
        action_id: ACTIONS.tickTasks,
        options: shown.map((t) =>
          option(`${t.dueDate && t.dueDate < today ? '⚠️ ' : ''}${t.title}`, String(t.id), due(t)),
        ),
      },
    ]),
    ...(tasks.total > shown.length ? [context(`…and ${tasks.total - shown.length} more on your progress page`)] : []),
  ];
}

/** Their open help requests: how long ago they asked, and whether a supporter said they are on it. */
function openHelpBlocks(m: HomeModel): KnownBlock[] {
  const help = m.mentee.help ?? [];
  if (help.length === 0) return [];
  const line = (h: NonNullable<MenteeHome['help']>[number]) => {
    const ago = daysSince(h.openedAt, m.now);
    const when = ago === 0 ? 'today' : ago === 1 ? 'yesterday' : `${ago} days ago`;
    const on = h.acknowledgedBy ? ` · ${user(h.acknowledgedBy)} is on it` : ' · your supporters have been told';
    return `:ring_buoy: You asked for help ${when}${h.topicName ? ` (${inlineText(h.topicName)})` : ''}${on}`;
  };
  return [section(help.map(line).join('\n'))];
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

/** Slack refused a call for a scope the install lacks, and where to reinstall Lifering to grant it. */
export interface ScopeNotice {
  refusal: ScopeRefusal;
  reinstallFrom: string;
}

/**
 * Above everything on an admin's Home: Slack refused a call because Lifering's install lacks a
 * scope (added to the manifest since it was installed), so whatever needs it fails in silence.
 */
export function scopeNoticeBlocks(n: ScopeNotice): KnownBlock[] {
  const scope = n.refusal.needed
    .split(',')
    .map((s) => `\`${s.trim()}\``)
    .join(' or ');
  return [
    section(
      `:warning: *Slack refused \`${n.refusal.method}\`: Lifering lacks the ${scope} scope*, so what needs it does not work here. ` +
        `Reinstall the app from ${n.reinstallFrom} and approve what Slack asks for; \`npm run doctor\` checks the whole set-up. Please tell whoever runs Lifering.`,
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
  if (m.admin?.scopeNotice) admin.unshift(...scopeNoticeBlocks(m.admin.scopeNotice));
  if (m.admin?.tokenNotice) admin.unshift(...tokenNoticeBlocks(m.admin.tokenNotice, m.now));
  // The way into everyone in the programme, before the section's closing divider.
  if (m.admin) admin.splice(Math.max(0, admin.length - 1), 0, ...oversightHomeBlocks(m.admin.data.attention));
  const own = [...supporterSection(m), ...menteeSection(m)];
  // Nothing current, but a mentorship that ended: that, with thanks, rather than a newcomer's welcome.
  const mine = own.length === 0 && m.lastEnded ? endedBlocks(m) : own;
  const managing = m.managing ? managerHomeSection(m.managing) : [];
  if (admin.length === 0 && managing.length === 0 && mine.length === 0) return welcomeHome();
  const blocks: KnownBlock[] = [
    ...admin,
    ...managing,
    ...mine,
    ...(mine.length === 0
      ? [
          // Not the main path here (an admin's Home, or a supporter's between mentees): a plain button.
          section('You have no mentorships of your own. Would you like a supporter?', {
            accessory: findSupporterButton('Find me a supporter', 'plain'),
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

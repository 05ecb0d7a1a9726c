import type { KnownBlock, ModalView } from '@slack/types';
import { localDay, upcomingMeeting } from '../../calendar/dates.ts';
import { actions, button, context, modal, option, overflow, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, quotedText, SUPPORTER_KIND_LABEL, shortDate, user } from '../../slack/text.ts';
import type { Familiarity } from '../../storage/familiarity.ts';
import type { Goal } from '../../storage/goals.ts';
import type { HelpRequest } from '../../storage/help-requests.ts';
import type { PastMentorship } from '../../storage/mentorships.ts';
import type { MeetingReport } from '../../storage/reports.ts';
import type { Mentorship } from '../../storage/rows.ts';
import type { Task } from '../../storage/tasks.ts';
import { menuValue, suggestTaskValue } from '../goals/values.ts';
import { familiarityText } from '../help-requests/rules.ts';
import { resolveHelpValue } from '../help-requests/values.ts';
import { askButton } from '../help-requests/views.ts';
import { mentorshipValue } from '../mentorships/values.ts';
import { mentorshipMenu } from '../mentorships/views.ts';
import { FORMATS, withinEditWindow } from '../reports/rules.ts';
import { editReportValue, openReportValue } from '../reports/values.ts';
import { CONTENT_BLOCKS_PER_PAGE, clampPage, type ProgressRole, paginate } from './rules.ts';
import { progressModalMeta, progressPageValue } from './values.ts';

export interface ProgressData {
  menteeId: string;
  viewerId: string;
  role: ProgressRole;
  /** Active mentorships only. */
  supporters: Mentorship[];
  /** Open goals. */
  goals: Goal[];
  /** Open tasks. */
  tasks: Task[];
  familiarity: Familiarity[];
  /** Open help requests. */
  helpRequests: HelpRequest[];
  reports: MeetingReport[];
  doneGoals: number;
  doneTasks: number;
  today: Date;
  /** The viewer's time zone, for which day "today" is. */
  tz?: string | null;
  /** Ended and declined mentorships with their private reasons: set for admins only. */
  past?: PastMentorship[];
}

const menu = (actionId: string, id: number) =>
  overflow(actionId, [
    option('Mark done', menuValue('done', id)),
    option('Edit', menuValue('edit', id)),
    option('Drop', menuValue('drop', id)),
  ]);

function taskLine(t: Task, today: Date): string {
  const due = t.dueDate ? ` · due ${shortDate(t.dueDate, today)}` : '';
  const suggested = t.suggestedBy ? ` · _suggested by ${user(t.suggestedBy)}_` : '';
  return `• ${inlineText(t.title)}${due}${suggested}`;
}

/** Lines joined into sections of at most ~2900 characters, so a long list never breaks a block. */
function sectionsOf(title: string, lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = title;
  for (const line of lines) {
    if (current.length + line.length + 1 > 2900) {
      blocks.push(section(current));
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  blocks.push(section(current));
  return blocks;
}

/** The active supporters: with an End button each for the mentee and an admin. */
function supportersBlocks(d: ProgressData): KnownBlock[] {
  const lines = d.supporters.map((m) => {
    const ring = m.helpOpen ? ':ring_buoy: ' : '';
    const topic = m.topicName ? ` · ${inlineText(m.topicName)}` : '';
    const since = m.acceptedAt ? ` · since ${shortDate(m.acceptedAt, d.today)}` : '';
    const next = upcomingMeeting(m.nextMeetingOn, localDay(d.today, d.tz));
    return `${ring}${user(m.supporterId)} · ${SUPPORTER_KIND_LABEL[m.supporterKind]}${topic}${since}${next ? ` · next meeting ${shortDate(next, d.today)}` : ''}`;
  });
  if (!lines.length || (d.role !== 'mentee' && d.role !== 'admin'))
    return sectionsOf('*Supporters*', lines.length ? lines : ['No active supporters yet.']);
  // The mentee can end each mentorship from its ⋯ menu, as on Home; an admin, whose menu would hold
  // nothing else (Slack wants two options or more), from a button that says what it does. Both ask first.
  return [
    section('*Supporters*'),
    ...d.supporters.map((m, i) =>
      section(lines[i]!, {
        accessory:
          d.role === 'mentee'
            ? mentorshipMenu({ mentorshipId: m.id }, 'mentee')
            : button('End mentorship…', ACTIONS.confirmEnd, mentorshipValue(m.id)),
      }),
    ),
  ];
}

/** Open calls for help, each with Mark resolved for whoever may resolve it. */
function helpBlocks(d: ProgressData): KnownBlock[] {
  if (!d.helpRequests.length) return [];
  const canResolve = d.role === 'mentee' || d.role === 'supporter' || d.role === 'admin';
  return [
    section(`*Asking for help* (${d.helpRequests.length} open)`),
    ...d.helpRequests.map((f) => {
      const topic = f.topicName ? ` with *${inlineText(f.topicName)}*` : '';
      const note = f.note ? `\n${quotedText(f.note, 500)}` : '';
      return section(`:ring_buoy: Asked for help${topic} on ${shortDate(f.openedAt, d.today)}${note}`, {
        ...(canResolve ? { accessory: button('Mark resolved', ACTIONS.resolveHelp, resolveHelpValue(f.id)) } : {}),
      });
    }),
  ];
}

function familiarityBlocks(d: ProgressData): KnownBlock[] {
  if (!d.familiarity.length) return [];
  const lines = d.familiarity.map(
    (f) => `${f.helpRequested ? ':ring_buoy: ' : ''}${inlineText(f.topicName)}: ${familiarityText(f.level)}`,
  );
  return sectionsOf('*Familiarity*', lines);
}

/** Open goals, each followed by its open tasks, then the tasks under no open goal; menus for the mentee. */
function goalsAndTasksBlocks(d: ProgressData): KnownBlock[] {
  const owner = d.role === 'mentee';
  const taskBlock = (t: Task) =>
    section(taskLine(t, d.today), owner ? { accessory: menu(ACTIONS.taskMenu, t.id) } : {});
  const done = d.doneGoals ? ` · ${d.doneGoals} done` : '';
  const blocks: KnownBlock[] = [
    section(
      `*Goals* (${d.goals.length} open${done})${d.goals.length ? '' : `\n${owner ? 'No open goals yet. Add one with the button above.' : 'No open goals yet.'}`}`,
    ),
  ];
  const goalIds = new Set(d.goals.map((g) => g.id));
  for (const g of d.goals) {
    const target = g.targetDate ? ` · by ${shortDate(g.targetDate, d.today)}` : '';
    const detail = g.detail ? `\n${quotedText(g.detail, 600)}` : '';
    blocks.push(
      section(
        `:dart: *${inlineText(g.title)}*${target}${detail}`,
        owner ? { accessory: menu(ACTIONS.goalMenu, g.id) } : {},
      ),
    );
    blocks.push(...d.tasks.filter((x) => x.goalId === g.id).map(taskBlock));
  }
  const loose = d.tasks.filter((t) => t.goalId === null || !goalIds.has(t.goalId));
  const doneTasks = d.doneTasks ? ` · ${d.doneTasks} done` : '';
  blocks.push(section(`*Other tasks* (${loose.length} open${doneTasks})${loose.length ? '' : '\nNone.'}`));
  blocks.push(...loose.map(taskBlock));
  return blocks;
}

/** "30 min · video call · ", or as much of it as the report says: both are optional. */
function meetingFacts(r: MeetingReport): string {
  const length = r.durationMinutes === null ? '' : `${r.durationMinutes} min · `;
  const way = r.format ? `${FORMATS[r.format].toLowerCase()} · ` : '';
  return `${length}${way}`;
}

function reportsBlocks(d: ProgressData): KnownBlock[] {
  const blocks = [section(`*Latest meeting reports*${d.reports.length ? '' : '\nNo meeting reports yet.'}`)];
  for (const r of d.reports) {
    // Its author may still change a report for 24 hours, while they support the mentee.
    const editable =
      r.authorId === d.viewerId &&
      withinEditWindow(r.createdAt, d.today) &&
      d.supporters.some((m) => m.id === r.mentorshipId && m.supporterId === d.viewerId);
    blocks.push(
      section(
        `*${shortDate(r.metOn, d.today)}* · ${user(r.authorId)} · ${meetingFacts(r)}going ${r.progress} of 5\n` +
          quotedText(r.summary, 700) +
          // Storage hands the note only to its author and admins; the mentee's page never shows one.
          (r.privateNote && d.role !== 'mentee'
            ? `\n:lock: _Private note for admins: ${inlineText(r.privateNote, 1200)}_`
            : ''),
        editable ? { accessory: button('Edit report', ACTIONS.editReport, editReportValue(r.id)) } : {},
      ),
    );
  }
  return blocks;
}

/** Ended and declined mentorships with their private reasons: admins only. */
function pastBlocks(d: ProgressData): KnownBlock[] {
  if (d.role !== 'admin' || !d.past?.length) return [];
  const lines = d.past.map((p) => {
    const topic = p.topicName ? ` · ${inlineText(p.topicName)}` : '';
    const how =
      p.status === 'declined'
        ? `declined ${shortDate(p.closedAt, d.today)}`
        : `ended ${shortDate(p.closedAt, d.today)}${p.endedBy ? ` by ${user(p.endedBy)}` : ''}`;
    const reason = p.endReason ? `\n>:lock: Reason (admins only): ${inlineText(p.endReason, 600)}` : '';
    return `${user(p.supporterId)} · ${SUPPORTER_KIND_LABEL[p.supporterKind]}${topic} · ${how}${reason}`;
  });
  return sectionsOf('*Past mentorships* (admins only)', lines);
}

/** Every block of the page's body, before it is cut into pages. */
export function progressContent(d: ProgressData): KnownBlock[] {
  return [
    ...supportersBlocks(d),
    ...helpBlocks(d),
    ...familiarityBlocks(d),
    ...goalsAndTasksBlocks(d),
    ...reportsBlocks(d),
    ...pastBlocks(d),
  ];
}

/** The buttons for what this viewer can do next from the page. */
function nextSteps(d: ProgressData): KnownBlock[] {
  if (d.role === 'mentee') {
    return [
      actions([
        askButton(),
        button('Add goal', ACTIONS.addGoal, undefined, { style: 'primary' }),
        button('Add task', ACTIONS.addTask),
        // The familiarity form, which can also ask for help ("Request mentor assistance").
        button('Set familiarity', ACTIONS.openAssist),
      ]),
    ];
  }
  if (d.role === 'supporter') {
    const mine = d.supporters.filter((m) => m.supporterId === d.viewerId).slice(0, 5);
    // One actions block per mentorship: an action_id may appear only once in a block.
    return mine.map((m, i) => {
      const topic = mine.length > 1 && m.topicName ? ` (${m.topicName})` : '';
      return actions([
        button(`Log meeting report${topic}`, ACTIONS.openReport, openReportValue(m.id), { style: 'primary' }),
        ...(i === 0 ? [button('Suggest a task', ACTIONS.suggestTask, suggestTaskValue(d.menteeId))] : []),
        button(`End mentorship${topic}`, ACTIONS.confirmEnd, mentorshipValue(m.id)),
      ]);
    });
  }
  return [];
}

function footer(role: ProgressRole): string {
  if (role === 'mentee') return 'Your supporters and Lifering admins can see this page.';
  if (role === 'admin')
    return ':lock: You see private notes and end reasons because you are a Lifering admin. The mentee and their supporters never do.';
  return 'Private notes in meeting reports are for admins: you see only your own.';
}

export function pageCount(d: ProgressData): number {
  return paginate(progressContent(d), CONTENT_BLOCKS_PER_PAGE).length;
}

/** The progress page modal, one page of it; `private_metadata` says whose and which page. */
export function progressModal(d: ProgressData, requestedPage = 1): ModalView {
  const pages = paginate(progressContent(d), CONTENT_BLOCKS_PER_PAGE);
  const page = clampPage(requestedPage, pages.length);
  const who = d.role === 'mentee' ? 'Your progress page' : `${user(d.menteeId)}'s progress page`;
  const blocks: KnownBlock[] = [section(`*${who}*${pages.length > 1 ? ` · page ${page} of ${pages.length}` : ''}`)];
  blocks.push(...nextSteps(d));
  blocks.push(...pages[page - 1]!);
  // One block per page button: an action_id may appear only once in a block.
  if (page > 1) blocks.push(actions([button('Previous page', ACTIONS.progressPage, progressPageValue(page - 1))]));
  if (page < pages.length)
    blocks.push(actions([button('Next page', ACTIONS.progressPage, progressPageValue(page + 1))]));
  blocks.push(context(footer(d.role)));
  return modal({
    callbackId: ACTIONS.progressView,
    title: 'Progress page',
    close: 'Close',
    blocks,
    privateMetadata: progressModalMeta({ menteeId: d.menteeId, page }),
  });
}

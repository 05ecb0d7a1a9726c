import type { ActionsBlockElement, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import {
  actions,
  button,
  context,
  divider,
  header,
  input,
  type Message,
  modal,
  option,
  overflow,
  plain,
  section,
} from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, SUPPORTER_KIND_LABEL, shortDate, user } from '../../slack/text.ts';
import type { ListedMentorship, Mentorship, SupporterKind, Topic } from '../../storage/rows.ts';
import type { HelpAfterEnding } from '../help-requests/after-ending.ts';
import { askButton, helpAfterEndingLines } from '../help-requests/views.ts';
import type { OversightBack } from '../oversight/values.ts';
import { openProgressValue } from '../progress/values.ts';
import { openReportValue } from '../reports/values.ts';
import { findSupporterButton } from '../requests/views.ts';
import { endedNotice } from './ended-notice.ts';
import { END_REASON_MAX, isOverloaded, type SupporterLoad } from './rules.ts';
import {
  assignModalMeta,
  assignPrefillValue,
  endModalMeta,
  mentorshipMenuValue,
  mentorshipValue,
  type ProgressPage,
  topicOptionValue,
} from './values.ts';

/** block_id / action_id pairs of the assign modal, shared with its listener. */
export const ASSIGN = {
  supporter: 'supporter',
  mentee: 'mentee',
  topic: 'topic',
  kind: 'kind',
  silent: 'silent',
  load: 'load',
  programme: 'programme',
} as const;

export const END = { reason: 'reason' } as const;

/** The value of the assign form's "Don't tell them" checkbox. */
export const SILENT_OPTION = 'silent';

const KIND_ORDER: SupporterKind[] = ['mentor', 'coach', 'advisor', 'on_demand_advisor'];

/**
 * "Data analysis, as mentor" or "as coach": what a mentorship is for, in one phrase; with
 * " · Leadership coaching" when the workspace runs several programmes (the store reads the name then only).
 */
export function what(m: {
  topicName: string | null;
  supporterKind: SupporterKind;
  programmeName?: string | null;
}): string {
  const kind = `as ${SUPPORTER_KIND_LABEL[m.supporterKind]}`;
  return `${m.topicName ? `${inlineText(m.topicName)}, ${kind}` : kind}${inProgramme(m.programmeName ?? undefined)}`;
}

export interface AssignModalInput {
  topics: readonly Topic[];
  supporterId?: string | undefined;
  menteeId?: string | undefined;
  topicId?: number | undefined;
  kind?: SupporterKind | undefined;
  /** "Don't tell them": active at once, nobody messaged (for pairs already meeting). */
  silent?: boolean | undefined;
  requestId?: number | undefined;
  /** The open mentorship this assignment replaces (reassign from the programme view): it ends when this is assigned. */
  replaces?: number | undefined;
  /** The programme view the form was opened over, redrawn after assigning. */
  back?: OversightBack | undefined;
  /** The chosen supporter's load, shown before the admin submits. */
  load?: { supporterId: string; load: SupporterLoad; max: number } | undefined;
  /** Ranked supporters for the chosen mentee and topic (matching feature), shown under the topic. */
  suggestions?: KnownBlock[] | undefined;
  /** The workspace's programmes: a select appears only when there are several (the default one first). */
  programmes?: readonly { id: number; name: string }[] | undefined;
  programmeId?: number | undefined;
}

const topicOption = (t: Topic): PlainTextOption => option(t.name, topicOptionValue(t.id));
const kindOption = (k: SupporterKind): PlainTextOption => option(SUPPORTER_KIND_LABEL[k], k);
const silentOption = option(
  "Don't tell them (for pairs already meeting)",
  SILENT_OPTION,
  'Active at once; nobody is asked or messaged',
);

export function loadText(supporterId: string, load: SupporterLoad, max: number): string {
  const parts = [
    `${user(supporterId)} supports ${load.active} of up to ${max} mentee${max === 1 ? '' : 's'}`,
    load.overdue
      ? `${load.overdue} meeting report${load.overdue === 1 ? ' is' : 's are'} overdue`
      : 'no meeting reports overdue',
    load.openHelp
      ? `${load.openHelp} help request${load.openHelp === 1 ? ' is' : 's are'} open`
      : 'no open help requests',
  ];
  const line = `${parts.join(' · ')}.`;
  // One rule everywhere (the report flags the same): up to `max` is fine, above it is overloaded,
  // so at the limit the warning says one more takes them above it.
  const limit =
    load.active > max
      ? ` They are already above the limit of ${max}.`
      : load.active === max
        ? ` One more mentee takes them above the limit of ${max}.`
        : '';
  return isOverloaded(load, max) ? `:warning: ${line}${limit} You can still go ahead.` : line;
}

/** A person picker of the assign modal; picking redraws the form (load, suggestions). */
function personInput(blockId: string, label: string, actionId: string, placeholder: string, initial?: string) {
  return input(
    blockId,
    label,
    {
      type: 'users_select',
      action_id: actionId,
      placeholder: plain(placeholder),
      ...(initial ? { initial_user: initial } : {}),
    },
    { dispatchAction: true },
  );
}

/** The programme select, first: which programme's terms (rhythm, capacity, agreement) the pair takes. */
function programmeInput(programmes: readonly { id: number; name: string }[], chosenId: number | undefined): KnownBlock {
  const options = programmes.slice(0, 100).map((p) => option(p.name, String(p.id)));
  const chosen = options.find((o) => o.value === String(chosenId)) ?? options[0];
  return input(
    ASSIGN.programme,
    'Programme',
    {
      type: 'static_select',
      action_id: ACTIONS.assignProgrammePicked,
      options,
      ...(chosen ? { initial_option: chosen } : {}),
    },
    { dispatchAction: true },
  );
}

function topicInput(topics: readonly Topic[], topicId: number | undefined): KnownBlock {
  const chosen = topics.find((t) => t.id === topicId);
  return input(
    ASSIGN.topic,
    'Topic',
    {
      type: 'static_select',
      action_id: ACTIONS.assignTopicPicked,
      placeholder: plain('Any topic'),
      options: topics.map(topicOption),
      ...(chosen ? { initial_option: topicOption(chosen) } : {}),
    },
    {
      optional: true,
      hint: 'Leave empty for support in general. Archived topics are not offered.',
      dispatchAction: true,
    },
  );
}

/**
 * The kind, then the silent assignment, last and under "Advanced": making a pair active with
 * nobody told is for pairs that already meet, never the main path (an unticked "Send
 * notification" used to do it one click from Assign).
 */
function kindAndAdvancedInputs(i: AssignModalInput): KnownBlock[] {
  return [
    input(ASSIGN.kind, 'Supporter kind', {
      type: 'radio_buttons',
      action_id: ASSIGN.kind,
      options: KIND_ORDER.map(kindOption),
      initial_option: kindOption(i.kind ?? 'mentor'),
    }),
    input(
      ASSIGN.silent,
      'Advanced',
      {
        type: 'checkboxes',
        action_id: ASSIGN.silent,
        options: [silentOption],
        ...(i.silent ? { initial_options: [silentOption] } : {}),
      },
      { optional: true },
    ),
  ];
}

/**
 * The assign form, in the order an admin thinks: who needs support, in what, then who could give
 * it (suggestions, once a mentee is picked), then anyone else.
 */
export function assignModal(i: AssignModalInput): ModalView {
  const topics = i.topics.slice(0, 100);
  const blocks: KnownBlock[] = [];
  if (i.replaces)
    blocks.push(context('The current mentorship ends, with no blame, when you assign the new supporter.'));
  else if (i.programmes && i.programmes.length > 1) blocks.push(programmeInput(i.programmes, i.programmeId));
  // Picking the mentee (and topic) redraws the form with suggested supporters.
  blocks.push(personInput(ASSIGN.mentee, 'Mentee', ACTIONS.assignMenteePicked, 'Who is being supported?', i.menteeId));
  if (topics.length > 0) blocks.push(topicInput(topics, i.topicId));
  if (i.suggestions) blocks.push(...i.suggestions);
  blocks.push(
    personInput(
      ASSIGN.supporter,
      'Supporter',
      ACTIONS.assignSupporterPicked,
      i.suggestions?.length ? 'Or pick anyone' : 'Who will support them?',
      i.supporterId,
    ),
  );
  if (i.load) blocks.push({ ...context(loadText(i.load.supporterId, i.load.load, i.load.max)), block_id: ASSIGN.load });
  blocks.push(...kindAndAdvancedInputs(i));
  if (topics.length === 0) blocks.push(context('No topics yet: admins add them with `/mentor topics`.'));
  return modal({
    callbackId: ACTIONS.assignSubmit,
    title: i.replaces ? 'Reassign' : 'Assign a supporter',
    submit: i.replaces ? 'Reassign' : 'Assign',
    blocks,
    privateMetadata: assignModalMeta({ requestId: i.requestId, replaces: i.replaces, back: i.back }),
  });
}

/** What the admin sees once the assignment is stored. */
export function assignedText(m: Mentorship): string {
  return m.status === 'pending'
    ? `Done: I've asked ${user(m.supporterId)} to support ${user(m.menteeId)} (${what(m)}). It stays pending until they accept; you'll hear if they decline.`
    : `Done: ${user(m.supporterId)} now supports ${user(m.menteeId)} (${what(m)}). It is active at once, and nobody was messaged.`;
}

export function doneModal(title: string, text: string): ModalView {
  return modal({ callbackId: 'mentorship.done', title, close: 'Done', blocks: [section(text)] });
}

/** What being a supporter asks of someone: behind "What’s involved?" on the invitation. */
export const COMMITMENTS = [
  "look at the mentee's progress page before you meet",
  'keep appointments and keep time',
  'make it safe to talk',
  'help them work things out rather than telling them what to do',
  'ask questions that help them explore options and reflect',
  'file a short meeting report at least once a month',
];

/**
 * What the invitation says of the programme: its name (only when the workspace has several) and
 * its support agreement's blocks (src/features/programmes/views.ts), when it has one.
 */
export interface OfferTerms {
  programmeName?: string | undefined;
  agreement?: KnownBlock[] | undefined;
}

/** " · Leadership coaching" after what a mentorship is for, when the workspace has several programmes. */
export const inProgramme = (name: string | undefined): string => (name ? ` · ${inlineText(name, 80)}` : '');

/** At most this many of the mentee's words in the invitation, so its first block stays short. */
const HOPING_WORDS = 18;

/**
 * The invitation to a supporter: who, for what, by whom and a line about the mentee, in one
 * short block; the commitments are one click away. `hopingFor` is what the mentee wrote when
 * they asked for a supporter, when this assignment answers that request.
 */
export function offerDm(m: Mentorship, hopingFor?: string | null, terms: OfferTerms = {}): Message {
  const mentee = user(m.menteeId);
  const lead = `*${user(m.assignedBy)} asks you to support ${mentee}* (${what({ ...m, programmeName: m.programmeName ?? terms.programmeName })}).`;
  const words = hopingFor?.trim().split(/\s+/).filter(Boolean) ?? [];
  const about =
    words.length > 0
      ? `They asked for: “${inlineText(words.slice(0, HOPING_WORDS).join(' '))}${words.length > HOPING_WORDS ? '…' : ''}”`
      : `Once you accept, you'll see ${mentee}'s goals on their progress page.`;
  return {
    text: `${user(m.assignedBy)} asks you to support a mentee (${what(m)}). Accept or say not now in Lifering.`,
    blocks: [
      section(`${lead}\n${about}`),
      ...(terms.agreement ?? []),
      actions([
        button('Accept', ACTIONS.acceptAssignment, mentorshipValue(m.id), { style: 'primary' }),
        button('Not now', ACTIONS.declineAssignment, mentorshipValue(m.id)),
        button('What’s involved?', ACTIONS.whatsInvolved, mentorshipValue(m.id)),
      ]),
      context('You can end a mentorship at any time, no blame attached.'),
    ],
  };
}

/**
 * The offer again, with a line on top saying why it came again (the one reminder, an admin's
 * nudge). Its Accept and Decline answer from this newest copy (see setOffer).
 */
export function offerAgainDm(m: Mentorship, intro: string, hopingFor?: string | null, terms?: OfferTerms): Message {
  const offer = offerDm(m, hopingFor, terms);
  return { text: `Reminder: ${offer.text}`, blocks: [context(intro), ...(offer.blocks ?? [])] };
}

/** The commitments, in a modal opened from the invitation. */
export function commitmentsModal(ended?: string): ModalView {
  return modal({
    callbackId: 'mentorship.commitments',
    title: 'Being a supporter',
    close: 'Close',
    blocks: [
      ...(ended ? [section(ended)] : []),
      section(`*Being a supporter means you:*\n${COMMITMENTS.map((c) => `• ${c}`).join('\n')}`),
      context('You can end a mentorship at any time, no blame attached.'),
    ],
  });
}

/** A link into the DM with someone, as Slack's own deep links open it. */
export const dmLink = (teamId: string, userId: string): string =>
  `slack://user?team=${encodeURIComponent(teamId)}&id=${encodeURIComponent(userId)}`;

/** The same DM after Accept, with a way to say hello to the mentee. */
export function acceptedDm(m: Mentorship, today: Date, menteeName?: string | null): Message {
  const text = `You accepted on ${shortDate(m.acceptedAt ?? today.toISOString(), today)}. You now support ${user(m.menteeId)} (${what(m)}); they've been told.`;
  const hello = menteeName ? `Message ${menteeName}` : 'Say hello';
  return {
    text,
    blocks: [
      section(text),
      actions([
        button(hello, ACTIONS.messagePartner, undefined, { url: dmLink(m.teamId, m.menteeId), style: 'primary' }),
        button('Open progress page', ACTIONS.openProgress, openProgressValue(m.menteeId)),
        button('Log meeting report', ACTIONS.openReport, openReportValue(m.id)),
      ]),
      context(
        'File a short meeting report at least once a month. You can end a mentorship at any time, no blame attached.',
      ),
    ],
  };
}

/** The same DM after Decline. */
export function declinedDm(m: Mentorship, today: Date): Message {
  const text = `You declined on ${shortDate(m.declinedAt ?? today.toISOString(), today)}. Thanks for letting us know; ${user(m.assignedBy)} will find someone else for ${user(m.menteeId)}.`;
  return { text, blocks: [section(text)] };
}

/** The offer DM once the mentorship ended before the supporter answered. */
/** The first invitation once it was sent again: its buttons live on the newer copy, so this one keeps none. */
export function offerSentAgainDm(m: Mentorship): Message {
  const text = `You were asked to support ${user(m.menteeId)} (${what(m)}). The request was sent again below: answer it there.`;
  return { text, blocks: [section(text)] };
}

export function withdrawnDm(m: Mentorship): Message {
  const text = `The request to support ${user(m.menteeId)} (${what(m)}) was withdrawn, so there is nothing for you to do.`;
  return { text, blocks: [section(text)] };
}

/** To the mentee, once their supporter accepted. */
export function newSupporterDm(m: Mentorship): Message {
  const text = `:tada: ${user(m.supporterId)} is now your supporter (${what(m)}).`;
  return {
    text,
    blocks: [
      section(
        `${text}\nThey'll look at your progress page before you meet. Add your goals there so your time together counts.`,
      ),
      actions([button('Open progress page', ACTIONS.openProgress, openProgressValue(m.menteeId))]),
    ],
  };
}

/** To the admin who assigned, after a decline: the next step is assigning someone else. */
export function declinedToAdminDm(m: Mentorship): Message {
  const text = `${user(m.supporterId)} declined supporting ${user(m.menteeId)} (${what(m)}). You can assign someone else.`;
  const value = assignPrefillValue({ menteeId: m.menteeId, topicId: m.topicId });
  return {
    text,
    blocks: [
      section(text),
      actions([button('Assign a supporter', ACTIONS.openAssignModal, value, { style: 'primary' })]),
    ],
  };
}

/**
 * The neutral DM to the people in a mentorship that ended (never the reason). The mentee also
 * hears what became of the help requests it was answering, with the buttons for what next.
 */
export function endedDm(
  m: Mentorship,
  to: string,
  replacement?: Mentorship,
  help: readonly HelpAfterEnding[] = [],
): Message {
  const other = to === m.supporterId ? m.menteeId : m.supporterId;
  const text = `Your mentorship with ${user(other)} (${what(m)}) has ended.`;
  if (to !== m.menteeId) {
    return {
      text,
      blocks: [
        section(`${text} Thank you for the time and care you gave it.`),
        context('Ending a mentorship carries no blame; its history stays in Lifering.'),
      ],
    };
  }
  // Reassigned: the mentee already has someone new on the way, so is not sent off to ask for one.
  const taking = replacement
    ? replacement.status === 'pending'
      ? ` I've asked ${user(replacement.supporterId)} to take over; you'll hear here when they accept.`
      : ` ${user(replacement.supporterId)} now supports you instead (${what(replacement)}).`
    : ' If you would like another supporter, I can ask the admins to find you one.';
  const buttons = [
    ...(replacement ? [] : [findSupporterButton()]),
    ...(help.some((h) => h.kind === 'closed') ? [askButton()] : []),
  ];
  const lines = [`${text} Thank you for the time you spent together.${taking}`, ...helpAfterEndingLines(help)];
  return {
    text,
    blocks: [
      section(lines.join('\n')),
      ...(buttons.length ? [actions(buttons)] : []),
      context('Ending a mentorship carries no blame; its history stays in Lifering.'),
    ],
  };
}

/** The assignment DM once the mentorship it started has ended: what happened, and no buttons left. */
export function endedOfferDm(m: Mentorship, today: Date): Message {
  const accepted = m.acceptedAt ? `You accepted on ${shortDate(m.acceptedAt, today)} and supported` : 'You supported';
  const text = `${accepted} ${user(m.menteeId)} (${what(m)}). ${endedNotice(m, m.supporterId, today)}`;
  return { text, blocks: [section(text)] };
}

/** Who the person ending a mentorship ends it with: the other one of the two, or none for an admin. */
const otherOf = (m: Pick<Mentorship, 'supporterId' | 'menteeId'>, viewerId: string | undefined): string | undefined =>
  viewerId === m.supporterId ? m.menteeId : viewerId === m.menteeId ? m.supporterId : undefined;

/** "End your mentorship with Priya?" for one of the two; the pair named for an admin. */
function endQuestion(m: Mentorship, viewerId: string | undefined): string {
  const other = otherOf(m, viewerId);
  return other
    ? `End your mentorship with ${user(other)}? (${what(m)})`
    : `End the mentorship of ${user(m.menteeId)} by ${user(m.supporterId)}? (${what(m)})`;
}

const noBlame = (m: Mentorship, viewerId: string | undefined): string => {
  const other = otherOf(m, viewerId);
  return other
    ? `It carries no blame: its history stays in Lifering, and ${user(other)} is told kindly.`
    : 'It carries no blame: its history stays in Lifering, and the others in it are told kindly.';
};

export interface EndModalOptions {
  /** Who is ending it: one of the two is asked in the second person. */
  viewerId?: string | undefined;
  /** Reassign: who takes over, and whether they are asked to accept first. */
  newSupporterId?: string | undefined;
  notify?: boolean | undefined;
  warning?: string | undefined;
  back?: OversightBack | undefined;
  /** The progress page it was opened from, redrawn once the mentorship has ended. */
  progress?: ProgressPage | undefined;
}

/** Confirmation with the private reason, for `/mentor end` and the programme view (and `/mentor reassign`, which names the new supporter). */
export function endModal(m: Mentorship, o: EndModalOptions = {}): ModalView {
  const { newSupporterId } = o;
  const lead = newSupporterId
    ? `This ends ${user(m.supporterId)}'s mentorship of ${user(m.menteeId)} (${what(m)}) and asks ${user(newSupporterId)} to take over. Its history stays; the others in it are told kindly, with no blame.`
    : `*${endQuestion(m, o.viewerId)}*\n${noBlame(m, o.viewerId)}`;
  return modal({
    callbackId: ACTIONS.endSubmit,
    title: newSupporterId ? 'Reassign mentorship' : 'End mentorship',
    submit: newSupporterId ? 'Reassign' : 'End mentorship',
    blocks: [
      section(lead),
      ...(o.warning ? [context(o.warning)] : []),
      input(
        END.reason,
        'Reason (private)',
        { type: 'plain_text_input', action_id: END.reason, multiline: true, max_length: END_REASON_MAX },
        { optional: true, hint: 'Only admins can see this. It is never sent to anyone.' },
      ),
    ],
    privateMetadata: endModalMeta({
      id: m.id,
      newSupporterId,
      notify: o.notify ?? true,
      back: o.back,
      progress: o.progress,
    }),
  });
}

/**
 * The confirmation behind End on Home, the ⋯ menu, `/mentor list` and DMs: "End your mentorship
 * with Priya?" and a danger-styled button (a modal's own submit button cannot be styled, so the
 * question has no form; the private reason is asked for once it has ended).
 */
export function endConfirmModal(m: Mentorship, viewerId: string, progress?: ProgressPage): ModalView {
  return modal({
    callbackId: 'mentorship.end.confirm.view',
    title: 'End mentorship',
    close: 'Keep it',
    blocks: [
      section(`*${endQuestion(m, viewerId)}*`),
      context(noBlame(m, viewerId)),
      actions([button('End mentorship', ACTIONS.endNow, mentorshipValue(m.id), { style: 'danger' })]),
    ],
    privateMetadata: endModalMeta({ id: m.id, progress }),
  });
}

/** After the danger button: it has ended; what became of any help request; an optional private reason. */
export function endedReasonModal(m: Mentorship, viewerId: string, help: readonly HelpAfterEnding[]): ModalView {
  const other = otherOf(m, viewerId);
  const lead = other
    ? `Your mentorship with ${user(other)} (${what(m)}) has ended. ${user(other)} has been told kindly, with no blame.`
    : `The mentorship of ${user(m.menteeId)} by ${user(m.supporterId)} (${what(m)}) has ended. The others in it have been told kindly.`;
  const lines = viewerId === m.menteeId ? helpAfterEndingLines(help) : [];
  const asked = viewerId === m.menteeId && help.some((h) => h.kind === 'closed');
  return modal({
    callbackId: ACTIONS.endReasonSubmit,
    title: 'Mentorship ended',
    submit: 'Save reason',
    close: 'Done',
    blocks: [
      section([lead, ...lines].join('\n')),
      ...(asked ? [actions([askButton()])] : []),
      input(
        END.reason,
        'Anything the admins should know? (private)',
        { type: 'plain_text_input', action_id: END.reason, multiline: true, max_length: END_REASON_MAX },
        {
          optional: true,
          hint: 'Only admins can see this. It is never sent to anyone. Leave it empty and press Done.',
        },
      ),
    ],
    privateMetadata: endModalMeta({ id: m.id }),
  });
}

/** The ⋯ menu next to a mentorship (Home, the progress page): End lives here, behind its confirmation, not as a bare button. */
export function mentorshipMenu(m: { mentorshipId: number }, as: 'mentee' | 'supporter') {
  return overflow(ACTIONS.mentorshipMenu, [
    as === 'mentee'
      ? option(':ring_buoy: Ask for help', mentorshipMenuValue('ask', m.mentorshipId))
      : option('Suggest a task', mentorshipMenuValue('task', m.mentorshipId)),
    option('End mentorship…', mentorshipMenuValue('end', m.mentorshipId)),
  ]);
}

/** When a pair has several open mentorships: one line and button each, so the person picks. */
export function chooseMentorship(open: readonly Mentorship[], verb: 'end' | 'reassign'): Message {
  const shown = open.slice(0, 20);
  const text = `${user(open[0]!.supporterId)} and ${user(open[0]!.menteeId)} have ${open.length} open mentorships. Which one do you mean? Add the topic to the command, or pick one:`;
  return {
    text,
    blocks: [
      section(text),
      ...shown.map((m) =>
        section(
          `• ${what(m)} · ${m.status}`,
          verb === 'end' ? { accessory: button('End this one', ACTIONS.confirmEnd, mentorshipValue(m.id)) } : {},
        ),
      ),
      ...(open.length > shown.length ? [context(`and ${open.length - shown.length} more`)] : []),
    ],
  };
}

export interface ListInput {
  supporting: readonly ListedMentorship[];
  supportedBy: readonly ListedMentorship[];
  /** Display names for the End picker (plain text cannot show mentions); the user id otherwise. */
  names?: ReadonlyMap<string, string>;
}

/** The most rows shown before pointing to Home. */
const MAX_ROWS = 40;

const statusBadge = (m: ListedMentorship): string => (m.status === 'pending' ? ' · _pending your answer_' : '');
const lifeRing = (m: ListedMentorship): string => (m.helpOpen ? ':ring_buoy: ' : '');
const supportingLine = (m: ListedMentorship): string =>
  `${lifeRing(m)}${user(m.menteeId)} · ${SUPPORTER_KIND_LABEL[m.supporterKind]}${inProgramme(m.programmeName ?? undefined)}${statusBadge(m)}`;

/** `/mentor list`: who I support, grouped by topic, and who supports me; capped to fit one message. */
export function listMessage(i: ListInput): Message {
  const name = (id: string): string => i.names?.get(id) ?? id;
  const blocks: KnownBlock[] = [header('Mentorships')];
  let rows = 0;
  let hidden = 0;
  const take = (lines: string[]): string[] => {
    const room = Math.max(0, MAX_ROWS - rows);
    hidden += Math.max(0, lines.length - room);
    rows += Math.min(room, lines.length);
    return lines.slice(0, room);
  };

  if (i.supporting.length === 0) {
    blocks.push(section('*Who you support*\nNobody yet.'));
  } else {
    blocks.push(section(`*Who you support* (${i.supporting.length})`));
    const groups = new Map<string, ListedMentorship[]>();
    for (const m of i.supporting) {
      const key = m.topicName ?? '';
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    for (const [topic, list] of [...groups.entries()].sort(([a], [b]) =>
      a === '' ? 1 : b === '' ? -1 : a.localeCompare(b),
    )) {
      const lines = take(list.map(supportingLine));
      if (lines.length === 0) continue;
      // A message holds 50 blocks: past 40 topic groups the rest are counted, not shown.
      if (blocks.length >= 40) {
        hidden += lines.length;
        continue;
      }
      blocks.push(section(`_${topic ? inlineText(topic, 75) : 'No topic'}_\n${lines.join('\n')}`));
    }
  }
  blocks.push(divider());
  if (i.supportedBy.length === 0) {
    blocks.push(
      section('*Who supports you*\nNobody yet. Ask your admins for a supporter: it takes a minute.', {
        accessory: findSupporterButton(),
      }),
    );
  } else {
    const lines = take(
      i.supportedBy.map(
        (m) =>
          `${lifeRing(m)}${user(m.supporterId)} · ${what(m)}${m.status === 'pending' ? ' · _waiting for them to accept_' : ''}`,
      ),
    );
    blocks.push(section(`*Who supports you* (${i.supportedBy.length})${lines.length ? `\n${lines.join('\n')}` : ''}`));
  }
  if (hidden > 0) blocks.push(context(`and ${hidden} more — see your Home tab`));
  // Either side can end from here: the pick opens the no-blame confirmation (Slack allows 100 options).
  const endable = [
    ...i.supporting.map((m) =>
      option(
        `With ${name(m.menteeId)} (you support them${m.topicName ? `, ${m.topicName}` : ''})`,
        mentorshipValue(m.id),
      ),
    ),
    ...i.supportedBy.map((m) =>
      option(
        `With ${name(m.supporterId)} (supports you${m.topicName ? `, ${m.topicName}` : ''})`,
        mentorshipValue(m.id),
      ),
    ),
  ];
  // Someone with a supporter asks for help from here too, the life ring one tap away.
  const controls: ActionsBlockElement[] = i.supportedBy.length ? [askButton()] : [];
  if (endable.length) {
    controls.push({
      type: 'static_select',
      action_id: ACTIONS.endPicked,
      placeholder: plain('End a mentorship…'),
      options: endable.slice(0, 100),
    });
  }
  if (controls.length) blocks.push(actions(controls));
  blocks.push(context(':ring_buoy: marks a mentee who asked for help.'));
  return { text: `Mentorships: you support ${i.supporting.length}, and ${i.supportedBy.length} support you.`, blocks };
}

import type { ActionsBlockElement, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { localDay, upcomingMeeting } from '../../calendar/dates.ts';
import { reportDue, reportDueBadge } from '../../calendar/report-due.ts';
import { actions, button, context, divider, modal, option, overflow, plain, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { dateTime, inlineText, SUPPORTER_KIND_LABEL, shortDate, user } from '../../slack/text.ts';
import type { OversightFilter, OversightRow } from '../../storage/oversight.ts';
import type { Listing } from '../../storage/overview.ts';
import type { Topic } from '../../storage/rows.ts';
import { daysSince } from '../admin-report/rules.ts';
import { PROGRAMME_PAGE_SIZE, pageCount, rowActions, STATE_LABELS } from './rules.ts';
import {
  flagOptionValue,
  openOversightValue,
  oversightModalMeta,
  oversightPageValue,
  oversightRowValue,
  PROGRAMME_STATES,
  stateOptionValue,
  topicFilterValue,
} from './values.ts';

export interface OversightModel {
  filter: OversightFilter;
  page: number;
  listing: Listing<OversightRow>;
  topics: readonly Topic[];
  now: Date;
  intervalDays: number;
  /** The one programme the list is narrowed to (`/mentor admin mentorships … in <programme>`). */
  programmeName?: string | undefined;
}

const ACTION_LABELS = {
  progress: 'Open progress page',
  end: 'End…',
  reassign: 'Reassign…',
  assign: 'Assign someone else…',
  nudge: 'Nudge the supporter',
} as const;

const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

/** One mentorship as a line an admin can act on. */
export function rowText(r: OversightRow, now: Date, intervalDays: number): string {
  const topic = r.topicName ? ` · ${inlineText(r.topicName)}` : '';
  const head = `${r.helpOpen && (r.status === 'active' || r.status === 'pending') ? ':ring_buoy: ' : ''}*${user(r.supporterId)} → ${user(r.menteeId)}*${topic} · ${SUPPORTER_KIND_LABEL[r.supporterKind]}`;
  let detail: string;
  switch (r.status) {
    case 'pending':
      detail =
        `:hourglass_flowing_sand: pending since ${shortDate(r.createdAt, now)} (${days(daysSince(r.createdAt, now))}, no answer yet)` +
        // One nudge a pair a day: the row says when the last one went, before anyone clicks again.
        (r.lastNudgedAt ? ` · last nudged ${dateTime(new Date(r.lastNudgedAt), now)}` : '') +
        (r.nudgeHeld ? ' · a nudge is waiting for their working hours' : '') +
        (r.remindedAt ? ` · reminded ${shortDate(r.remindedAt, now)}` : '');
      break;
    case 'declined':
      detail = `:no_entry_sign: declined ${shortDate(r.declinedAt ?? r.createdAt, now)}`;
      break;
    case 'active': {
      const rhythm = { intervalDays: r.reportEveryDays ?? intervalDays, remindBeforeDays: 0 };
      const status = reportDue(r.feedbackFrom, now, rhythm, null);
      const next = upcomingMeeting(r.nextMeetingOn, localDay(now, null));
      detail =
        `active since ${shortDate(r.acceptedAt ?? r.createdAt, now)} · ${r.lastReportAt ? `last report ${shortDate(r.lastReportAt, now)}` : 'no meeting report yet'}` +
        ` · ${status.state === 'overdue' ? `*${reportDueBadge(status)}*` : reportDueBadge(status)}${next ? ` · next meeting ${shortDate(next, now)}` : ''}`;
      break;
    }
    case 'ended':
      detail =
        `ended ${shortDate(r.endedAt ?? r.createdAt, now)}${r.endedBy ? ` by ${user(r.endedBy)}` : ''}` +
        (r.endReason ? `\n>:lock: Reason (admins only): ${inlineText(r.endReason, 400)}` : '');
      break;
  }
  return `${head}\n${detail}`;
}

function filterBlock(m: OversightModel): KnownBlock {
  const stateOptions = PROGRAMME_STATES.map((s) => option(STATE_LABELS[s], stateOptionValue(s)));
  const topics = m.topics.slice(0, 99);
  const topicOptions: PlainTextOption[] = [
    option('Any topic', topicFilterValue(undefined)),
    ...topics.map((t) => option(t.archivedAt ? `${t.name} (archived)` : t.name, topicFilterValue(t.id))),
  ];
  const overdue = option('Only overdue reports', flagOptionValue('overdue'));
  const help = option('Only with :ring_buoy: open', flagOptionValue('help'));
  const flagOptions = [overdue, help];
  const chosenFlags = [...(m.filter.overdue ? [overdue] : []), ...(m.filter.help ? [help] : [])];
  const elements: ActionsBlockElement[] = [
    {
      type: 'static_select',
      action_id: ACTIONS.oversightState,
      placeholder: plain('State'),
      options: stateOptions,
      initial_option: stateOptions.find((o) => o.value === stateOptionValue(m.filter.state))!,
    },
    {
      type: 'static_select',
      action_id: ACTIONS.oversightTopic,
      placeholder: plain('Topic'),
      options: topicOptions,
      initial_option: topicOptions.find((o) => o.value === topicFilterValue(m.filter.topicId)) ?? topicOptions[0]!,
    },
    {
      type: 'users_select',
      action_id: ACTIONS.oversightSupporter,
      placeholder: plain('Any supporter'),
      ...(m.filter.supporterId ? { initial_user: m.filter.supporterId } : {}),
    },
    {
      type: 'checkboxes',
      action_id: ACTIONS.oversightFlags,
      options: flagOptions,
      ...(chosenFlags.length ? { initial_options: chosenFlags } : {}),
    },
  ];
  return actions(elements, 'programme_filters');
}

function describeFilter(f: OversightFilter, topics: readonly Topic[]): string {
  const parts: string[] = [];
  if (f.state !== 'all') parts.push(STATE_LABELS[f.state].toLowerCase());
  if (f.topicId !== undefined) parts.push(`topic ${inlineText(topics.find((t) => t.id === f.topicId)?.name ?? '?')}`);
  if (f.supporterId) parts.push(`supported by ${user(f.supporterId)}`);
  if (f.overdue) parts.push('meeting report overdue');
  if (f.help) parts.push(':ring_buoy: open');
  return parts.length ? ` · ${parts.join(' · ')}` : '';
}

/** The admins' "Every mentorship" modal: filters, one page of mentorships, each with what resolves it. */
export function oversightModal(m: OversightModel): ModalView {
  const pages = pageCount(m.listing.total);
  const from = (m.page - 1) * PROGRAMME_PAGE_SIZE;
  const filtered =
    m.filter.state !== 'all' ||
    m.filter.topicId !== undefined ||
    m.filter.supporterId ||
    m.filter.overdue ||
    m.filter.help ||
    m.filter.programmeId !== undefined;
  const inProgramme = m.programmeName ? ` in *${inlineText(m.programmeName)}*` : '';
  const blocks: KnownBlock[] = [
    section(
      `*${m.listing.total} mentorship${m.listing.total === 1 ? '' : 's'}*${inProgramme}${describeFilter(m.filter, m.topics)}`,
      filtered ? { accessory: button('Clear filters', ACTIONS.oversightClear) } : {},
    ),
    filterBlock(m),
    divider(),
  ];
  if (m.listing.items.length === 0) {
    blocks.push(
      section(
        m.filter.state === 'attention'
          ? 'Nothing needs you: no declined pair is waiting and no assignment has gone unanswered for a week.'
          : 'No mentorship matches these filters.',
      ),
    );
  }
  for (const r of m.listing.items) {
    const menu = rowActions(r.status).map((a) => option(ACTION_LABELS[a], oversightRowValue(a, r.id)));
    blocks.push(section(rowText(r, m.now, m.intervalDays), { accessory: overflow(ACTIONS.oversightRow, menu) }));
  }
  if (pages > 1) {
    blocks.push(
      context(
        `Mentorships ${from + 1}–${from + m.listing.items.length} of ${m.listing.total} · page ${m.page} of ${pages}`,
      ),
    );
    blocks.push(
      actions([
        ...(m.page > 1
          ? [
              button('◀ Previous', ACTIONS.oversightPagePrevious, oversightPageValue(m.page - 1), {
                label: 'Previous page',
              }),
            ]
          : []),
        ...(m.page < pages
          ? [button('Next ▶', ACTIONS.oversightPage, oversightPageValue(m.page + 1), { label: 'Next page' })]
          : []),
      ]),
    );
  }
  blocks.push(
    context(
      ":lock: End reasons are shown to Lifering admins only. Each mentorship's menu (⋯) has what resolves it: nudge, reassign, assign someone else, end.",
    ),
  );
  return modal({
    callbackId: ACTIONS.oversightView,
    title: 'Every mentorship',
    close: 'Close',
    blocks,
    privateMetadata: oversightModalMeta({ filter: m.filter, page: m.page }),
  });
}

/** On an admin's Home, under the programme summary: the way in, and the pairs waiting for them. */
export function oversightHomeBlocks(attention: number): KnownBlock[] {
  const lead =
    attention > 0
      ? `:warning: *${attention} pair${attention === 1 ? ' needs' : 's need'} you*: declined with nobody assigned since, or pending for over a week.`
      : 'Every mentorship, filterable by state, topic, supporter, overdue and :ring_buoy:.';
  return [
    section(lead, {
      accessory: button(
        attention > 0 ? `See the ${attention === 1 ? 'pair' : `${attention} pairs`}` : 'Every mentorship',
        ACTIONS.openOversight,
        openOversightValue({ state: attention > 0 ? 'attention' : 'all' }),
        attention > 0 ? { style: 'primary' } : {},
      ),
    }),
  ];
}

/** The DM a nudge sends: the same offer, asked again kindly. */
export const NUDGE_INTRO = 'A gentle reminder: this request is still waiting for your answer.';

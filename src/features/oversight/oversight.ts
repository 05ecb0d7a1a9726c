import type { KnownBlock, ModalView } from '@slack/types';
import { actions, button, context, divider, modal, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, SUPPORTER_KIND_LABEL, shortDate, user } from '../../slack/text.ts';
import type { PastMentorship } from '../../storage/mentorships.ts';
import type { Mentorship } from '../../storage/rows.ts';
import { csvLine } from '../admin-report/csv.ts';
import { openProgressValue } from '../progress/values.ts';
import { openOversightValue } from './values.ts';

/*
 * The admins' other two windows on the programme: one person's page (what they support and are
 * supported in, per topic, their load and their history) and the audit log. Pure builders.
 */

export interface PersonPage {
  userId: string;
  /** Pending and active mentorships in which they support someone. */
  supporting: Mentorship[];
  /** Pending and active mentorships in which they are supported. */
  supportedBy: Mentorship[];
  past: PastMentorship[];
  max: number;
  /** Their own capacity from their supporter profile, when they set one. */
  capacity: number | null;
  now: Date;
}

const topicOf = (name: string | null): string => (name ? inlineText(name) : 'No topic');

/** Lines grouped by topic: "Public speaking: @mei (mentor), @luca (coach, pending)". */
function byTopic(list: readonly Mentorship[], other: (m: Mentorship) => string): string[] {
  const groups = new Map<string, string[]>();
  for (const m of list) {
    const key = topicOf(m.topicName);
    const entry = `${user(other(m))} (${SUPPORTER_KIND_LABEL[m.supporterKind]}${m.status === 'pending' ? ', pending' : ''}${m.helpOpen ? ', :ring_buoy:' : ''})`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, who]) => `• *${topic}*: ${who.join(', ')}`);
}

/** Lines joined into sections under ~2900 characters each. */
function sections(title: string, lines: string[], empty: string): KnownBlock[] {
  if (lines.length === 0) return [section(`${title}\n${empty}`)];
  const out: KnownBlock[] = [];
  let current = title;
  for (const line of lines) {
    if (current.length + line.length + 1 > 2900) {
      out.push(section(current));
      current = line;
    } else current = `${current}\n${line}`;
  }
  out.push(section(current));
  return out.slice(0, 20);
}

/** `/mentor admin person @x`: the seed's "roles and skillsets a person is mentoring others in", and the rest. */
export function personModal(p: PersonPage): ModalView {
  const active = p.supporting.filter((m) => m.status === 'active').length;
  const limit = p.capacity !== null ? Math.min(p.capacity, p.max) : p.max;
  const load =
    active > limit
      ? `:scales: *${active} active mentees, above the limit of ${limit}*`
      : `${active} active mentee${active === 1 ? '' : 's'} of up to ${limit}${active === limit ? ' (at the limit)' : ''}`;
  const history = p.past.map((h) => {
    const role = h.supporterId === p.userId ? `supported ${user(h.menteeId)}` : `supported by ${user(h.supporterId)}`;
    const how =
      h.status === 'declined'
        ? `declined ${shortDate(h.closedAt, p.now)}`
        : `ended ${shortDate(h.closedAt, p.now)}${h.endedBy ? ` by ${user(h.endedBy)}` : ''}`;
    const reason = h.endReason ? ` — :lock: _${inlineText(h.endReason, 300)}_` : '';
    return `• ${role} · ${topicOf(h.topicName)} · ${how}${reason}`;
  });
  const blocks: KnownBlock[] = [
    section(`*${user(p.userId)}* · ${load}${p.capacity !== null ? ` · their own capacity: ${p.capacity}` : ''}`),
    ...sections(
      '*Supports, by topic*',
      byTopic(p.supporting, (m) => m.menteeId),
      'Nobody at the moment.',
    ),
    ...sections(
      '*Supported in*',
      byTopic(p.supportedBy, (m) => m.supporterId),
      'Nothing at the moment.',
    ),
    divider(),
    ...sections('*History* (admins only)', history, 'No past mentorships.'),
    actions([
      button('Progress page', ACTIONS.openProgress, openProgressValue(p.userId)),
      button(
        'Everyone they support',
        ACTIONS.openOversight,
        openOversightValue({ state: 'all', supporterId: p.userId }),
      ),
    ]),
    context(':lock: End reasons are for Lifering admins only; nobody else sees this page.'),
  ];
  return modal({ callbackId: 'admin.person', title: 'Person', close: 'Close', blocks: blocks.slice(0, 100) });
}

export interface AuditRow {
  id: number;
  actorId: string;
  action: string;
  subjectType: string | null;
  subjectId: number | null;
  detail: Record<string, unknown> | null;
  at: string;
}

/** Typed words in a detail (notes, reasons, comments) stay out of the log's views and CSV: the ids and names of fields are enough. */
const PRIVATE_KEYS = new Set(['note', 'reason', 'comment', 'summary', 'text']);

/** "23 Nov 10:14 UTC": the log is a record, so its times are in one zone for every reader. */
const when = (iso: string, now: Date): string => `${shortDate(iso, now)} ${iso.slice(11, 16)} UTC`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A detail's fields as `key=value`; with `now`, for people: its days and instants written as the view's. */
export function detailText(detail: Record<string, unknown> | null, now?: Date): string {
  if (!detail) return '';
  const readable = (v: unknown): string => {
    const s = String(v);
    if (!now || typeof v !== 'string') return s;
    return DAY.test(s) ? shortDate(s, now) : INSTANT.test(s) ? when(s, now) : s;
  };
  const parts = Object.entries(detail)
    .filter(([k]) => !PRIVATE_KEYS.has(k))
    .map(
      ([k, v]) =>
        `${k}=${Array.isArray(v) ? v.map(readable).join('+') : typeof v === 'object' && v !== null ? JSON.stringify(v) : readable(v)}`,
    );
  return parts.join(' ');
}

/** The latest entries of the audit log, for admins, with the whole log a click away as CSV. */
export function auditModal(rows: readonly AuditRow[], total: number, now: Date): ModalView {
  const lines = rows.map((r) => {
    const subject = r.subjectType ? ` · ${r.subjectType}${r.subjectId !== null ? ` ${r.subjectId}` : ''}` : '';
    const detail = detailText(r.detail, now);
    return `\`${when(r.at, now)}\` ${user(r.actorId)} *${inlineText(r.action)}*${subject}${detail ? ` · ${inlineText(detail, 200)}` : ''}`;
  });
  const blocks: KnownBlock[] = [
    section(
      `*Audit log* · ${total} entr${total === 1 ? 'y' : 'ies'}, newest first${total > rows.length ? ` (the latest ${rows.length} here)` : ''}`,
      {
        accessory: button('Export CSV', ACTIONS.exportAudit),
      },
    ),
    ...sections('', lines, 'Nothing recorded yet.'),
    context(
      'Who assigned, ended, granted, exported and more, and when. Typed notes and reasons are never copied into the log view or its CSV.',
    ),
  ];
  return modal({ callbackId: 'admin.audit', title: 'Audit log', close: 'Close', blocks: blocks.slice(0, 100) });
}

export const AUDIT_HEADER = [
  'Entry id',
  'When (UTC)',
  'Actor id',
  'Action',
  'Subject type',
  'Subject id',
  'Details',
] as const;

export const auditCsvLine = (r: AuditRow): string =>
  csvLine([r.id, r.at, r.actorId, r.action, r.subjectType ?? '', r.subjectId ?? '', detailText(r.detail)]);

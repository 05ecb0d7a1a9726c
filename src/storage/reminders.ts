import type { Knex } from 'knex';
import type { Db } from './db.ts';
import { reportEveryDaysSql } from './programme-pairs.ts';
import { inProgrammes, type ProgrammeScope } from './programme-scope.ts';

/*
 * The reminder ledger. A row is recorded (status `pending`) before its DM is sent, claimed
 * (`sending`, with the time it was claimed) by one conditional update just before that DM goes
 * (the sweep claims one DM's rows at a time, never ahead), then marked `sent` with the message
 * ts. A send that failed goes back to `pending` for the next run; `sending` is never retried, so
 * a crash in the middle of a send can lose at most the DMs in flight, never repeat one, and once
 * the sweep lease has run out such a row counts as sent (decideReminder). The unique key
 * (team, mentorship or help request, recipient, due_on, kind, sequence) makes each
 * reminder exist once however many sweeps race.
 */
/**
 * `offer`: the one reminder to a supporter who has not answered an assignment (due_on is the day
 * it was assigned, so it exists once); `nudge`: an admin's nudge held for the supporter's working
 * hours (sequence is the nudge's audit entry, so each nudge is its own row).
 */
export type ReminderKind = 'due' | 'overdue' | 'digest' | 'assistance' | 'offer' | 'nudge';
export type ReminderStatus = 'pending' | 'sending' | 'sent' | 'unreachable' | 'failed' | 'cancelled';

export interface NewReminder {
  teamId: string;
  mentorshipId: number | null;
  helpRequestId?: number | null;
  recipientId: string;
  dueOn: string;
  kind: ReminderKind;
  sequence: number;
}

export interface ReminderHistory {
  mentorshipId: number;
  dueOn: string;
  kind: ReminderKind;
  sequence: number;
  status: ReminderStatus;
  /** When it was sent or given up on; for a `sending` row, when it was claimed. */
  at: string;
}

/** An active mentorship that may be due a report, with just what the sweep needs. */
export interface DueCandidate {
  id: number;
  teamId: string;
  supporterId: string;
  menteeId: string;
  topicName: string | null;
  feedbackFrom: string;
  snoozedUntil: string | null;
  /** Its programme's meeting-report rhythm; null follows FEEDBACK_INTERVAL_DAYS. */
  reportEveryDays?: number | null;
}

export interface PendingReminder extends NewReminder {
  id: number;
  attempts: number;
  /** For due/overdue rows: the mentorship as it is now. */
  mentorship: (DueCandidate & { status: string }) | null;
}

/** An assignment still waiting for the supporter's answer, as the offer reminder and the digest see it. */
export interface WaitingOffer {
  id: number;
  teamId: string;
  supporterId: string;
  menteeId: string;
  topicName: string | null;
  createdAt: string;
  /** When an admin's nudge about it last went, if ever. */
  nudgedAt: string | null;
  /** When the one automatic reminder about it went, if it has. */
  remindedAt: string | null;
}

const toWaitingOffer = (r: Record<string, unknown>): WaitingOffer => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  supporterId: r.supporter_id as string,
  menteeId: r.mentee_id as string,
  topicName: (r.topic_name as string | null) ?? null,
  createdAt: r.created_at as string,
  nudgedAt: (r.nudged_at as string | null) ?? null,
  remindedAt: (r.reminded_at as string | null) ?? null,
});

/** The kinds of ledger row that nudge a supporter about an unanswered assignment. */
export const OFFER_NUDGES: readonly ReminderKind[] = ['offer', 'nudge'];

export interface UnansweredHelp {
  id: number;
  teamId: string;
  menteeId: string;
  topicId: number | null;
  topicName: string | null;
  note: string | null;
  openedAt: string;
  escalatedAt: string | null;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
}

const toHelpRequest = (r: Record<string, unknown>): UnansweredHelp => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  menteeId: r.mentee_id as string,
  topicId: r.topic_id == null ? null : Number(r.topic_id),
  topicName: (r.topic_name as string | null) ?? null,
  note: (r.note as string | null) ?? null,
  openedAt: r.opened_at as string,
  escalatedAt: (r.escalated_at as string | null) ?? null,
  resolvedAt: (r.resolved_at as string | null) ?? null,
  acknowledgedAt: (r.acknowledged_at as string | null) ?? null,
});

const toCandidate = (r: Record<string, unknown>): DueCandidate => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  supporterId: r.supporter_id as string,
  menteeId: r.mentee_id as string,
  topicName: (r.topic_name as string | null) ?? null,
  feedbackFrom: r.feedback_from as string,
  snoozedUntil: (r.snoozed_until as string | null) ?? null,
  reportEveryDays: r.report_every_days == null ? null : Number(r.report_every_days),
});

/** Active mentorships with just what the sweep needs. */
const candidates = (db: Db) =>
  db('mentorships as m')
    .leftJoin('topics as t', 't.id', 'm.topic_id')
    .select(
      'm.id',
      'm.team_id',
      'm.supporter_id',
      'm.mentee_id',
      'm.feedback_from',
      'm.snoozed_until',
      't.name as topic_name',
      db.raw(`${reportEveryDaysSql()} AS report_every_days`),
    )
    .where('m.status', 'active');

/** When a ledger row of this kind about mentorship `m` last went. */
const lastSent = (db: Db, kind: ReminderKind) =>
  db
    .from('reminders as r')
    .max('r.sent_at')
    .whereRaw('r.mentorship_id = m.id')
    .where({ 'r.kind': kind, 'r.status': 'sent' });

/** Pending assignments with their topic and when their supporter was last nudged or reminded about them. */
const waitingOffers = (db: Db) =>
  db('mentorships as m')
    .leftJoin('topics as t', 't.id', 'm.topic_id')
    .select(
      'm.id',
      'm.team_id',
      'm.supporter_id',
      'm.mentee_id',
      'm.created_at',
      't.name as topic_name',
      lastSent(db, 'nudge').as('nudged_at'),
      lastSent(db, 'offer').as('reminded_at'),
    )
    .where('m.status', 'pending');

/** How `pendingForMany` keys its answer. */
export const recipientKey = (teamId: string, recipientId: string) => `${teamId}:${recipientId}`;

const toPending = (r: Record<string, unknown>): PendingReminder => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  mentorshipId: r.mentorship_id == null ? null : Number(r.mentorship_id),
  helpRequestId: r.assistance_request_id == null ? null : Number(r.assistance_request_id),
  recipientId: r.recipient_id as string,
  dueOn: r.due_on as string,
  kind: r.kind as ReminderKind,
  sequence: Number(r.sequence),
  attempts: Number(r.attempts),
  mentorship:
    r.mentorship_id == null ? null : { ...toCandidate({ ...r, id: r.mentorship_id }), status: r.m_status as string },
});

export class RemindersStore {
  constructor(private readonly db: Db) {}

  /**
   * Assignments pending since `cutoff` or before whose supporter has not had the offer reminder
   * yet, oldest first, a page at a time (keyset on created_at, id).
   */
  async offersToRemind(
    cutoff: string,
    after: { createdAt: string; id: number } | null,
    limit: number,
  ): Promise<WaitingOffer[]> {
    const q = waitingOffers(this.db)
      .where('m.created_at', '<=', cutoff)
      .whereNotExists(
        this.db('reminders as o').select(this.db.raw('1')).whereRaw('o.mentorship_id = m.id').where('o.kind', 'offer'),
      );
    if (after) q.andWhereRaw('(m.created_at, m.id) > (?, ?)', [after.createdAt, after.id]);
    const rows = await q.orderBy([{ column: 'm.created_at' }, { column: 'm.id' }]).limit(limit);
    return rows.map(toWaitingOffer);
  }

  /** Teams with an assignment pending since `cutoff` or before. */
  teamsWithPendingBefore(cutoff: string): Promise<string[]> {
    return this.teamsWith('pending', 'created_at', cutoff);
  }

  /** One team's assignments pending since `cutoff` or before, the longest waiting first, and how many there are. */
  async pendingInTeam(
    teamId: string,
    cutoff: string,
    limit: number,
    scope: ProgrammeScope = 'all',
  ): Promise<{ shown: WaitingOffer[]; total: number }> {
    const [rows, count] = await Promise.all([
      inProgrammes(this.db, waitingOffers(this.db), scope)
        .where('m.team_id', teamId)
        .andWhere('m.created_at', '<=', cutoff)
        .orderBy([{ column: 'm.created_at' }, { column: 'm.id' }])
        .limit(limit),
      inProgrammes(this.db, this.db('mentorships as m'), scope)
        .where({ 'm.team_id': teamId, 'm.status': 'pending' })
        .andWhere('m.created_at', '<=', cutoff)
        .count({ n: '*' })
        .first(),
    ]);
    return { shown: (rows as Record<string, unknown>[]).map(toWaitingOffer), total: Number(count?.n ?? 0) };
  }

  /**
   * Active mentorships whose feedback clock started at or before `cutoff`, oldest first, one
   * page at a time (keyset on feedback_from, id): a range scan of the (status, feedback_from) index.
   */
  async dueCandidates(
    cutoff: string,
    after: { feedbackFrom: string; id: number } | null,
    limit: number,
  ): Promise<DueCandidate[]> {
    const q = candidates(this.db).where('m.feedback_from', '<=', cutoff);
    // A row-value comparison, which both engines can answer from the index.
    if (after) q.andWhereRaw('(m.feedback_from, m.id) > (?, ?)', [after.feedbackFrom, after.id]);
    const rows = await q.orderBy([{ column: 'm.feedback_from' }, { column: 'm.id' }]).limit(limit);
    return rows.map(toCandidate);
  }

  /** Teams with an active mentorship whose clock started at or before `cutoff`. */
  teamsWithFeedbackBefore(cutoff: string): Promise<string[]> {
    return this.teamsWith('active', 'feedback_from', cutoff);
  }

  /** Teams with a mentorship in `status` whose `column` is at or before `cutoff`. */
  private async teamsWith(status: 'pending' | 'active', column: 'created_at' | 'feedback_from', cutoff: string) {
    const rows = await this.db('mentorships')
      .where('status', status)
      .andWhere(column, '<=', cutoff)
      .distinct('team_id');
    return rows.map((r) => r.team_id as string);
  }

  /** One team's active mentorships whose clock started at or before `cutoff`, most overdue first. */
  async overdueInTeam(
    teamId: string,
    cutoff: string,
    limit: number,
    scope: ProgrammeScope = 'all',
  ): Promise<DueCandidate[]> {
    const rows = await inProgrammes(this.db, candidates(this.db), scope)
      .where('m.team_id', teamId)
      .andWhere('m.feedback_from', '<=', cutoff)
      .orderBy([{ column: 'm.feedback_from' }, { column: 'm.id' }])
      .limit(limit);
    return (rows as Record<string, unknown>[]).map(toCandidate);
  }

  async countOverdueInTeam(teamId: string, cutoff: string, scope: ProgrammeScope = 'all'): Promise<number> {
    const row = await inProgrammes(this.db, this.db('mentorships as m'), scope)
      .where({ 'm.team_id': teamId, 'm.status': 'active' })
      .andWhere('m.feedback_from', '<=', cutoff)
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }

  /** The due/overdue reminders already recorded for these mentorships. */
  async historyFor(mentorshipIds: readonly number[]): Promise<ReminderHistory[]> {
    if (mentorshipIds.length === 0) return [];
    const rows = await this.db('reminders').whereIn('mentorship_id', mentorshipIds).whereIn('kind', ['due', 'overdue']);
    return rows.map((r) => ({
      mentorshipId: Number(r.mentorship_id),
      dueOn: r.due_on as string,
      kind: r.kind as ReminderKind,
      sequence: Number(r.sequence),
      status: r.status as ReminderStatus,
      at: (r.sent_at as string | null) ?? (r.claimed_at as string | null) ?? (r.created_at as string),
    }));
  }

  /** Records reminders as pending; ones that already exist are left as they are. Returns how many are new. */
  async record(reminders: readonly NewReminder[], now: Date): Promise<number> {
    let added = 0;
    const at = now.toISOString();
    for (let i = 0; i < reminders.length; i += 200) {
      const rows = reminders.slice(i, i + 200).map((r) => ({
        team_id: r.teamId,
        mentorship_id: r.mentorshipId,
        assistance_request_id: r.helpRequestId ?? null,
        recipient_id: r.recipientId,
        due_on: r.dueOn,
        kind: r.kind,
        sequence: r.sequence,
        status: 'pending',
        created_at: at,
      }));
      const inserted = await this.db('reminders').insert(rows).onConflict().ignore().returning('id');
      added += inserted.length;
    }
    return added;
  }

  /** Who has pending reminders, one page at a time. */
  async pendingRecipients(after: { teamId: string; recipientId: string } | null, limit: number) {
    const q = this.db('reminders').where('status', 'pending').distinct('team_id', 'recipient_id');
    if (after) {
      q.andWhere((w) =>
        w
          .where('team_id', '>', after.teamId)
          .orWhere((x) => x.where('team_id', after.teamId).andWhere('recipient_id', '>', after.recipientId)),
      );
    }
    const rows = await q.orderBy([{ column: 'team_id' }, { column: 'recipient_id' }]).limit(limit);
    return rows.map((r) => ({ teamId: r.team_id as string, recipientId: r.recipient_id as string }));
  }

  async pendingFor(teamId: string, recipientId: string): Promise<PendingReminder[]> {
    return (await this.pendingForMany([{ teamId, recipientId }])).get(recipientKey(teamId, recipientId)) ?? [];
  }

  /**
   * What is pending for each of these recipients (a page of the sweep's), in one statement: keyed
   * by `recipientKey`, each recipient's rows in the order they were recorded.
   */
  async pendingForMany(
    recipients: readonly { teamId: string; recipientId: string }[],
  ): Promise<Map<string, PendingReminder[]>> {
    const out = new Map<string, PendingReminder[]>();
    if (recipients.length === 0) return out;
    const rows = await this.db('reminders as r')
      .leftJoin('mentorships as m', 'm.id', 'r.mentorship_id')
      .leftJoin('topics as t', 't.id', 'm.topic_id')
      .select(
        'r.*',
        'm.supporter_id',
        'm.mentee_id',
        'm.feedback_from',
        'm.snoozed_until',
        'm.status as m_status',
        't.name as topic_name',
        this.db.raw(`${reportEveryDaysSql()} AS report_every_days`),
      )
      .whereIn(
        ['r.team_id', 'r.recipient_id'],
        recipients.map((r) => [r.teamId, r.recipientId]),
      )
      .where('r.status', 'pending')
      .orderBy('r.id');
    for (const r of rows) {
      const key = recipientKey(r.team_id as string, r.recipient_id as string);
      const list = out.get(key) ?? [];
      list.push(toPending(r));
      out.set(key, list);
    }
    return out;
  }

  /**
   * Claims many rows at once (one statement): the ids this caller now holds, each given to one
   * caller only, however many instances race for it.
   */
  async claimMany(ids: readonly number[], now: Date): Promise<Set<number>> {
    const claimed = new Set<number>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = (await this.db('reminders')
        .whereIn('id', ids.slice(i, i + 500))
        .where({ status: 'pending' })
        .update({ status: 'sending', claimed_at: now.toISOString(), attempts: this.db.raw('attempts + 1') })
        .returning('id')) as ({ id: number } | number)[];
      for (const r of rows) claimed.add(Number(typeof r === 'object' ? r.id : r));
    }
    return claimed;
  }

  async markSent(ids: readonly number[], where: { channel: string; ts: string }, now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db('reminders')
      .whereIn('id', ids)
      .update({ status: 'sent', sent_at: now.toISOString(), channel: where.channel, ts: where.ts, last_error: null });
  }

  /**
   * Records many sends in one statement, each DM's rows with where that DM went: what a wave of
   * the sweep's DMs writes once Slack has taken them.
   */
  async markSentMany(sent: readonly { ids: readonly number[]; channel: string; ts: string }[], now: Date) {
    const rows = sent.flatMap((dm) => dm.ids.map((id) => ({ id, channel: dm.channel, ts: dm.ts })));
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      const cases = (column: 'channel' | 'ts') =>
        this.db.raw(
          `case id ${chunk.map(() => 'when ? then ?').join(' ')} end`,
          chunk.flatMap((r) => [r.id, r[column]]),
        );
      await this.db('reminders')
        .whereIn(
          'id',
          chunk.map((r) => r.id),
        )
        .update({
          status: 'sent',
          sent_at: now.toISOString(),
          channel: cases('channel'),
          ts: cases('ts'),
          last_error: null,
        });
    }
  }

  /** After a failed send: back to pending for the next run, or `to` when it is not worth retrying. */
  async markFailed(
    ids: readonly number[],
    error: string,
    to: 'pending' | 'unreachable' | 'failed',
    now: Date,
  ): Promise<void> {
    if (ids.length === 0) return;
    await this.db('reminders')
      .whereIn('id', ids)
      .update({
        status: to,
        last_error: error.slice(0, 500),
        ...(to === 'pending' ? {} : { sent_at: now.toISOString() }),
      });
  }

  async cancel(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db('reminders').whereIn('id', ids).where('status', 'pending').update({ status: 'cancelled' });
  }

  /** Someone left: nothing still waiting to be sent to them goes out. */
  async cancelFor(teamId: string, recipientId: string, trx: Knex = this.db): Promise<number> {
    return trx('reminders')
      .where({ team_id: teamId, recipient_id: recipientId, status: 'pending' })
      .update({ status: 'cancelled' });
  }

  /** When this admin's last digest went out, so the next one tells them only what is new. */
  async lastDigestAt(teamId: string, recipientId: string): Promise<string | undefined> {
    const row = await this.db('reminders')
      .where({ team_id: teamId, recipient_id: recipientId, kind: 'digest', status: 'sent' })
      .max('sent_at as at')
      .first();
    return (row?.at as string | null) ?? undefined;
  }

  async sentTo(teamId: string, recipientId: string, kind: ReminderKind, dueOn: string): Promise<boolean> {
    const row = await this.db('reminders')
      .where({ team_id: teamId, recipient_id: recipientId, kind, due_on: dueOn })
      .whereNot('status', 'cancelled')
      .first('id');
    return Boolean(row);
  }

  /**
   * Snoozes a mentorship's reminders until `until`, if `supporterId` actively supports it.
   * Pending reminders are cancelled so a retry does not ignore the snooze.
   */
  async snooze(
    teamId: string,
    mentorshipId: number,
    supporterId: string,
    until: Date,
  ): Promise<{ menteeId: string } | undefined> {
    return this.db.transaction(async (trx) => {
      const changed = await trx('mentorships')
        .where({ team_id: teamId, id: mentorshipId, supporter_id: supporterId, status: 'active' })
        .update({ snoozed_until: until.toISOString() });
      if (changed === 0) return undefined;
      await trx('reminders')
        .where({ team_id: teamId, mentorship_id: mentorshipId, status: 'pending' })
        .update({ status: 'cancelled' });
      const row = await trx('mentorships').where({ id: mentorshipId }).first('mentee_id');
      return { menteeId: row.mentee_id as string };
    });
  }

  /** Calls for help opened at or before `openedBefore` that nobody has acknowledged or resolved. */
  async unansweredHelp(openedBefore: string, limit = 1000): Promise<UnansweredHelp[]> {
    const rows = await this.db('assistance_requests as a')
      .leftJoin('topics as t', 't.id', 'a.topic_id')
      .select('a.*', 't.name as topic_name')
      .whereNull('a.resolved_at')
      .whereNull('a.acknowledged_at')
      .andWhere('a.opened_at', '<=', openedBefore)
      .orderBy([{ column: 'a.opened_at' }, { column: 'a.id' }])
      .limit(limit);
    return rows.map(toHelpRequest);
  }

  /** The help requests this admin has already been told about (or is about to be). */
  async helpToldTo(teamId: string, recipientId: string, requestIds: readonly number[]): Promise<Set<number>> {
    if (requestIds.length === 0) return new Set();
    const rows = await this.db('reminders')
      .where({ team_id: teamId, recipient_id: recipientId, kind: 'assistance' })
      .whereIn('assistance_request_id', requestIds)
      .whereNot('status', 'cancelled')
      .select('assistance_request_id');
    return new Set(rows.map((r) => Number(r.assistance_request_id)));
  }

  async helpByIds(ids: readonly number[]): Promise<UnansweredHelp[]> {
    if (ids.length === 0) return [];
    const rows = await this.db('assistance_requests as a')
      .leftJoin('topics as t', 't.id', 'a.topic_id')
      .select('a.*', 't.name as topic_name')
      .whereIn('a.id', ids);
    return rows.map(toHelpRequest);
  }

  async markEscalated(ids: readonly number[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db('assistance_requests')
      .whereIn('id', ids)
      .whereNull('escalated_at')
      .update({ escalated_at: now.toISOString() });
  }
}

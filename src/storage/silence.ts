import type { Db } from './db.ts';

/*
 * Silent partners: notices owed to a quiet pair and then to admins (see the migration
 * 20261202160001_silence_notices.ts for the ledger's life cycle).
 */
export type SilenceStage = 'pair' | 'admins';
export type SilenceStatus = 'pending' | 'sending' | 'sent' | 'cancelled' | 'unreachable' | 'failed';

/** An active mentorship as the silence rule sees it. */
export interface QuietCandidate {
  id: number;
  teamId: string;
  supporterId: string;
  menteeId: string;
  topicName: string | null;
  status: string;
  /** The later of acceptance and the last meeting report. */
  feedbackFrom: string;
  /** The last check-in answered about this mentorship, by either side. */
  lastCheckinAt: string | null;
}

export interface SilenceNotice {
  id: number;
  teamId: string;
  mentorshipId: number;
  quietSince: string;
  stage: SilenceStage;
  recipientId: string;
  status: SilenceStatus;
  attempts: number;
  sentAt: string | null;
}

export interface NewSilenceNotice {
  teamId: string;
  mentorshipId: number;
  quietSince: string;
  stage: SilenceStage;
  recipientId: string;
}

/** Rows per INSERT statement: well inside SQLite's 500-term compound SELECT and its variable limit. */
const INSERT_BATCH = 200;

const toNotice = (r: Record<string, unknown>): SilenceNotice => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  mentorshipId: Number(r.mentorship_id),
  quietSince: r.quiet_since as string,
  stage: r.stage as SilenceStage,
  recipientId: r.recipient_id as string,
  status: r.status as SilenceStatus,
  attempts: Number(r.attempts),
  sentAt: (r.sent_at as string | null) ?? null,
});

const toCandidate = (r: Record<string, unknown>): QuietCandidate => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  supporterId: r.supporter_id as string,
  menteeId: r.mentee_id as string,
  topicName: (r.topic_name as string | null) ?? null,
  status: r.status as string,
  feedbackFrom: r.feedback_from as string,
  lastCheckinAt: (r.last_checkin_at as string | null) ?? null,
});

/** Mentorships as the silence rule sees them, with the last check-in answered about each. */
const mentorships = (db: Db) =>
  db('mentorships as m')
    .leftJoin('topics as t', 't.id', 'm.topic_id')
    .select(
      'm.id',
      'm.team_id',
      'm.supporter_id',
      'm.mentee_id',
      'm.status',
      'm.feedback_from',
      't.name as topic_name',
      db.raw('(select max(c.answered_at) from checkins c where c.mentorship_id = m.id) as last_checkin_at'),
    );

export class SilenceStore {
  constructor(private readonly db: Db) {}

  /**
   * Active mentorships whose feedback clock started at or before `cutoff`, one keyset page at a
   * time (the reminders' (status, feedback_from) index). A later check-in may still make them lively.
   */
  async candidates(
    cutoff: string,
    after: { feedbackFrom: string; id: number } | null,
    limit: number,
  ): Promise<QuietCandidate[]> {
    const q = mentorships(this.db).where('m.status', 'active').andWhere('m.feedback_from', '<=', cutoff);
    if (after) q.andWhereRaw('(m.feedback_from, m.id) > (?, ?)', [after.feedbackFrom, after.id]);
    const rows = await q.orderBy([{ column: 'm.feedback_from' }, { column: 'm.id' }]).limit(limit);
    return rows.map(toCandidate);
  }

  /** The mentorships as they are now (any status), for checking a pending notice still holds. */
  async mentorships(ids: readonly number[]): Promise<Map<number, QuietCandidate>> {
    if (ids.length === 0) return new Map();
    const rows = await mentorships(this.db).whereIn('m.id', [...new Set(ids)]);
    return new Map(rows.map((r) => [Number(r.id), toCandidate(r)]));
  }

  /** Every notice recorded for these mentorships. */
  async noticesFor(mentorshipIds: readonly number[]): Promise<SilenceNotice[]> {
    if (mentorshipIds.length === 0) return [];
    const rows = await this.db('silence_notices').whereIn('mentorship_id', [...mentorshipIds]);
    return rows.map(toNotice);
  }

  /** Records notices; one already there is left alone. */
  async record(notices: readonly NewSilenceNotice[], now: Date): Promise<void> {
    if (notices.length === 0) return;
    const rows = notices.map((n) => ({
      team_id: n.teamId,
      mentorship_id: n.mentorshipId,
      quiet_since: n.quietSince,
      stage: n.stage,
      recipient_id: n.recipientId,
      created_at: now.toISOString(),
    }));
    // SQLite refuses a statement of more than 500 rows (knex inserts them as a compound SELECT).
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      await this.db('silence_notices')
        .insert(rows.slice(i, i + INSERT_BATCH))
        .onConflict(['mentorship_id', 'quiet_since', 'stage', 'recipient_id'])
        .ignore();
    }
  }

  /** Who has pending notices, a page at a time. */
  async pendingRecipients(
    after: { teamId: string; recipientId: string } | null,
    limit: number,
  ): Promise<{ teamId: string; recipientId: string }[]> {
    const q = this.db('silence_notices').where('status', 'pending').distinct('team_id', 'recipient_id');
    if (after) q.andWhereRaw('(team_id, recipient_id) > (?, ?)', [after.teamId, after.recipientId]);
    const rows = await q.orderBy([{ column: 'team_id' }, { column: 'recipient_id' }]).limit(limit);
    return rows.map((r) => ({ teamId: r.team_id as string, recipientId: r.recipient_id as string }));
  }

  async pendingFor(teamId: string, recipientId: string): Promise<SilenceNotice[]> {
    const rows = await this.db('silence_notices')
      .where({ team_id: teamId, recipient_id: recipientId, status: 'pending' })
      .orderBy('id');
    return rows.map(toNotice);
  }

  /** What is pending for each of these recipients (a page of the sweep's), in one statement, keyed `team:recipient`. */
  async pendingForMany(
    recipients: readonly { teamId: string; recipientId: string }[],
  ): Promise<Map<string, SilenceNotice[]>> {
    const out = new Map<string, SilenceNotice[]>();
    if (recipients.length === 0) return out;
    const rows = await this.db('silence_notices')
      .whereIn(
        ['team_id', 'recipient_id'],
        recipients.map((r) => [r.teamId, r.recipientId]),
      )
      .where('status', 'pending')
      .orderBy('id');
    for (const r of rows) {
      const key = `${r.team_id}:${r.recipient_id}`;
      out.set(key, [...(out.get(key) ?? []), toNotice(r)]);
    }
    return out;
  }

  /**
   * Claims many pending notices at once (one statement): the ids this caller now holds, each given
   * to one caller only, however many instances race for it.
   */
  async claimMany(ids: readonly number[], now: Date): Promise<Set<number>> {
    const claimed = new Set<number>();
    for (let i = 0; i < ids.length; i += INSERT_BATCH) {
      const rows = (await this.db('silence_notices')
        .whereIn('id', ids.slice(i, i + INSERT_BATCH))
        .where({ status: 'pending' })
        .update({ status: 'sending', claimed_at: now.toISOString() })
        .returning('id')) as ({ id: number } | number)[];
      for (const r of rows) claimed.add(Number(typeof r === 'object' ? r.id : r));
    }
    return claimed;
  }

  async markSent(ids: readonly number[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db('silence_notices')
      .whereIn('id', [...ids])
      .update({ status: 'sent', sent_at: now.toISOString() });
  }

  async markFailed(ids: readonly number[], status: 'pending' | 'unreachable' | 'failed'): Promise<void> {
    if (ids.length === 0) return;
    await this.db('silence_notices')
      .whereIn('id', [...ids])
      .update({ status, attempts: this.db.raw('attempts + 1') });
  }

  async cancel(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db('silence_notices')
      .whereIn('id', [...ids])
      .where('status', 'pending')
      .update({ status: 'cancelled' });
  }
}

import type { Knex } from 'knex';
import type { Db } from './db.ts';
import { insertedId } from './rows.ts';

export interface HelpRequest {
  id: number;
  teamId: string;
  menteeId: string;
  topicId: number | null;
  topicName: string | null;
  note: string | null;
  openedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  /** Why it closed without being resolved: `mentorship_ended` when the mentorship answering it ended. */
  closedReason: 'mentorship_ended' | null;
}

export interface HelpAlert {
  supporterId: string;
  channel: string | null;
  ts: string | null;
}

const toRequest = (r: Record<string, unknown>): HelpRequest => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  menteeId: r.mentee_id as string,
  topicId: r.topic_id == null ? null : Number(r.topic_id),
  topicName: (r.topic_name as string | null) ?? null,
  note: (r.note as string | null) ?? null,
  openedAt: r.opened_at as string,
  resolvedAt: (r.resolved_at as string | null) ?? null,
  resolvedBy: (r.resolved_by as string | null) ?? null,
  closedReason: r.closed_reason === 'mentorship_ended' ? 'mentorship_ended' : null,
});

/** Requests with their topic name. */
const select = (q: Knex) =>
  q('assistance_requests as a').leftJoin('topics as t', 't.id', 'a.topic_id').select('a.*', 't.name as topic_name');

/** Help requests (the life ring): one open request per mentee and topic, and the supporter DMs each produced. */
export class HelpRequestStore {
  constructor(private readonly db: Db) {}

  async findOpen(
    teamId: string,
    menteeId: string,
    topicId: number | null,
    trx: Knex = this.db,
  ): Promise<HelpRequest | undefined> {
    const q = select(trx).where({ 'a.team_id': teamId, 'a.mentee_id': menteeId }).whereNull('a.resolved_at');
    if (topicId === null) q.whereNull('a.topic_id');
    else q.where('a.topic_id', topicId);
    const row = await q.first();
    return row ? toRequest(row) : undefined;
  }

  /**
   * Opens an help request, or updates the note of the one already open for this mentee and topic. One
   * conditional insert against the partial unique index, so two submissions racing (on two
   * instances) open one request and exactly one of them sees `created`. Inside `trx` when given.
   */
  async open(
    teamId: string,
    r: { menteeId: string; topicId: number | null; note: string | null },
    now: Date,
    trx: Knex = this.db,
  ): Promise<{ request: HelpRequest; created: boolean }> {
    const [row] = await trx('assistance_requests')
      .insert({
        team_id: teamId,
        mentee_id: r.menteeId,
        topic_id: r.topicId,
        note: r.note,
        opened_at: now.toISOString(),
      })
      .onConflict()
      .ignore()
      .returning('id');
    if (row !== undefined) {
      const id = insertedId(row);
      return { request: (await this.get(teamId, id, trx))!, created: true };
    }
    const existing = await this.findOpen(teamId, r.menteeId, r.topicId, trx);
    if (!existing) throw new Error('help request resolved while opening it; try again');
    if (r.note !== null && r.note !== existing.note) {
      await trx('assistance_requests').where({ id: existing.id }).update({ note: r.note });
      return { request: { ...existing, note: r.note }, created: false };
    }
    return { request: existing, created: false };
  }

  async get(teamId: string, id: number, trx: Knex = this.db): Promise<HelpRequest | undefined> {
    const row = await select(trx).where({ 'a.team_id': teamId, 'a.id': id }).first();
    return row ? toRequest(row) : undefined;
  }

  async listOpenForMentee(teamId: string, menteeId: string): Promise<HelpRequest[]> {
    const rows = await select(this.db)
      .where({ 'a.team_id': teamId, 'a.mentee_id': menteeId })
      .whereNull('a.resolved_at')
      .orderBy('a.opened_at');
    return rows.map(toRequest);
  }

  /** Resolves an open help request once; undefined when it was already resolved (or is not in this team). */
  async resolve(teamId: string, id: number, by: string, now: Date): Promise<HelpRequest | undefined> {
    const changed = await this.db('assistance_requests')
      .where({ team_id: teamId, id })
      .whereNull('resolved_at')
      .update({ resolved_at: now.toISOString(), resolved_by: by });
    return changed ? this.get(teamId, id) : undefined;
  }

  /**
   * Closes an open request because the mentorship answering it ended and nobody is left to take
   * it: closed once (undefined when it had closed meanwhile), marked `mentorship_ended` so it
   * never reads as resolved by someone.
   */
  async closeWithMentorship(
    teamId: string,
    id: number,
    by: string,
    now: Date,
    trx: Knex = this.db,
  ): Promise<HelpRequest | undefined> {
    const changed = await trx('assistance_requests')
      .where({ team_id: teamId, id })
      .whereNull('resolved_at')
      .update({ resolved_at: now.toISOString(), resolved_by: by, closed_reason: 'mentorship_ended' });
    return changed ? this.get(teamId, id, trx) : undefined;
  }

  /** Resolves every open call for help of a mentee who left; returns how many. */
  async resolveAllFor(teamId: string, menteeId: string, by: string, now: Date, trx: Knex = this.db): Promise<number> {
    return trx('assistance_requests')
      .where({ team_id: teamId, mentee_id: menteeId })
      .whereNull('resolved_at')
      .update({ resolved_at: now.toISOString(), resolved_by: by });
  }

  /**
   * A supporter responded to the mentee (opened their progress page, or filed a meeting report):
   * their open, unanswered help requests count as acknowledged, so the admins are not asked to step in.
   * Returns how many requests that acknowledged.
   */
  async acknowledgeOpen(teamId: string, menteeId: string, by: string, now: Date): Promise<number> {
    return this.db('assistance_requests')
      .where({ team_id: teamId, mentee_id: menteeId })
      .whereNull('resolved_at')
      .whereNull('acknowledged_at')
      .update({ acknowledged_at: now.toISOString(), acknowledged_by: by });
  }

  /**
   * Claims the right to DM this supporter about this request. True once: whoever gets false
   * must update the DM already recorded (or being sent) instead of sending another.
   */
  async claimAlert(teamId: string, requestId: number, supporterId: string): Promise<boolean> {
    const rows = await this.db('assistance_alerts')
      .insert({ assistance_request_id: requestId, team_id: teamId, supporter_id: supporterId })
      .onConflict(['assistance_request_id', 'supporter_id'])
      .ignore()
      .returning('id');
    return rows.length === 1;
  }

  async recordAlert(
    teamId: string,
    requestId: number,
    supporterId: string,
    where: { channel: string; ts: string },
  ): Promise<void> {
    await this.db('assistance_alerts')
      .where({ team_id: teamId, assistance_request_id: requestId, supporter_id: supporterId })
      .update({ channel: where.channel, ts: where.ts });
  }

  /** A DM that could not be sent frees its claim, so a later request may try again. */
  async releaseAlert(teamId: string, requestId: number, supporterId: string): Promise<void> {
    await this.db('assistance_alerts')
      .where({ team_id: teamId, assistance_request_id: requestId, supporter_id: supporterId })
      .whereNull('ts')
      .delete();
  }

  async listAlerts(teamId: string, requestId: number): Promise<HelpAlert[]> {
    const rows = await this.db('assistance_alerts')
      .where({ team_id: teamId, assistance_request_id: requestId })
      .orderBy('id');
    return rows.map((r) => ({
      supporterId: r.supporter_id as string,
      channel: (r.channel as string | null) ?? null,
      ts: (r.ts as string | null) ?? null,
    }));
  }
}

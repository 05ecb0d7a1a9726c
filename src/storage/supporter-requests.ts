import type { Knex } from 'knex';
import type { Db } from './db.ts';
import { insertedId } from './rows.ts';

export interface SupporterRequest {
  id: number;
  teamId: string;
  requesterId: string;
  topicId: number | null;
  topicName: string | null;
  note: string | null;
  createdAt: string;
  closedAt: string | null;
  mentorshipId: number | null;
}

const toRequest = (r: Record<string, unknown>): SupporterRequest => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  requesterId: r.requester_id as string,
  topicId: r.topic_id == null ? null : Number(r.topic_id),
  topicName: (r.topic_name as string | null) ?? null,
  note: (r.note as string | null) ?? null,
  createdAt: r.created_at as string,
  closedAt: (r.closed_at as string | null) ?? null,
  mentorshipId: r.mentorship_id == null ? null : Number(r.mentorship_id),
});

/** Requests with their topic name. */
const select = (q: Knex) =>
  q('supporter_requests as r').leftJoin('topics as t', 't.id', 'r.topic_id').select('r.*', 't.name as topic_name');

/** People asking the admins for a supporter (themselves, or a mentee whose help request found nobody). */
export class SupporterRequestsStore {
  constructor(private readonly db: Db) {}

  /**
   * Opens a request, or returns the one this person already has open for the same topic (with
   * the new note, when there is one). One conditional insert against the partial unique index,
   * so two instances racing open one request and exactly one of them sees `created`.
   * Inside `trx` when given.
   */
  async open(
    teamId: string,
    r: { requesterId: string; topicId: number | null; note: string | null },
    now: Date,
    trx: Knex = this.db,
  ): Promise<{ request: SupporterRequest; created: boolean }> {
    const [row] = await trx('supporter_requests')
      .insert({
        team_id: teamId,
        requester_id: r.requesterId,
        topic_id: r.topicId,
        note: r.note,
        created_at: now.toISOString(),
      })
      .onConflict()
      .ignore()
      .returning('id');
    if (row !== undefined) {
      const id = insertedId(row);
      return { request: (await this.get(teamId, id, trx))!, created: true };
    }
    const existing = await this.findOpen(teamId, r.requesterId, r.topicId, trx);
    // Closed between the insert and this read: the request was answered meanwhile, so nothing is open.
    if (!existing) throw new Error('supporter request closed while opening it; try again');
    if (r.note && r.note !== existing.note) {
      await trx('supporter_requests').where({ id: existing.id }).update({ note: r.note });
      return { request: { ...existing, note: r.note }, created: false };
    }
    return { request: existing, created: false };
  }

  async get(teamId: string, id: number, trx: Knex = this.db): Promise<SupporterRequest | undefined> {
    const row = await select(trx).where({ 'r.team_id': teamId, 'r.id': id }).first();
    return row ? toRequest(row) : undefined;
  }

  /** The request a mentorship answered (closed when it was assigned), if any. */
  async answeredBy(teamId: string, mentorshipId: number): Promise<SupporterRequest | undefined> {
    const row = await select(this.db).where({ 'r.team_id': teamId, 'r.mentorship_id': mentorshipId }).first();
    return row ? toRequest(row) : undefined;
  }

  /** Whether this person has any request open, for any topic. */
  async anyOpen(teamId: string, requesterId: string): Promise<boolean> {
    const row = await this.db('supporter_requests')
      .where({ team_id: teamId, requester_id: requesterId })
      .whereNull('closed_at')
      .first('id');
    return row !== undefined;
  }

  async findOpen(
    teamId: string,
    requesterId: string,
    topicId: number | null,
    trx: Knex = this.db,
  ): Promise<SupporterRequest | undefined> {
    const q = select(trx).where({ 'r.team_id': teamId, 'r.requester_id': requesterId }).whereNull('r.closed_at');
    if (topicId === null) q.whereNull('r.topic_id');
    else q.where('r.topic_id', topicId);
    const row = await q.first();
    return row ? toRequest(row) : undefined;
  }

  /** This person's open requests for a supporter, oldest first. */
  async listOpenFor(teamId: string, requesterId: string): Promise<SupporterRequest[]> {
    const rows = await select(this.db)
      .where({ 'r.team_id': teamId, 'r.requester_id': requesterId })
      .whereNull('r.closed_at')
      .orderBy([{ column: 'r.created_at' }, { column: 'r.id' }]);
    return rows.map(toRequest);
  }

  async listOpen(teamId: string, limit = 100): Promise<SupporterRequest[]> {
    const rows = await select(this.db)
      .where({ 'r.team_id': teamId })
      .whereNull('r.closed_at')
      .orderBy('r.created_at')
      .limit(limit);
    return rows.map(toRequest);
  }

  /** Closes every open request of a person who left; returns how many. */
  async closeAllFor(teamId: string, requesterId: string, now: Date, trx: Knex = this.db): Promise<number> {
    return trx('supporter_requests')
      .where({ team_id: teamId, requester_id: requesterId })
      .whereNull('closed_at')
      .update({ closed_at: now.toISOString() });
  }

  /**
   * A mentorship was assigned: closes this mentee's open requests it answers (the same topic,
   * or any request without a topic). Returns how many it closed.
   */
  async closeAnsweredBy(
    teamId: string,
    m: { menteeId: string; topicId: number | null; mentorshipId: number },
    now: Date,
    trx: Knex = this.db,
  ): Promise<number> {
    const q = trx('supporter_requests').where({ team_id: teamId, requester_id: m.menteeId }).whereNull('closed_at');
    if (m.topicId === null) q.whereNull('topic_id');
    else q.andWhere((w) => w.where('topic_id', m.topicId).orWhereNull('topic_id'));
    return q.update({ closed_at: now.toISOString(), mentorship_id: m.mentorshipId });
  }
}

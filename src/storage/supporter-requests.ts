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
  /** Help asked for while waiting (the life ring from someone with no supporter yet), and when. */
  helpNote: string | null;
  helpAskedAt: string | null;
  createdAt: string;
  closedAt: string | null;
  mentorshipId: number | null;
  /** The programme it is in; null (written by the previous release) is the workspace's default programme. */
  programmeId: number | null;
  /** `/mentor request @person`: the supporter the mentee would like. */
  wantedSupporterId: string | null;
}

const toRequest = (r: Record<string, unknown>): SupporterRequest => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  requesterId: r.requester_id as string,
  topicId: r.topic_id == null ? null : Number(r.topic_id),
  topicName: (r.topic_name as string | null) ?? null,
  note: (r.note as string | null) ?? null,
  helpNote: (r.help_note as string | null) ?? null,
  helpAskedAt: (r.help_asked_at as string | null) ?? null,
  createdAt: r.created_at as string,
  closedAt: (r.closed_at as string | null) ?? null,
  mentorshipId: r.mentorship_id == null ? null : Number(r.mentorship_id),
  programmeId: r.programme_id == null ? null : Number(r.programme_id),
  wantedSupporterId: (r.wanted_supporter_id as string | null) ?? null,
});

/** Requests with their topic name. */
const select = (q: Knex) =>
  q('supporter_requests as r').leftJoin('topics as t', 't.id', 'r.topic_id').select('r.*', 't.name as topic_name');

/** People asking the admins for a supporter (themselves, or a mentee whose help request found nobody). */
export class SupporterRequestsStore {
  constructor(private readonly db: Db) {}

  /**
   * Opens a request, or returns the one this person already has open (a person has at most one,
   * whatever its topic). One conditional insert against the partial unique index, so two
   * instances racing open one request and exactly one of them sees `created`. Inside `trx` when given.
   */
  async open(
    teamId: string,
    r: {
      requesterId: string;
      topicId: number | null;
      note: string | null;
      help?: { note: string | null };
      programmeId?: number | null;
      wantedSupporterId?: string | null;
    },
    now: Date,
    trx: Knex = this.db,
  ): Promise<{ request: SupporterRequest; created: boolean }> {
    const at = now.toISOString();
    const [row] = await trx('supporter_requests')
      .insert({
        team_id: teamId,
        requester_id: r.requesterId,
        topic_id: r.topicId,
        note: r.note,
        ...(r.programmeId ? { programme_id: r.programmeId } : {}),
        ...(r.wantedSupporterId ? { wanted_supporter_id: r.wantedSupporterId } : {}),
        ...(r.help ? { help_note: r.help.note, help_asked_at: at } : {}),
        created_at: at,
      })
      .onConflict()
      .ignore()
      .returning('id');
    if (row !== undefined) return { request: (await this.get(teamId, insertedId(row), trx))!, created: true };
    const existing = await this.openFor(teamId, r.requesterId, trx);
    // Closed between the insert and this read: the request was answered meanwhile, so nothing is open.
    if (!existing) throw new Error('supporter request closed while opening it; try again');
    return { request: existing, created: false };
  }

  /**
   * Changes an open request's topic, note and wanted supporter (each only when given); undefined
   * when it is no longer open. `null` clears one.
   */
  async update(
    teamId: string,
    id: number,
    change: { topicId?: number | null; note?: string | null; wantedSupporterId?: string | null },
    trx: Knex = this.db,
  ): Promise<SupporterRequest | undefined> {
    const set = {
      ...(change.topicId !== undefined ? { topic_id: change.topicId } : {}),
      ...(change.note !== undefined ? { note: change.note } : {}),
      ...(change.wantedSupporterId !== undefined ? { wanted_supporter_id: change.wantedSupporterId } : {}),
    };
    if (Object.keys(set).length > 0) {
      const n = await trx('supporter_requests').where({ team_id: teamId, id }).whereNull('closed_at').update(set);
      if (n === 0) return undefined;
    }
    const after = await this.get(teamId, id, trx);
    return after && !after.closedAt ? after : undefined;
  }

  /**
   * Help asked for by someone with no supporter to give it: it goes on their open request (opened
   * now when they have none), beside the request's own note. A request without a topic takes the
   * help's. `helpAdded` is true the first time help is asked on the request, so the admins hear
   * of it once; a later note only changes what their lists show.
   */
  async askForHelp(
    teamId: string,
    r: { requesterId: string; topicId: number | null; note: string | null },
    now: Date,
    trx: Knex = this.db,
  ): Promise<{ request: SupporterRequest; created: boolean; helpAdded: boolean }> {
    const opened = await this.open(
      teamId,
      { requesterId: r.requesterId, topicId: r.topicId, note: null, help: { note: r.note } },
      now,
      trx,
    );
    if (opened.created) return { ...opened, helpAdded: true };
    const existing = opened.request;
    await trx('supporter_requests')
      .where({ id: existing.id })
      .update({
        help_note: r.note ?? existing.helpNote,
        help_asked_at: now.toISOString(),
        ...(existing.topicId === null && r.topicId !== null ? { topic_id: r.topicId } : {}),
      });
    const request = (await this.get(teamId, existing.id, trx))!;
    return { request, created: false, helpAdded: existing.helpAskedAt === null };
  }

  async get(teamId: string, id: number, trx: Knex = this.db): Promise<SupporterRequest | undefined> {
    const row = await select(trx).where({ 'r.team_id': teamId, 'r.id': id }).first();
    return row ? toRequest(row) : undefined;
  }

  /** The person's one open request, if any. */
  async openFor(teamId: string, requesterId: string, trx: Knex = this.db): Promise<SupporterRequest | undefined> {
    const row = await select(trx)
      .where({ 'r.team_id': teamId, 'r.requester_id': requesterId })
      .whereNull('r.closed_at')
      .first();
    return row ? toRequest(row) : undefined;
  }

  /** The request a mentorship answered (closed when it was assigned), if any. */
  async answeredBy(teamId: string, mentorshipId: number): Promise<SupporterRequest | undefined> {
    const row = await select(this.db).where({ 'r.team_id': teamId, 'r.mentorship_id': mentorshipId }).first();
    return row ? toRequest(row) : undefined;
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

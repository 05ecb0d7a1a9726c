import type { Knex } from 'knex';
import type { Db } from './db.ts';
import { isUniqueViolation } from './errors.ts';

export type CheckinKind = 'meeting' | 'closeout';

export interface Checkin {
  id: number;
  teamId: string;
  kind: CheckinKind;
  mentorshipId: number;
  reportId: number | null;
  personId: string;
  otherId: string;
  queuedAt: string;
  askedAt: string | null;
  channel: string | null;
  ts: string | null;
  score: number | null;
  comment: string | null;
  answeredAt: string | null;
  /** The meeting date, for wording ("your meeting on 20 Nov"); null for close-outs. */
  metOn: string | null;
  topicName: string | null;
}

export interface NewCheckin {
  teamId: string;
  kind: CheckinKind;
  mentorshipId: number;
  reportId: number | null;
  personId: string;
  otherId: string;
}

export interface PersonSettings {
  fewerMessages: boolean;
  lastQuestionAt: string | null;
  lastNudgeAt: string | null;
}

const toCheckin = (r: Record<string, unknown>): Checkin => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  kind: r.kind as CheckinKind,
  mentorshipId: Number(r.mentorship_id),
  reportId: r.report_id == null ? null : Number(r.report_id),
  personId: r.person_id as string,
  otherId: r.other_id as string,
  queuedAt: r.queued_at as string,
  askedAt: (r.asked_at as string | null) ?? null,
  channel: (r.channel as string | null) ?? null,
  ts: (r.ts as string | null) ?? null,
  score: r.score == null ? null : Number(r.score),
  comment: (r.comment as string | null) ?? null,
  answeredAt: (r.answered_at as string | null) ?? null,
  metOn: (r.met_on as string | null) ?? null,
  topicName: (r.topic_name as string | null) ?? null,
});

/** Check-ins with the meeting day and topic name their wording needs. */
const select = (q: Knex) =>
  q('checkins as c')
    .leftJoin('meeting_reports as r', 'r.id', 'c.report_id')
    .join('mentorships as m', 'm.id', 'c.mentorship_id')
    .leftJoin('topics as t', 't.id', 'm.topic_id')
    .select('c.*', 'r.met_on', 't.name as topic_name');

/** Check-in questions and answers, and each person's message settings. */
export class CheckinsStore {
  constructor(private readonly db: Db) {}

  /** Queues a question; false when it was queued before (a retried delivery). */
  async queue(c: NewCheckin, now: Date, trx: Knex = this.db): Promise<boolean> {
    try {
      await trx('checkins').insert({
        team_id: c.teamId,
        kind: c.kind,
        mentorship_id: c.mentorshipId,
        report_id: c.reportId,
        person_id: c.personId,
        other_id: c.otherId,
        queued_at: now.toISOString(),
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async get(teamId: string, id: number): Promise<Checkin | undefined> {
    const row = await select(this.db).where({ 'c.team_id': teamId, 'c.id': id }).first();
    return row ? toCheckin(row) : undefined;
  }

  /** Questions not yet asked nor dropped, oldest first. */
  async waiting(limit: number): Promise<Checkin[]> {
    const rows = await select(this.db)
      .whereNull('c.asked_at')
      .whereNull('c.cancelled_at')
      .orderBy('c.queued_at')
      .orderBy('c.id')
      .limit(limit);
    return rows.map(toCheckin);
  }

  async cancel(ids: readonly number[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db('checkins')
      .whereIn('id', [...ids])
      .whereNull('asked_at')
      .update({ cancelled_at: now.toISOString() });
  }

  /** Claims a question for asking; false when another run got it first. */
  async claim(id: number, now: Date): Promise<boolean> {
    return (
      (await this.db('checkins')
        .where({ id })
        .whereNull('asked_at')
        .whereNull('cancelled_at')
        .update({ asked_at: now.toISOString() })) > 0
    );
  }

  async setMessage(id: number, where: { channel: string; ts: string }): Promise<void> {
    await this.db('checkins').where({ id }).update({ channel: where.channel, ts: where.ts });
  }

  /** Stores the score once; a second tap (or a retry) changes nothing and returns undefined. */
  async answer(teamId: string, id: number, personId: string, score: number, now: Date): Promise<Checkin | undefined> {
    const changed = await this.db('checkins')
      .where({ team_id: teamId, id, person_id: personId })
      .whereNotNull('asked_at')
      .whereNull('answered_at')
      .update({ score, answered_at: now.toISOString() });
    return changed > 0 ? this.get(teamId, id) : undefined;
  }

  /** Adds the optional comment to an answered check-in; only once. */
  async comment(teamId: string, id: number, personId: string, comment: string): Promise<Checkin | undefined> {
    const changed = await this.db('checkins')
      .where({ team_id: teamId, id, person_id: personId })
      .whereNotNull('answered_at')
      .whereNull('comment')
      .update({ comment });
    return changed > 0 ? this.get(teamId, id) : undefined;
  }

  async settings(teamId: string, userId: string): Promise<PersonSettings> {
    const row = await this.db('person_settings').where({ team_id: teamId, user_id: userId }).first();
    return {
      fewerMessages: Boolean(row?.fewer_messages),
      lastQuestionAt: (row?.last_question_at as string | null) ?? null,
      lastNudgeAt: (row?.last_nudge_at as string | null) ?? null,
    };
  }

  async settingsMany(teamId: string, userIds: readonly string[]): Promise<Map<string, PersonSettings>> {
    const out = new Map<string, PersonSettings>();
    if (userIds.length === 0) return out;
    const rows = await this.db('person_settings')
      .where({ team_id: teamId })
      .whereIn('user_id', [...new Set(userIds)]);
    for (const r of rows)
      out.set(r.user_id, {
        fewerMessages: Boolean(r.fewer_messages),
        lastQuestionAt: r.last_question_at ?? null,
        lastNudgeAt: r.last_nudge_at ?? null,
      });
    return out;
  }

  /**
   * The settings of people across workspaces (a page of the sweep's recipients) in one statement;
   * the defaults for someone who never changed theirs.
   */
  async settingsAcross(
    people: readonly { teamId: string; userId: string }[],
  ): Promise<(teamId: string, userId: string) => PersonSettings> {
    const found = new Map<string, PersonSettings>();
    if (people.length > 0) {
      const rows = await this.db('person_settings').whereIn(
        ['team_id', 'user_id'],
        people.map((p) => [p.teamId, p.userId]),
      );
      for (const r of rows)
        found.set(`${r.team_id}:${r.user_id}`, {
          fewerMessages: Boolean(r.fewer_messages),
          lastQuestionAt: r.last_question_at ?? null,
          lastNudgeAt: r.last_nudge_at ?? null,
        });
    }
    return (teamId, userId) =>
      found.get(`${teamId}:${userId}`) ?? { fewerMessages: false, lastQuestionAt: null, lastNudgeAt: null };
  }

  async setFewerMessages(teamId: string, userId: string, fewer: boolean, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db('person_settings')
      .insert({ team_id: teamId, user_id: userId, fewer_messages: fewer, updated_at: at })
      .onConflict(['team_id', 'user_id'])
      .merge({ fewer_messages: fewer, updated_at: at });
  }

  /** Notes a nudge (any reminder, digest or question) sent now; `question` also spaces check-ins. */
  async noteNudge(teamId: string, userId: string, now: Date, question = false): Promise<void> {
    const at = now.toISOString();
    await this.db('person_settings')
      .insert({
        team_id: teamId,
        user_id: userId,
        last_nudge_at: at,
        ...(question ? { last_question_at: at } : {}),
        updated_at: at,
      })
      .onConflict(['team_id', 'user_id'])
      .merge({ last_nudge_at: at, ...(question ? { last_question_at: at } : {}), updated_at: at });
  }

  /** Notes a nudge sent now to each of these people (one statement): what a wave of the sweep's DMs writes. */
  async noteNudges(people: readonly { teamId: string; userId: string }[], now: Date): Promise<void> {
    const at = now.toISOString();
    const unique = new Map(people.map((p) => [`${p.teamId}:${p.userId}`, p]));
    if (unique.size === 0) return;
    await this.db('person_settings')
      .insert(
        [...unique.values()].map((p) => ({ team_id: p.teamId, user_id: p.userId, last_nudge_at: at, updated_at: at })),
      )
      .onConflict(['team_id', 'user_id'])
      .merge(['last_nudge_at', 'updated_at']);
  }

  /** Answered check-ins since an instant, for the trends (scores only: comments stay with admins). */
  async answeredSince(
    teamId: string,
    since: string,
  ): Promise<{ kind: CheckinKind; score: number; answeredAt: string }[]> {
    const rows = await this.db('checkins')
      .where({ team_id: teamId })
      .where('answered_at', '>=', since)
      .select('kind', 'score', 'answered_at');
    return rows.map((r) => ({
      kind: r.kind as CheckinKind,
      score: Number(r.score),
      answeredAt: r.answered_at as string,
    }));
  }
}

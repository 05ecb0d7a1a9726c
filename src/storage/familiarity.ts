import type { Knex } from 'knex';
import type { Db } from './db.ts';

export type FamiliarityLevel = 1 | 2 | 3 | 4;

export interface Familiarity {
  teamId: string;
  personId: string;
  topicId: number;
  topicName: string;
  level: FamiliarityLevel;
  helpRequested: boolean;
  note: string | null;
  updatedAt: string;
}

const toFamiliarity = (r: Record<string, unknown>): Familiarity => ({
  teamId: r.team_id as string,
  personId: r.person_id as string,
  topicId: Number(r.topic_id),
  topicName: r.topic_name as string,
  level: Number(r.level) as FamiliarityLevel,
  helpRequested: Boolean(r.assistance_requested),
  note: (r.note as string | null) ?? null,
  updatedAt: r.updated_at as string,
});

/** Familiarity rows with their topic name. */
const select = (db: Db) =>
  db('familiarity as f').join('topics as t', 't.id', 'f.topic_id').select('f.*', 't.name as topic_name');

/** How familiar a person says they are with each topic (1 new to it .. 4 can teach it). */
export class FamiliarityStore {
  constructor(private readonly db: Db) {}

  async setLevel(
    teamId: string,
    personId: string,
    topicId: number,
    level: FamiliarityLevel,
    now: Date,
    trx: Knex = this.db,
  ): Promise<void> {
    const at = now.toISOString();
    await trx('familiarity')
      .insert({
        team_id: teamId,
        person_id: personId,
        topic_id: topicId,
        level,
        assistance_requested: false,
        updated_at: at,
      })
      .onConflict(['team_id', 'person_id', 'topic_id'])
      .merge({ level, updated_at: at });
  }

  /** Mirrors an open help request on the familiarity row, when the person has one for the topic. */
  async setHelpRequested(
    teamId: string,
    personId: string,
    topicId: number,
    requested: boolean,
    note: string | null,
    now: Date,
    trx: Knex = this.db,
  ): Promise<void> {
    await trx('familiarity')
      .where({ team_id: teamId, person_id: personId, topic_id: topicId })
      .update({ assistance_requested: requested, ...(requested ? { note } : {}), updated_at: now.toISOString() });
  }

  async get(teamId: string, personId: string, topicId: number): Promise<Familiarity | undefined> {
    const row = await select(this.db)
      .where({ 'f.team_id': teamId, 'f.person_id': personId, 'f.topic_id': topicId })
      .first();
    return row ? toFamiliarity(row) : undefined;
  }

  async listForPerson(teamId: string, personId: string): Promise<Familiarity[]> {
    const rows = await select(this.db).where({ 'f.team_id': teamId, 'f.person_id': personId }).orderBy('t.name_key');
    return rows.map(toFamiliarity);
  }
}

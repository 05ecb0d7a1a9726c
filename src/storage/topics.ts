import type { Db } from './db.ts';
import { isUniqueViolation } from './errors.ts';
import type { Topic, TopicKind } from './rows.ts';

export class DuplicateTopicError extends Error {
  constructor(readonly topicName: string) {
    super(`A topic called ${topicName} already exists`);
  }
}

/** Names are unique per workspace ignoring case and surrounding or repeated spaces. */
export const topicKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

const toTopic = (r: Record<string, unknown>): Topic => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  kind: r.kind as TopicKind,
  name: r.name as string,
  description: (r.description as string | null) ?? null,
  createdAt: r.created_at as string,
  archivedAt: (r.archived_at as string | null) ?? null,
});

export class TopicsStore {
  constructor(private readonly db: Db) {}

  async create(
    teamId: string,
    t: { name: string; kind?: TopicKind; description?: string | null; createdBy: string },
    now: Date,
  ): Promise<Topic> {
    const name = t.name.trim().replace(/\s+/g, ' ');
    try {
      const [row] = await this.db('topics')
        .insert({
          team_id: teamId,
          kind: t.kind ?? 'skillset',
          name,
          name_key: topicKey(name),
          description: t.description ?? null,
          created_by: t.createdBy,
          created_at: now.toISOString(),
        })
        .returning('*');
      return toTopic(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateTopicError(name);
      throw error;
    }
  }

  async rename(teamId: string, id: number, newName: string): Promise<Topic | undefined> {
    const name = newName.trim().replace(/\s+/g, ' ');
    try {
      await this.db('topics')
        .where({ team_id: teamId, id })
        .update({ name, name_key: topicKey(name) });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateTopicError(name);
      throw error;
    }
    return this.get(teamId, id);
  }

  async setArchived(teamId: string, id: number, archived: boolean, now: Date): Promise<Topic | undefined> {
    await this.db('topics')
      .where({ team_id: teamId, id })
      .update({ archived_at: archived ? now.toISOString() : null });
    return this.get(teamId, id);
  }

  async get(teamId: string, id: number): Promise<Topic | undefined> {
    const row = await this.db('topics').where({ team_id: teamId, id }).first();
    return row ? toTopic(row) : undefined;
  }

  async findByName(teamId: string, name: string): Promise<Topic | undefined> {
    const row = await this.db('topics')
      .where({ team_id: teamId, name_key: topicKey(name) })
      .first();
    return row ? toTopic(row) : undefined;
  }

  async list(teamId: string, opts: { includeArchived?: boolean } = {}): Promise<Topic[]> {
    const q = this.db('topics').where({ team_id: teamId }).orderBy('name_key');
    if (!opts.includeArchived) q.whereNull('archived_at');
    return (await q).map(toTopic);
  }
}

import type { Db } from './db.ts';
import { isUniqueViolation } from './errors.ts';
import type { Topic, TopicKind } from './rows.ts';

export class DuplicateTopicError extends Error {
  constructor(readonly topicName: string) {
    super(`A topic called ${topicName} already exists`);
  }
}

/**
 * Characters that change how a name looks or reads without being seen: zero-width ones (U+200B–U+200D,
 * U+2060, U+FEFF) made two topics whose names looked the same, and bidi controls (U+202A–U+202E,
 * U+2066–U+2069, U+200E, U+200F) reversed the text after the name in others' messages. Also the
 * C0 and C1 controls other than spacing, NUL among them (PostgreSQL refuses it in text). A
 * zero-width joiner between two pictographs is kept: it makes 👩‍💻 one emoji, and looks like nothing else.
 */
const INVISIBLE =
  /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})|[\u200B\u200C\u2060\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069]|[^\P{Cc}\s]/gu;

/**
 * A name as Lifering compares and stores it: the invisible characters above removed, composed (NFC,
 * so "é" typed two ways is one name; after the removal, which can bring a letter and its accent
 * together), surrounding spaces trimmed and runs of spaces made one. Pure, so that every place a
 * name is compared or stored (programme names too, later) can use it.
 */
export const normaliseName = (name: string): string =>
  name.replace(INVISIBLE, '').normalize('NFC').replace(/\s+/g, ' ').trim();

/** Names are unique per workspace ignoring case, spacing and the invisible characters `normaliseName` removes. */
export const topicKey = (name: string): string => normaliseName(name).toLowerCase();

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
    const name = normaliseName(t.name);
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
    const name = normaliseName(newName);
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

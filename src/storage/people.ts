import type { Db } from './db.ts';
import type { PreparedRead, PreparedReads } from './prepared.ts';
import type { Person } from './rows.ts';

/** What Slack's users.info tells us about a person; the rest of Person is Lifering's own. */
export type SlackProfile = Pick<Person, 'userId' | 'name' | 'tz' | 'isWorkspaceAdmin' | 'isBot' | 'isDeleted'>;

type PersonRow = Record<string, unknown>;

/**
 * Slack's profiles can carry NUL (U+0000), which PostgreSQL cannot store in text: one in a name
 * failed every write of that person's row. Dropped here, where every profile (users.info, events)
 * becomes a row, as src/slack/incoming.ts drops it from what people send.
 */
const withoutNul = (text: string | null): string | null =>
  text?.includes('\u0000') ? text.replaceAll('\u0000', '') : text;

const toPerson = (r: PersonRow): Person => ({
  teamId: r.team_id as string,
  userId: r.user_id as string,
  name: (r.name as string | null) ?? null,
  tz: (r.tz as string | null) ?? null,
  isWorkspaceAdmin: Boolean(r.is_workspace_admin),
  isBot: Boolean(r.is_bot),
  isDeleted: Boolean(r.is_deleted),
  fetchedAt: (r.fetched_at as string | null) ?? null,
  adminGrantedBy: (r.admin_granted_by as string | null) ?? null,
  adminGrantedAt: (r.admin_granted_at as string | null) ?? null,
});

/** The workspace's data version, a person's row and the programmes they manage, as of one moment. */
export interface ViewerRead {
  version: number;
  person: Person | undefined;
  manages: number[];
}

/*
 * What a Home reads first about its viewer, in one statement instead of three round trips in a
 * row: the version (read from the database, as an admin check must be), their row, and one row
 * per programme they manage. One statement is also one snapshot: the data is as of the version.
 * The ids are cast so PostgreSQL knows their type in a prepared statement.
 */
const VIEWER: PreparedRead = {
  name: 'lifering_viewer',
  sql: `SELECT tv.version AS viewer_version, pm.programme_id AS viewer_manages, p.*
    FROM (SELECT CAST(? AS VARCHAR(32)) AS team_id, CAST(? AS VARCHAR(32)) AS user_id) q
    LEFT JOIN team_versions tv ON tv.team_id = q.team_id
    LEFT JOIN people p ON p.team_id = q.team_id AND p.user_id = q.user_id
    LEFT JOIN programme_managers pm ON pm.team_id = q.team_id AND pm.user_id = q.user_id
    ORDER BY pm.programme_id`,
};

/** The people Lifering knows: a cache of Slack profiles plus the admin grants made in Lifering. */
export class PeopleStore {
  constructor(
    private readonly db: Db,
    private readonly reads: PreparedReads,
  ) {}

  /** The version, their row and the programmes they manage, in one read (see VIEWER). */
  async viewer(teamId: string, userId: string): Promise<ViewerRead> {
    const rows = await this.reads.all<PersonRow>(VIEWER, [teamId, userId]);
    const first = rows[0];
    return {
      version: Number(first?.viewer_version ?? 0),
      person: first?.user_id == null ? undefined : toPerson(first),
      manages: rows.filter((r) => r.viewer_manages != null).map((r) => Number(r.viewer_manages)),
    };
  }

  async get(teamId: string, userId: string): Promise<Person | undefined> {
    const row = await this.db('people').where({ team_id: teamId, user_id: userId }).first();
    return row ? toPerson(row) : undefined;
  }

  async getMany(teamId: string, userIds: readonly string[]): Promise<Person[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db('people')
      .where({ team_id: teamId })
      .whereIn('user_id', [...new Set(userIds)]);
    return rows.map(toPerson);
  }

  /** Stores what Slack said about a user, keeping any admin grant. */
  async saveProfile(teamId: string, p: SlackProfile, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db('people')
      .insert({
        team_id: teamId,
        user_id: p.userId,
        name: withoutNul(p.name),
        tz: withoutNul(p.tz),
        is_workspace_admin: p.isWorkspaceAdmin,
        is_bot: p.isBot,
        is_deleted: p.isDeleted,
        fetched_at: at,
        updated_at: at,
      })
      .onConflict(['team_id', 'user_id'])
      .merge(['name', 'tz', 'is_workspace_admin', 'is_bot', 'is_deleted', 'fetched_at', 'updated_at']);
  }

  /**
   * Grants Lifering admin; true when this call made the grant, false when they already had one.
   * A conditional update, so two instances granting at once grant (and announce) once.
   */
  async grantAdmin(teamId: string, userId: string, grantedBy: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    return this.setOnce(teamId, userId, 'admin_granted_at', { admin_granted_by: grantedBy, admin_granted_at: at }, at);
  }

  /**
   * Sets `values` on a person's row (made first for someone never seen) only while `column` is
   * still empty: a conditional update, so of two instances racing exactly one gets true.
   */
  private async setOnce(
    teamId: string,
    userId: string,
    column: 'admin_granted_at' | 'left_at',
    values: Record<string, string>,
    at: string,
  ): Promise<boolean> {
    await this.db('people')
      .insert({ team_id: teamId, user_id: userId, updated_at: at })
      .onConflict(['team_id', 'user_id'])
      .ignore();
    const changed = await this.db('people')
      .where({ team_id: teamId, user_id: userId })
      .whereNull(column)
      .update({ ...values, updated_at: at });
    return changed === 1;
  }

  /** Returns false when the user had no grant to remove. */
  async revokeAdmin(teamId: string, userId: string, now: Date): Promise<boolean> {
    const changed = await this.db('people')
      .where({ team_id: teamId, user_id: userId })
      .whereNotNull('admin_granted_at')
      .update({ admin_granted_by: null, admin_granted_at: null, updated_at: now.toISOString() });
    return changed > 0;
  }

  /**
   * Claims the handling of a person's departure: true once (across instances and redeliveries),
   * false when it was already handled. Creates the row for a person never seen.
   */
  async markLeft(teamId: string, userId: string, reason: 'deactivated' | 'guest', now: Date): Promise<boolean> {
    const at = now.toISOString();
    return this.setOnce(teamId, userId, 'left_at', { left_at: at, left_reason: reason }, at);
  }

  /** A person who left is active again; true once. Their mentorships stay ended. */
  async markReturned(teamId: string, userId: string, now: Date): Promise<boolean> {
    const changed = await this.db('people')
      .where({ team_id: teamId, user_id: userId })
      .whereNotNull('left_at')
      .update({ left_at: null, left_reason: null, updated_at: now.toISOString() });
    return changed === 1;
  }

  /** Workspaces where someone left since `since`. */
  async teamsWithLeftSince(since: Date): Promise<string[]> {
    const rows = await this.db('people').where('left_at', '>', since.toISOString()).distinct('team_id');
    return rows.map((r) => r.team_id as string);
  }

  /** People who left since `since`, newest first. */
  async leftSince(
    teamId: string,
    since: Date,
    limit = 50,
  ): Promise<{ userId: string; name: string | null; leftAt: string; reason: string }[]> {
    const rows = await this.db('people')
      .where({ team_id: teamId })
      .andWhere('left_at', '>', since.toISOString())
      .orderBy('left_at', 'desc')
      .limit(limit);
    return rows.map((r) => ({
      userId: r.user_id as string,
      name: (r.name as string | null) ?? null,
      leftAt: r.left_at as string,
      reason: r.left_reason as string,
    }));
  }

  /** Everyone whose admin rights Lifering knows of: grants and cached workspace admins. */
  async listAdmins(teamId: string): Promise<Person[]> {
    const rows = await this.db('people')
      .where({ team_id: teamId, is_deleted: false })
      .andWhere((q) => q.whereNotNull('admin_granted_at').orWhere('is_workspace_admin', true))
      .orderBy('user_id');
    return rows.map(toPerson);
  }
}

import { type Db, isPostgres } from './db.ts';
import { bumpTeamVersions } from './versions.ts';

/** One install as stored: plain columns to query by, and the encrypted tokens in `secret`. */
export interface InstallationRow {
  /** The team id of a workspace install, or the enterprise id of an organisation-wide install. */
  id: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  botUserId: string | null;
  botId: string | null;
  scopes: string[];
  /** Encrypted; null once the app was uninstalled or its tokens revoked (and in single-workspace mode). */
  secret: string | null;
  tokenExpiresAt: string | null;
  version: number;
  /** When the current install was stored: a reinstall restarts it, so older uninstall events can be told apart. */
  installedAt: string;
  uninstalledAt: string | null;
  /** When a refreshed token pair first failed to be stored, if it was stored later (see `replaceSecret`). */
  refreshUnsavedSince: string | null;
  /** When that pair was stored after all. */
  refreshSavedAt: string | null;
}

export type NewInstallation = Omit<
  InstallationRow,
  'version' | 'installedAt' | 'uninstalledAt' | 'refreshUnsavedSince' | 'refreshSavedAt'
>;

/**
 * Every table that holds a workspace's data, children before parents, so that purging a
 * workspace deletes in an order the foreign keys accept. A test fails when a table with a
 * `team_id` column is missing here, so a new table cannot be left out of a purge.
 */
export const TEAM_TABLES = [
  'reminders',
  'meeting_reports',
  'tasks',
  'goals',
  'supporter_requests',
  'assistance_alerts',
  'assistance_requests',
  'familiarity',
  'checkins',
  'silence_notices',
  'meeting_notices',
  'person_settings',
  'supporter_topics',
  'supporter_profiles',
  // Children before the programme they belong to (their foreign keys).
  'programme_agreed',
  'programme_members',
  'programme_agreements',
  'programme_managers',
  'programmes',
  'mentorships',
  'topics',
  'people',
  'audit_events',
  'processed_events',
  // After the tables it counts, whose deletes update it (emptied rows are deleted as they go).
  'team_counts',
  // Last: deleting the rows above bumps it. The purge keeps this row (a number, about nobody), so
  // that the version never goes back to one that caches saw before.
  'team_versions',
] as const;

const toRow = (r: Record<string, unknown>): InstallationRow => ({
  id: r.id as string,
  teamId: (r.team_id as string | null) ?? null,
  enterpriseId: (r.enterprise_id as string | null) ?? null,
  isEnterpriseInstall: Boolean(r.is_enterprise_install),
  botUserId: (r.bot_user_id as string | null) ?? null,
  botId: (r.bot_id as string | null) ?? null,
  scopes: typeof r.scopes === 'string' && r.scopes !== '' ? r.scopes.split(',') : [],
  secret: (r.secret as string | null) ?? null,
  tokenExpiresAt: (r.token_expires_at as string | null) ?? null,
  version: Number(r.version),
  installedAt: r.installed_at as string,
  uninstalledAt: (r.uninstalled_at as string | null) ?? null,
  refreshUnsavedSince: (r.refresh_unsaved_since as string | null) ?? null,
  refreshSavedAt: (r.refresh_saved_at as string | null) ?? null,
});

async function teamsOf(db: Db, i: InstallationRow): Promise<string[]> {
  if (!i.isEnterpriseInstall) return i.teamId ? [i.teamId] : [];
  const rows = await db('installation_teams').where({ enterprise_id: i.id }).select('team_id');
  return rows.map((r) => r.team_id as string);
}

/** Installs of the app in workspaces and organisations, and the purge of a workspace's data. */
export class InstallationsStore {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<InstallationRow | undefined> {
    const row = await this.db('slack_installations').where({ id }).first();
    return row ? toRow(row) : undefined;
  }

  /** The install that serves a workspace: its own, or its organisation's (seen through `rememberTeam`). */
  async forTeam(teamId: string): Promise<InstallationRow | undefined> {
    const own = await this.db('slack_installations').where({ id: teamId }).first();
    if (own) return toRow(own);
    const link = await this.db('installation_teams').where({ team_id: teamId }).first();
    if (!link) return undefined;
    const org = await this.db('slack_installations')
      .where({ id: link.enterprise_id as string })
      .first();
    return org ? toRow(org) : undefined;
  }

  /**
   * Creates or replaces an install; a reinstall clears `uninstalled_at`, so the data kept is used
   * again, and restarts `installed_at`, so the previous uninstall's late events are seen as older.
   */
  async save(i: NewInstallation, now: Date): Promise<void> {
    const at = now.toISOString();
    const fields = {
      team_id: i.teamId,
      enterprise_id: i.enterpriseId,
      is_enterprise_install: i.isEnterpriseInstall,
      bot_user_id: i.botUserId,
      bot_id: i.botId,
      scopes: i.scopes.join(','),
      secret: i.secret,
      token_expires_at: i.tokenExpiresAt,
      installed_at: at,
      updated_at: at,
      uninstalled_at: null,
      // A new install's tokens: whatever befell the previous ones is no longer news.
      refresh_unsaved_since: null,
      refresh_saved_at: null,
    };
    await this.db('slack_installations')
      .insert({ id: i.id, ...fields, version: 1 })
      .onConflict('id')
      .merge({ ...fields, version: this.db.raw('?? + 1', ['slack_installations.version']) });
    // What any instance cached while the workspace was uninstalled (or before) is retired.
    await this.retireCaches(i.id);
  }

  /** Moves the data version of the workspaces an install serves (see bumpTeamVersions). */
  private async retireCaches(id: string): Promise<void> {
    const row = await this.get(id);
    if (row) await bumpTeamVersions(this.db, await teamsOf(this.db, row));
  }

  /**
   * Stores refreshed tokens only if nobody else did since `version` was read; true when this write
   * won. `unsavedSince`: these tokens are stored late, their first save having failed then.
   */
  async replaceSecret(
    id: string,
    version: number,
    secret: string,
    tokenExpiresAt: string | null,
    now: Date,
    unsavedSince?: Date,
  ): Promise<boolean> {
    const at = now.toISOString();
    const changed = await this.db('slack_installations')
      .where({ id, version })
      .whereNull('uninstalled_at')
      .update({
        secret,
        token_expires_at: tokenExpiresAt,
        version: version + 1,
        updated_at: at,
        ...(unsavedSince ? { refresh_unsaved_since: unsavedSince.toISOString(), refresh_saved_at: at } : {}),
      });
    return changed === 1;
  }

  /** Records that a workspace is served by an organisation-wide install; a no-op when already known. */
  async rememberTeam(teamId: string, enterpriseId: string, now: Date): Promise<void> {
    await this.db('installation_teams')
      .insert({ team_id: teamId, enterprise_id: enterpriseId, seen_at: now.toISOString() })
      .onConflict('team_id')
      .merge(['enterprise_id']);
  }

  /**
   * Forgets the tokens at once and starts the retention clock; false when it was already
   * uninstalled, or when the uninstall `happenedAt` before the current install was stored (Slack
   * delivers an uninstall's events in any order, and redelivers them later: the install they were
   * about is gone). A workspace served by a bot token (no row yet) gets a row that records it.
   */
  async markUninstalled(
    at: { id: string; teamId: string | null; enterpriseId: string | null; isEnterpriseInstall: boolean },
    now: Date,
    happenedAt?: Date,
  ): Promise<boolean> {
    const when = now.toISOString();
    const changed = await this.db('slack_installations')
      .where({ id: at.id })
      .whereNull('uninstalled_at')
      .modify((q) => {
        if (happenedAt) q.andWhere('installed_at', '<=', happenedAt.toISOString());
      })
      .update({
        secret: null,
        token_expires_at: null,
        uninstalled_at: when,
        updated_at: when,
        version: this.db.raw('?? + 1', ['version']),
      });
    if (changed === 1) {
      await this.retireCaches(at.id);
      return true;
    }
    const inserted = await this.db('slack_installations')
      .insert({
        id: at.id,
        team_id: at.teamId,
        enterprise_id: at.enterpriseId,
        is_enterprise_install: at.isEnterpriseInstall,
        scopes: '',
        version: 1,
        installed_at: when,
        updated_at: when,
        uninstalled_at: when,
      })
      .onConflict('id')
      .ignore()
      .returning('id');
    if (inserted.length === 1) await this.retireCaches(at.id);
    return inserted.length === 1;
  }

  /**
   * Single-workspace mode: a bot token that works means the app is installed again (from now on,
   * as far as Lifering knows: an uninstall event from before is then older than the install).
   */
  async reinstate(id: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db('slack_installations')
      .where({ id })
      .whereNull('secret')
      .whereNotNull('uninstalled_at')
      .update({ uninstalled_at: null, installed_at: at, updated_at: at });
  }

  /**
   * Whether Lifering may work in a workspace: with OAuth, only through a live install; with
   * one bot token, unless that workspace uninstalled the app.
   */
  async serves(teamId: string, oauth: boolean): Promise<boolean> {
    const row = await this.forTeam(teamId);
    return row ? row.uninstalledAt === null : !oauth;
  }

  /** Every install that is not uninstalled, oldest first (`npm run doctor` checks each one's token). */
  async live(): Promise<InstallationRow[]> {
    const rows = await this.db('slack_installations').whereNull('uninstalled_at').orderBy('installed_at');
    return rows.map(toRow);
  }

  /** Installs uninstalled at or before `cutoff`, whose data is now due to be purged. */
  async uninstalledBefore(cutoff: Date): Promise<InstallationRow[]> {
    const rows = await this.db('slack_installations')
      .whereNotNull('uninstalled_at')
      .andWhere('uninstalled_at', '<=', cutoff.toISOString());
    return rows.map(toRow);
  }

  /** The workspaces whose data belongs to an install. */
  teamsOf(i: InstallationRow): Promise<string[]> {
    return teamsOf(this.db, i);
  }

  /**
   * Deletes an uninstalled install and everything stored for its workspaces, in one transaction;
   * does nothing if it was reinstalled meanwhile. Returns the rows deleted per table.
   */
  async purge(i: InstallationRow): Promise<Record<string, number> | undefined> {
    return this.db.transaction(async (trx) => {
      const still = await trx('slack_installations').where({ id: i.id }).whereNotNull('uninstalled_at').first();
      if (!still) return undefined;
      const teams = await teamsOf(trx, i);
      // The count triggers apply at each delete, not at commit, so the emptied counters go too.
      if (isPostgres(trx)) await trx.raw('SET CONSTRAINTS ALL IMMEDIATE');
      const counts: Record<string, number> = {};
      for (const table of TEAM_TABLES) {
        if (table === 'team_versions') continue;
        counts[table] = teams.length > 0 ? await trx(table).whereIn('team_id', teams).delete() : 0;
      }
      await bumpTeamVersions(trx, teams);
      await trx('installation_teams').where({ enterprise_id: i.id }).delete();
      await trx('slack_installations').where({ id: i.id }).delete();
      return counts;
    });
  }
}

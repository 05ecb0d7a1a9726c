import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@slack/bolt';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.ts';
import type { Storage } from '../storage/index.ts';
import type { InstallationRow } from '../storage/installations.ts';
import { SecretBox } from './crypto.ts';

/** What oauth.v2.access answers to grant_type=refresh_token. */
export interface RefreshedToken {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export interface InstallationsDeps {
  storage: Storage;
  box: SecretBox;
  logger: Logger;
  now: () => Date;
  /** Calls oauth.v2.access with the refresh token (and the app's client id and secret). */
  refresh: (refreshToken: string) => Promise<RefreshedToken>;
}

/** A workspace with no usable install: never installed, uninstalled, or its tokens revoked. */
export class NotInstalledError extends Error {
  readonly code = 'lifering_not_installed';
  constructor(readonly teamId: string) {
    super(`Lifering is not installed in workspace ${teamId} (or its token was revoked); nothing is sent there`);
    this.name = 'NotInstalledError';
  }
}

/** The install was replaced (reinstalled, uninstalled) while its token was being refreshed: its tokens count, not ours. */
class InstallChangedError extends Error {
  constructor(id: string) {
    super(`the install of ${id} changed while its token was being refreshed`);
    this.name = 'InstallChangedError';
  }
}

/**
 * Bolt refreshes a rotating token itself when it expires within two hours. We refresh earlier
 * (three hours), under a database lease, so Bolt never does: two instances refreshing at once
 * would each spend the refresh token, and Slack honours only one of them.
 */
export const REFRESH_MARGIN_MS = 3 * 3_600_000;
const LEASE_MS = 30_000;
const WAIT_FOR_OTHER_MS = 10_000;
/**
 * The waits between tries at storing a refreshed pair. Slack retires the old refresh token the
 * moment it issues the new pair, so a pair that is not stored is the only way left into the
 * workspace: a write that fails (a dropped connection, a failover) is tried again at once.
 */
export const SAVE_RETRY_MS = [50, 200, 500] as const;
/** How long admins' Home says that a refreshed token was stored late, after it was. */
export const TOKEN_NOTICE_DAYS = 7;

/** For the workspace's admins: a refreshed token that could not be stored at first. */
export interface TokenSaveNotice {
  /** When storing it first failed. */
  failedAt: string;
  /** When it was stored after all; null while this instance still holds it unsaved. */
  savedAt: string | null;
}

/** What an operator watches (issue 24 will publish them as metrics). */
export interface InstallationCounters {
  /** Saves of a refreshed token pair that failed: a first save after its retries, or a later try. */
  refreshedTokenSaveFailures: number;
  /** Refreshed pairs this instance holds that are not stored yet. */
  unsavedRefreshedTokens: number;
}

/** A refreshed pair the database would not store: kept here, used, and stored at the next use. */
interface UnsavedPair {
  installation: Installation;
  /** The row version it replaces; it is stored only over that one. */
  version: number;
  failedAt: Date;
}

type InstallQuery = {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
};

const idOf = (q: InstallQuery): string | undefined =>
  q.isEnterpriseInstall ? q.enterpriseId : (q.teamId ?? q.enterpriseId);

const expiresAtMs = (i: Installation): number | undefined =>
  i.bot?.expiresAt !== undefined ? i.bot.expiresAt * 1000 : undefined;

/**
 * Bolt's InstallationStore over our storage, plus what work outside a request needs: the bot
 * token of the install that serves a workspace. Tokens are sealed with the SecretBox before
 * they reach the database.
 */
export class Installations {
  /** What Bolt's OAuth flow and authorize read and write installs through. */
  readonly store: InstallationStore = {
    storeInstallation: (installation) => this.save(installation as Installation),
    fetchInstallation: (query: InstallationQuery<boolean>) => this.fetch(query),
    deleteInstallation: (query: InstallationQuery<boolean>) => this.delete(query),
  };
  private readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly refreshing = new Map<string, Promise<Installation>>();
  private readonly knownTeams = new Set<string>();
  private readonly unsaved = new Map<string, UnsavedPair>();
  private readonly saving = new Map<string, Promise<void>>();
  private saveFailures = 0;

  constructor(private readonly d: InstallationsDeps) {}

  get counters(): InstallationCounters {
    return { refreshedTokenSaveFailures: this.saveFailures, unsavedRefreshedTokens: this.unsaved.size };
  }

  /** What admins of `teamId` are told about its install's token: held unsaved here, or stored late this past week. */
  async tokenSaveNotice(teamId: string): Promise<TokenSaveNotice | undefined> {
    const row = await this.d.storage.installations.forTeam(teamId);
    if (!row || row.uninstalledAt) return undefined;
    const held = this.unsaved.get(row.id);
    if (held && held.version === row.version) return { failedAt: held.failedAt.toISOString(), savedAt: null };
    if (!row.refreshUnsavedSince || !row.refreshSavedAt) return undefined;
    const age = this.d.now().getTime() - Date.parse(row.refreshSavedAt);
    return age < TOKEN_NOTICE_DAYS * 86_400_000
      ? { failedAt: row.refreshUnsavedSince, savedAt: row.refreshSavedAt }
      : undefined;
  }

  /** The bot token for work in `teamId` outside a request; throws NotInstalledError when there is none. */
  async botTokenFor(teamId: string): Promise<string> {
    const row = await this.d.storage.installations.forTeam(teamId);
    if (!row) throw new NotInstalledError(teamId);
    const installation = await this.usable(row);
    if (!installation.bot?.token) throw new NotInstalledError(teamId);
    return installation.bot.token;
  }

  private unseal(row: InstallationRow): Installation | undefined {
    return row.secret && !row.uninstalledAt ? (JSON.parse(this.d.box.open(row.secret)) as Installation) : undefined;
  }

  private needsRefresh(i: Installation): boolean {
    const at = expiresAtMs(i);
    return i.bot?.refreshToken !== undefined && at !== undefined && at - this.d.now().getTime() < REFRESH_MARGIN_MS;
  }

  private async save(installation: Installation): Promise<void> {
    const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
    if (!id) throw new Error('an installation without a team or enterprise id cannot be stored');
    await this.d.storage.installations.save(
      {
        id,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        botUserId: installation.bot?.userId ?? null,
        botId: installation.bot?.id ?? null,
        scopes: installation.bot?.scopes ?? [],
        secret: this.d.box.seal(JSON.stringify(installation)),
        tokenExpiresAt:
          installation.bot?.expiresAt !== undefined ? new Date(installation.bot.expiresAt * 1000).toISOString() : null,
      },
      this.d.now(),
    );
    this.d.logger.info(`installed in ${installation.isEnterpriseInstall ? `organisation ${id}` : `workspace ${id}`}`);
  }

  private async fetch(query: InstallationQuery<boolean>): Promise<Installation> {
    const { storage } = this.d;
    const id = idOf(query);
    let row = id ? await storage.installations.get(id) : undefined;
    // A workspace of an organisation-wide install may be asked for by its team id.
    if (!row && query.enterpriseId && !query.isEnterpriseInstall)
      row = await storage.installations.get(query.enterpriseId);
    if (!row) throw new NotInstalledError(query.teamId ?? query.enterpriseId ?? 'unknown');
    // Remembered per install, not per team: a purge forgets the link, and a reinstall must make it again.
    const known = `${query.teamId}@${row.installedAt}`;
    if (row.isEnterpriseInstall && query.teamId && !this.knownTeams.has(known)) {
      await storage.installations.rememberTeam(query.teamId, row.id, this.d.now());
      this.knownTeams.add(known);
    }
    return this.usable(row);
  }

  private async delete(query: InstallationQuery<boolean>): Promise<void> {
    const id = idOf(query);
    if (id) {
      await this.d.storage.installations.markUninstalled(
        {
          id,
          teamId: query.teamId ?? null,
          enterpriseId: query.enterpriseId ?? null,
          isEnterpriseInstall: query.isEnterpriseInstall,
        },
        this.d.now(),
      );
    }
  }

  /** The install's tokens, refreshed first when they are about to expire. */
  private async usable(row: InstallationRow): Promise<Installation> {
    const installation = await this.current(row);
    if (!installation) throw new NotInstalledError(row.teamId ?? row.id);
    if (!this.needsRefresh(installation)) return installation;
    let pending = this.refreshing.get(row.id);
    if (!pending) {
      pending = this.refreshOnce(row, installation).finally(() => this.refreshing.delete(row.id));
      this.refreshing.set(row.id, pending);
    }
    try {
      return await pending;
    } catch (error) {
      // A refresh that failed leaves the old token, which works until it expires.
      const at = expiresAtMs(installation);
      if (error instanceof NotInstalledError || at === undefined || at <= this.d.now().getTime()) throw error;
      this.d.logger.warn(`refreshing the bot token of ${row.id} failed; using the current one until it expires`, error);
      return installation;
    }
  }

  /** Refreshes one install's token, once across every instance sharing the database. */
  private async refreshOnce(row: InstallationRow, current: Installation): Promise<Installation> {
    const { storage } = this.d;
    const lease = `token-refresh:${row.id}`;
    if (await storage.leases.acquire(lease, this.holder, this.d.now(), LEASE_MS)) {
      try {
        return await this.refreshHeld(row);
      } finally {
        await storage.leases.release(lease, this.holder).catch(() => undefined);
      }
    }
    return this.awaitOtherRefresh(row, current);
  }

  /**
   * The tokens to use: the row's, or the pair this instance holds unsaved while the row is still
   * the one that pair replaces (each use then tries to store it again).
   */
  private async current(row: InstallationRow): Promise<Installation | undefined> {
    const held = this.unsaved.get(row.id);
    if (!held) return this.unseal(row);
    if (held.version === row.version) {
      await this.storeHeld(row.id);
      return held.installation;
    }
    // The row moved on: a write reported as failed was stored after all, or a reinstall or an
    // uninstall replaced the tokens (and theirs are the ones that count).
    this.unsaved.delete(row.id);
    const stored = this.unseal(row);
    if (stored?.bot?.refreshToken !== held.installation.bot?.refreshToken)
      this.d.logger.warn(`dropped the unsaved refreshed bot token of ${row.id}: the install changed since`);
    return stored;
  }

  /** Under the lease: refreshes the token and stores it, unless someone else already did. */
  private async refreshHeld(row: InstallationRow): Promise<Installation> {
    // A try at storing the pair held here may be under way: what it stores is what gets refreshed.
    await this.saving.get(row.id);
    // Someone may have refreshed between our read and the lease.
    const fresh = await this.d.storage.installations.get(row.id);
    const held = fresh && this.unsaved.get(row.id);
    const latest = held && held.version === fresh.version ? held.installation : fresh && this.unseal(fresh);
    if (!fresh || !latest) throw new NotInstalledError(row.teamId ?? row.id);
    if (fresh.version !== row.version && !this.needsRefresh(latest)) return latest;
    const answer = await this.d.refresh(latest.bot!.refreshToken!);
    const expiresAt = Math.floor(this.d.now().getTime() / 1000) + answer.expires_in;
    const next: Installation = {
      ...latest,
      bot: { ...latest.bot!, token: answer.access_token, refreshToken: answer.refresh_token, expiresAt },
    };
    // From here `latest`'s refresh token is spent: `next` is stored, or kept here until it is.
    await this.storeRefreshed(row.id, fresh.version, next, latest === held?.installation ? held.failedAt : undefined);
    this.d.logger.info(`refreshed the bot token of ${row.id}`);
    return next;
  }

  /**
   * Stores a refreshed pair over `version`, trying again after each of SAVE_RETRY_MS. When the
   * database still will not take it, the pair is kept on this instance, which goes on using it and
   * stores it at its next use; the failure is logged and counted, and admins see it on Home.
   */
  private async storeRefreshed(id: string, version: number, next: Installation, unsavedSince?: Date): Promise<void> {
    let failure: unknown;
    for (const wait of [0, ...SAVE_RETRY_MS]) {
      if (wait > 0) await sleep(wait);
      try {
        if (!(await this.write(id, version, next, unsavedSince))) throw new InstallChangedError(id);
        this.unsaved.delete(id);
        if (unsavedSince)
          this.d.logger.info(`saved the refreshed bot token of ${id}, unsaved since ${unsavedSince.toISOString()}`);
        return;
      } catch (error) {
        if (error instanceof InstallChangedError) throw error;
        failure = error;
      }
    }
    const failedAt = unsavedSince ?? this.d.now();
    this.unsaved.set(id, { installation: next, version, failedAt });
    this.saveFailures++;
    this.d.logger.error(
      `could not save the refreshed bot token of ${id} (${SAVE_RETRY_MS.length + 1} tries): Slack has retired the ` +
        'previous refresh token, so this instance keeps the new token in memory, goes on using it and saves it at ' +
        'its next use. Check the database. If every instance restarts before it is saved, the workspace must ' +
        'install Lifering again from /slack/install.',
      failure,
    );
  }

  /**
   * One try at storing the pair this instance holds; others using the token meanwhile wait for it.
   * Not while the pair is being refreshed: that stores its successor, and storing the pair itself
   * then would put a spent refresh token in the row.
   */
  private async storeHeld(id: string): Promise<void> {
    if (this.refreshing.has(id)) return;
    let pending = this.saving.get(id);
    if (!pending) {
      pending = this.tryStoreHeld(id).finally(() => this.saving.delete(id));
      this.saving.set(id, pending);
    }
    await pending;
  }

  private async tryStoreHeld(id: string): Promise<void> {
    const held = this.unsaved.get(id);
    if (!held) return;
    try {
      const stored = await this.write(id, held.version, held.installation, held.failedAt);
      this.unsaved.delete(id);
      if (stored)
        this.d.logger.info(`saved the refreshed bot token of ${id}, unsaved since ${held.failedAt.toISOString()}`);
      else this.d.logger.warn(`dropped the unsaved refreshed bot token of ${id}: the install changed since`);
    } catch (error) {
      this.saveFailures++;
      this.d.logger.warn(`still could not save the refreshed bot token of ${id}; using it unsaved`, error);
    }
  }

  /**
   * Writes `next` over `version`: true once the row holds it (a try reported as failed may have
   * been stored after all), false when the install changed under it. Throws when the write fails.
   */
  private async write(id: string, version: number, next: Installation, unsavedSince?: Date): Promise<boolean> {
    const { storage, box } = this.d;
    const expiresAt = next.bot?.expiresAt !== undefined ? new Date(next.bot.expiresAt * 1000).toISOString() : null;
    const sealed = box.seal(JSON.stringify(next));
    if (await storage.installations.replaceSecret(id, version, sealed, expiresAt, this.d.now(), unsavedSince))
      return true;
    const row = await storage.installations.get(id);
    const there = row ? this.unseal(row) : undefined;
    return there !== undefined && there.bot?.refreshToken === next.bot?.refreshToken;
  }

  /** Another instance is refreshing: wait for its result rather than spend the refresh token twice. */
  private async awaitOtherRefresh(row: InstallationRow, current: Installation): Promise<Installation> {
    const deadline = Date.now() + WAIT_FOR_OTHER_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const fresh = await this.d.storage.installations.get(row.id);
      const latest = fresh ? this.unseal(fresh) : undefined;
      if (!fresh || !latest) throw new NotInstalledError(row.teamId ?? row.id);
      if (fresh.version !== row.version) return latest;
    }
    return current;
  }
}

/** The installs of an app in OAuth mode (undefined with one bot token), as the app and `npm run remind` use them. */
export function installationsFromConfig(
  config: Config,
  storage: Storage,
  logger: Logger,
  now: () => Date,
  clientOptions: WebClientOptions,
): Installations | undefined {
  const oauth = config.slack.oauth;
  if (!oauth) return undefined;
  const noToken = new WebClient(undefined, clientOptions);
  return new Installations({
    storage,
    box: new SecretBox(oauth.encryptionKeys),
    logger,
    now,
    refresh: async (refreshToken) =>
      (await noToken.oauth.v2.access({
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      })) as unknown as RefreshedToken,
  });
}

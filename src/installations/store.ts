import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
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

/**
 * Bolt refreshes a rotating token itself when it expires within two hours. We refresh earlier
 * (three hours), under a database lease, so Bolt never does: two instances refreshing at once
 * would each spend the refresh token, and Slack honours only one of them.
 */
export const REFRESH_MARGIN_MS = 3 * 3_600_000;
const LEASE_MS = 30_000;
const WAIT_FOR_OTHER_MS = 10_000;

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

  constructor(private readonly d: InstallationsDeps) {}

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
    const installation = this.unseal(row);
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

  /** Under the lease: refreshes the token and stores it, unless someone else already did. */
  private async refreshHeld(row: InstallationRow): Promise<Installation> {
    const { storage, box } = this.d;
    // Someone may have refreshed between our read and the lease.
    const fresh = await storage.installations.get(row.id);
    const latest = fresh ? this.unseal(fresh) : undefined;
    if (!fresh || !latest) throw new NotInstalledError(row.teamId ?? row.id);
    if (fresh.version !== row.version && !this.needsRefresh(latest)) return latest;
    const answer = await this.d.refresh(latest.bot!.refreshToken!);
    const expiresAt = Math.floor(this.d.now().getTime() / 1000) + answer.expires_in;
    const next: Installation = {
      ...latest,
      bot: { ...latest.bot!, token: answer.access_token, refreshToken: answer.refresh_token, expiresAt },
    };
    const stored = await storage.installations.replaceSecret(
      row.id,
      fresh.version,
      box.seal(JSON.stringify(next)),
      new Date(expiresAt * 1000).toISOString(),
      this.d.now(),
    );
    if (!stored) throw new Error(`the install of ${row.id} changed while its token was being refreshed`);
    this.d.logger.info(`refreshed the bot token of ${row.id}`);
    return next;
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

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

/**
 * Bolt's InstallationStore over our storage, plus what work outside a request needs: the bot
 * token of the install that serves a workspace. Tokens are sealed with the SecretBox before
 * they reach the database.
 */
export function createInstallations(d: InstallationsDeps) {
  const { storage, box, logger } = d;
  const holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const refreshing = new Map<string, Promise<Installation>>();
  const knownTeams = new Set<string>();

  const idOf = (q: {
    teamId?: string | undefined;
    enterpriseId?: string | undefined;
    isEnterpriseInstall?: boolean | undefined;
  }): string | undefined => (q.isEnterpriseInstall ? q.enterpriseId : (q.teamId ?? q.enterpriseId));

  const unseal = (row: InstallationRow): Installation | undefined =>
    row.secret && !row.uninstalledAt ? (JSON.parse(box.open(row.secret)) as Installation) : undefined;

  const expiresAtMs = (i: Installation): number | undefined =>
    i.bot?.expiresAt !== undefined ? i.bot.expiresAt * 1000 : undefined;

  const needsRefresh = (i: Installation): boolean => {
    const at = expiresAtMs(i);
    return i.bot?.refreshToken !== undefined && at !== undefined && at - d.now().getTime() < REFRESH_MARGIN_MS;
  };

  async function save(installation: Installation): Promise<void> {
    const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
    if (!id) throw new Error('an installation without a team or enterprise id cannot be stored');
    await storage.installations.save(
      {
        id,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        botUserId: installation.bot?.userId ?? null,
        botId: installation.bot?.id ?? null,
        scopes: installation.bot?.scopes ?? [],
        secret: box.seal(JSON.stringify(installation)),
        tokenExpiresAt:
          installation.bot?.expiresAt !== undefined ? new Date(installation.bot.expiresAt * 1000).toISOString() : null,
      },
      d.now(),
    );
    logger.info(`installed in ${installation.isEnterpriseInstall ? `organisation ${id}` : `workspace ${id}`}`);
  }

  /** Refreshes one install's token, once across every instance sharing the database. */
  async function refreshOnce(row: InstallationRow, current: Installation): Promise<Installation> {
    const lease = `token-refresh:${row.id}`;
    if (await storage.leases.acquire(lease, holder, d.now(), LEASE_MS)) {
      try {
        // Someone may have refreshed between our read and the lease.
        const fresh = await storage.installations.get(row.id);
        const latest = fresh ? unseal(fresh) : undefined;
        if (!fresh || !latest) throw new NotInstalledError(row.teamId ?? row.id);
        if (fresh.version !== row.version && !needsRefresh(latest)) return latest;
        const answer = await d.refresh(latest.bot!.refreshToken!);
        const expiresAt = Math.floor(d.now().getTime() / 1000) + answer.expires_in;
        const next: Installation = {
          ...latest,
          bot: { ...latest.bot!, token: answer.access_token, refreshToken: answer.refresh_token, expiresAt },
        };
        const stored = await storage.installations.replaceSecret(
          row.id,
          fresh.version,
          box.seal(JSON.stringify(next)),
          new Date(expiresAt * 1000).toISOString(),
          d.now(),
        );
        if (!stored) throw new Error(`the install of ${row.id} changed while its token was being refreshed`);
        logger.info(`refreshed the bot token of ${row.id}`);
        return next;
      } finally {
        await storage.leases.release(lease, holder).catch(() => undefined);
      }
    }
    // Another instance is refreshing: wait for its result rather than spend the refresh token twice.
    const deadline = Date.now() + WAIT_FOR_OTHER_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const fresh = await storage.installations.get(row.id);
      const latest = fresh ? unseal(fresh) : undefined;
      if (!fresh || !latest) throw new NotInstalledError(row.teamId ?? row.id);
      if (fresh.version !== row.version) return latest;
    }
    return current;
  }

  /** The install's tokens, refreshed first when they are about to expire. */
  async function usable(row: InstallationRow): Promise<Installation> {
    const installation = unseal(row);
    if (!installation) throw new NotInstalledError(row.teamId ?? row.id);
    if (!needsRefresh(installation)) return installation;
    let pending = refreshing.get(row.id);
    if (!pending) {
      pending = refreshOnce(row, installation).finally(() => refreshing.delete(row.id));
      refreshing.set(row.id, pending);
    }
    try {
      return await pending;
    } catch (error) {
      // A refresh that failed leaves the old token, which works until it expires.
      const at = expiresAtMs(installation);
      if (error instanceof NotInstalledError || at === undefined || at <= d.now().getTime()) throw error;
      logger.warn(`refreshing the bot token of ${row.id} failed; using the current one until it expires`, error);
      return installation;
    }
  }

  const store: InstallationStore = {
    storeInstallation: (installation) => save(installation as Installation),

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const id = idOf(query);
      let row = id ? await storage.installations.get(id) : undefined;
      // A workspace of an organisation-wide install may be asked for by its team id.
      if (!row && query.enterpriseId && !query.isEnterpriseInstall)
        row = await storage.installations.get(query.enterpriseId);
      if (!row) throw new NotInstalledError(query.teamId ?? query.enterpriseId ?? 'unknown');
      if (row.isEnterpriseInstall && query.teamId && !knownTeams.has(query.teamId)) {
        await storage.installations.rememberTeam(query.teamId, row.id, d.now());
        knownTeams.add(query.teamId);
      }
      return usable(row);
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const id = idOf(query);
      if (id) {
        await storage.installations.markUninstalled(
          {
            id,
            teamId: query.teamId ?? null,
            enterpriseId: query.enterpriseId ?? null,
            isEnterpriseInstall: query.isEnterpriseInstall,
          },
          d.now(),
        );
      }
    },
  };

  return {
    store,
    /** The bot token for work in `teamId` outside a request; throws NotInstalledError when there is none. */
    async botTokenFor(teamId: string): Promise<string> {
      const row = await storage.installations.forTeam(teamId);
      if (!row) throw new NotInstalledError(teamId);
      const installation = await usable(row);
      if (!installation.bot?.token) throw new NotInstalledError(teamId);
      return installation.bot.token;
    },
  };
}

export type Installations = ReturnType<typeof createInstallations>;

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
  return createInstallations({
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

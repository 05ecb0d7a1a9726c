import type { Deps } from '../../deps.ts';
import type { EventArgs } from '../feature.ts';

interface Envelope {
  team_id?: string;
  enterprise_id?: string;
  authorizations?: { team_id?: string | null; enterprise_id?: string | null; is_enterprise_install?: boolean }[];
  is_enterprise_install?: boolean;
  /** When the event happened, in seconds (Slack's clock). */
  event_time?: number;
}

/** Which install an app_uninstalled or tokens_revoked event is about. */
export function installOf(
  body: Envelope,
): { id: string; teamId: string | null; enterpriseId: string | null; isEnterpriseInstall: boolean } | undefined {
  const auth = body.authorizations?.[0];
  const isEnterpriseInstall = Boolean(auth?.is_enterprise_install ?? body.is_enterprise_install);
  const teamId = auth?.team_id ?? body.team_id ?? null;
  const enterpriseId = auth?.enterprise_id ?? body.enterprise_id ?? null;
  const id = isEnterpriseInstall ? enterpriseId : teamId;
  return id ? { id, teamId: isEnterpriseInstall ? null : teamId, enterpriseId, isEnterpriseInstall } : undefined;
}

/**
 * The last moment the event may have happened: `event_time` counts whole seconds, so an event in
 * the second the install was stored counts as later (an uninstall seconds after a reinstall is
 * likelier than the previous uninstall's events in that same second).
 */
const happenedBy = (body: Envelope): Date | undefined =>
  typeof body.event_time === 'number' ? new Date(body.event_time * 1000 + 999) : undefined;

/**
 * Forgets the install's tokens at once, so nothing more is sent there; its data stays for a while.
 * An event from before the current install (a late or redelivered one of the previous uninstall)
 * changes nothing.
 */
async function uninstalled(deps: Deps, body: Envelope, why: string): Promise<void> {
  const install = installOf(body);
  if (!install) {
    deps.logger.warn(`${why} without a team or enterprise id: nothing to uninstall`);
    return;
  }
  const where = `${install.isEnterpriseInstall ? 'organisation' : 'workspace'} ${install.id}`;
  const at = happenedBy(body);
  if (await deps.storage.installations.markUninstalled(install, deps.now(), at)) {
    deps.logger.info(
      `${why}: ${where} tokens deleted, nothing more is sent there; its data is kept ${deps.config.dataRetentionDays} days unless the app is installed again`,
    );
    return;
  }
  const current = at ? await deps.storage.installations.get(install.id) : undefined;
  if (current && current.uninstalledAt === null && current.installedAt > at!.toISOString()) {
    deps.logger.info(
      `${why} at ${new Date(body.event_time! * 1000).toISOString()}, before ${where} was installed again at ${current.installedAt}: ignored (a late or redelivered event of the previous uninstall)`,
    );
  }
}

export async function forgetUninstall(deps: Deps, args: EventArgs<'app_uninstalled'>): Promise<void> {
  await uninstalled(deps, args.body as Envelope, 'app uninstalled');
}

export async function forgetRevokedBot(deps: Deps, args: EventArgs<'tokens_revoked'>): Promise<void> {
  // Lifering asks for no user tokens, so only a revoked bot token matters.
  if ((args.event.tokens.bot ?? []).length === 0) return;
  await uninstalled(deps, args.body as Envelope, 'bot token revoked');
}

import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import type { Feature } from '../feature.ts';
import { personLeft, personReturned, profileOf, type SlackUserObject } from './leavers.ts';

interface Envelope {
  team_id?: string;
  enterprise_id?: string;
  authorizations?: { team_id?: string | null; enterprise_id?: string | null; is_enterprise_install?: boolean }[];
  is_enterprise_install?: boolean;
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
 * The workspace's side of the install: uninstalling the app or revoking its bot token forgets the
 * tokens at once, so nothing more is sent there. The data stays for DATA_RETENTION_DAYS (a
 * reinstall picks it up again), then the reminder sweep purges it.
 */
export const lifecycle: Feature = {
  name: 'lifecycle',
  register(app: App, deps: Deps) {
    async function uninstalled(body: Envelope, why: string): Promise<void> {
      const install = installOf(body);
      if (!install) {
        deps.logger.warn(`${why} without a team or enterprise id: nothing to uninstall`);
        return;
      }
      const marked = await deps.storage.installations.markUninstalled(install, deps.now());
      if (marked) {
        deps.logger.info(
          `${why}: ${install.isEnterpriseInstall ? 'organisation' : 'workspace'} ${install.id} tokens deleted, nothing more is sent there; its data is kept ${deps.config.dataRetentionDays} days unless the app is installed again`,
        );
      }
    }

    app.event(
      'app_uninstalled',
      performs(
        'workspace.lifecycle',
        async ({ body }: SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs) => {
          await uninstalled(body as Envelope, 'app uninstalled');
        },
      ),
    );

    app.event(
      'tokens_revoked',
      performs(
        'workspace.lifecycle',
        async ({ event, body }: SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs) => {
          // Lifering asks for no user tokens, so only a revoked bot token matters.
          if ((event.tokens.bot ?? []).length === 0) return;
          await uninstalled(body as Envelope, 'bot token revoked');
        },
      ),
    );

    // Profile changes keep the cached profile fresh, and are how Lifering learns that someone left
    // (deactivated), became a guest, or came back.
    app.event(
      'user_change',
      performs(
        'workspace.lifecycle',
        async ({ event, body }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs) => {
          const u = event.user as unknown as SlackUserObject;
          const teamId = body.team_id;
          await deps.storage.people.saveProfile(teamId, profileOf(u), deps.now());
          const guest = Boolean(u.is_restricted || u.is_ultra_restricted);
          if (u.deleted) await personLeft(deps, teamId, u.id, 'deactivated');
          else if (guest && deps.config.guestPolicy === 'end') await personLeft(deps, teamId, u.id, 'guest');
          else await personReturned(deps, teamId, u.id);
        },
      ),
    );

    // A newcomer's profile is cached at once, so their first /mentor needs no users.info.
    app.event(
      'team_join',
      performs(
        'workspace.lifecycle',
        async ({ event, body }: SlackEventMiddlewareArgs<'team_join'> & AllMiddlewareArgs) => {
          await deps.storage.people.saveProfile(
            body.team_id,
            profileOf(event.user as unknown as SlackUserObject),
            deps.now(),
          );
        },
      ),
    );
  },
};

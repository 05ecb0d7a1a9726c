import type { Feature } from '../feature.ts';
import { cacheNewcomer, followProfileChange } from './profiles.ts';
import { forgetRevokedBot, forgetUninstall } from './uninstall.ts';

/**
 * The workspace's side of the install: uninstalling the app or revoking its bot token forgets the
 * tokens at once, so nothing more is sent there (unless the event is older than the current install:
 * Slack delivers an uninstall's events in any order and retries them late). The data stays for DATA_RETENTION_DAYS (a
 * reinstall picks it up again), then the reminder sweep purges it. Profile changes and newcomers
 * keep the cached profiles fresh and tell Lifering who left and who came back.
 */
export const lifecycle: Feature = {
  name: 'lifecycle',
  listeners: [
    { kind: 'event', id: 'app_uninstalled', performs: 'workspace.lifecycle', handle: forgetUninstall },
    { kind: 'event', id: 'tokens_revoked', performs: 'workspace.lifecycle', handle: forgetRevokedBot },
    { kind: 'event', id: 'user_change', performs: 'workspace.lifecycle', handle: followProfileChange },
    { kind: 'event', id: 'team_join', performs: 'workspace.lifecycle', handle: cacheNewcomer },
  ],
};

import type { Deps } from '../../deps.ts';
import type { InstallingWorkspace } from '../../people/service.ts';
import type { EventArgs } from '../feature.ts';
import { personLeft, personReturned, profileOf, type SlackUserObject } from './leavers.ts';

/**
 * The workspace the event was delivered for: Slack's admin flags count only for its people, or
 * its Grid organisation's (src/people/service.ts `adminInSlack`).
 */
const workspaceOf = (body: { team_id: string; enterprise_id?: string }): InstallingWorkspace => ({
  teamId: body.team_id,
  enterpriseId: body.enterprise_id ?? null,
});

/**
 * A profile changed: the cached profile stays fresh, and this is how Lifering learns that someone
 * left (deactivated), became a guest, or came back.
 */
export async function followProfileChange(deps: Deps, args: EventArgs<'user_change'>): Promise<void> {
  const { event, body } = args;
  const u = event.user as unknown as SlackUserObject;
  const teamId = body.team_id;
  await deps.storage.people.saveProfile(teamId, profileOf(u, workspaceOf(body)), deps.now());
  const guest = Boolean(u.is_restricted || u.is_ultra_restricted);
  if (u.deleted) await personLeft(deps, teamId, u.id, 'deactivated');
  else if (guest && deps.config.guestPolicy === 'end') await personLeft(deps, teamId, u.id, 'guest');
  else await personReturned(deps, teamId, u.id);
}

/** A newcomer's profile is cached at once, so their first /mentor needs no users.info. */
export async function cacheNewcomer(deps: Deps, args: EventArgs<'team_join'>): Promise<void> {
  const { event, body } = args;
  const u = event.user as unknown as SlackUserObject;
  await deps.storage.people.saveProfile(body.team_id, profileOf(u, workspaceOf(body)), deps.now());
}

import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { type ProgressRole, progressRole } from './rules.ts';

/** Looks up the facts `progressRole` decides on; run on every request, since mentorships end. */
export async function roleFor(
  deps: Deps,
  teamId: string,
  viewerId: string,
  menteeId: string,
): Promise<ProgressRole | undefined> {
  if (viewerId === menteeId) return 'mentee';
  const isActiveSupporter = await deps.storage.mentorships.isActiveSupporter(teamId, viewerId, menteeId);
  // Through the policy module's actor, like every other check: a failed lookup is a "try again", not a refusal.
  const isAdmin = isActiveSupporter ? false : (await actorOf(deps, teamId, viewerId, 'progress.view')).isAdmin;
  return progressRole({ viewerId, menteeId, isActiveSupporter, isAdmin });
}

/** Whose Home shows this mentee's page data: the mentee and their active supporters. */
export async function peopleAround(deps: Deps, teamId: string, menteeId: string): Promise<string[]> {
  const active = await deps.storage.mentorships.listForMentee(teamId, menteeId, ['active']);
  return [menteeId, ...active.map((m) => m.supporterId)];
}

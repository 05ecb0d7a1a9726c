import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { peopleAround } from '../progress/access.ts';
import { refreshProgress } from '../progress/surface.ts';
import { taskAuthorRole } from './rules.ts';

/** Whether the viewer puts a task on this mentee's page as the mentee, as a suggester, or not at all. */
export async function suggesterRole(deps: Deps, teamId: string, viewerId: string, menteeId: string) {
  const isActiveSupporter =
    viewerId !== menteeId && (await deps.storage.mentorships.isActiveSupporter(teamId, viewerId, menteeId));
  const isAdmin =
    viewerId !== menteeId && !isActiveSupporter && (await actorOf(deps, teamId, viewerId, 'tasks.add')).isAdmin;
  return taskAuthorRole({ viewerId, menteeId, isActiveSupporter, isAdmin });
}

/** After a change: Homes refresh, and the progress page underneath (if any) is redrawn. */
export async function afterChange(
  deps: Deps,
  teamId: string,
  viewerId: string,
  menteeId: string,
  progressViewId: string | undefined,
): Promise<void> {
  deps.changes.changed(teamId, await peopleAround(deps, teamId, menteeId));
  if (progressViewId) await refreshProgress(deps, deps.clientFor(teamId), teamId, viewerId, progressViewId, menteeId);
}

/** Today as a day, for the date pickers' "not in the past". */
export const today = (deps: Deps): string => deps.now().toISOString().slice(0, 10);

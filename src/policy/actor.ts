import type { PeopleService } from '../people/service.ts';
import { type Action, type Actor, RULES } from './policy.ts';

/**
 * The facts `can` decides on about the person acting. Given the action, the admin lookup is
 * skipped when admins have no part in its rule, and the programmes they manage are read only
 * when managers have one and the person is not an admin (who administers them all anyway). A
 * failed lookup throws, so the person is told to try again rather than wrongly refused.
 */
export async function actorOf(
  deps: { people: Pick<PeopleService, 'isAdmin' | 'manages'> },
  teamId: string,
  userId: string,
  action?: Action,
): Promise<Actor> {
  const roles = action ? (RULES[action] as readonly string[]) : undefined;
  const isAdmin = !roles || roles.includes('admin') ? await deps.people.isAdmin(teamId, userId) : false;
  const managers = !roles || roles.includes('manager');
  return { teamId, userId, isAdmin, manages: managers && !isAdmin ? await deps.people.manages(teamId, userId) : [] };
}

import type { PeopleService } from '../people/service.ts';
import { type Action, type Actor, RULES } from './policy.ts';

/**
 * The facts `can` decides on about the person acting. Given the action, the admin lookup is
 * skipped when admins have no part in its rule. A failed lookup throws, so the person is told to
 * try again rather than wrongly refused.
 */
export async function actorOf(
  deps: { people: Pick<PeopleService, 'isAdmin'> },
  teamId: string,
  userId: string,
  action?: Action,
): Promise<Actor> {
  const matters = !action || (RULES[action] as readonly string[]).includes('admin');
  return { teamId, userId, isAdmin: matters ? await deps.people.isAdmin(teamId, userId) : false };
}

import type { Deps } from '../../deps.ts';
import { sendDm } from '../../slack/dm.ts';
import type { Checkin, NewCheckin } from '../../storage/checkins.ts';
import { tellAdmins } from './rules.ts';
import { adminCheckinDm } from './views.ts';

/**
 * Queues check-in questions. The hourly sweep asks them when the rules allow, never right away:
 * the person has just had a DM about the report or the ending, and one at a time is gentler.
 */
export async function queueCheckins(deps: Deps, items: readonly NewCheckin[]): Promise<void> {
  for (const c of items) {
    await deps.storage.checkins
      .queue(c, deps.now())
      .catch((error: unknown) => deps.logger.warn(`could not queue a check-in for ${c.personId}`, error));
  }
}

/** Tells every admin about a check-in that needs their attention; never anyone else. */
export async function forwardToAdmins(deps: Deps, c: Checkin): Promise<void> {
  if (!tellAdmins(c)) return;
  const client = deps.clientFor(c.teamId);
  for (const adminId of await deps.people.adminIds(c.teamId)) {
    // An admin who is the other person in the pair is not sent what was said about them.
    if (adminId === c.otherId) continue;
    await sendDm(client, adminId, adminCheckinDm(c, deps.now())).catch((error: unknown) =>
      deps.logger.warn(`could not tell admin ${adminId} about check-in ${c.id}`, error),
    );
  }
}

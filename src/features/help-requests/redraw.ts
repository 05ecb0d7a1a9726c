import type { Deps } from '../../deps.ts';
import { updateMessage } from '../../slack/dm.ts';
import type { HelpRequest } from '../../storage/help-requests.ts';
import type { Mentorship } from '../../storage/rows.ts';
import { alertDm, endedAlertDm, resolvedAlertDm } from './views.ts';

/**
 * The ended mentorship of a supporter whose DM says it ended (the request closed with it, or is
 * open and answered by others now); undefined for a supporter who still has it.
 */
async function formerSupporter(
  deps: Deps,
  teamId: string,
  request: HelpRequest,
  supporterId: string,
): Promise<Mentorship | undefined> {
  if (request.resolvedAt && request.closedReason !== 'mentorship_ended') return undefined;
  if (await deps.storage.mentorships.isActiveSupporter(teamId, supporterId, request.menteeId)) return undefined;
  const ended = await deps.storage.mentorships.lastEnded(teamId, supporterId, request.menteeId);
  return ended?.supporterId === supporterId ? ended : undefined;
}

/**
 * The DMs each supporter got about a call for help, drawn again from the request as it is now:
 * resolved, or still open (after its note was erased, they stop quoting it). A DM that cannot be
 * updated (deleted, its reader gone) keeps what it said; that is logged, not thrown.
 */
export async function redrawHelpDms(deps: Deps, teamId: string, request: HelpRequest): Promise<void> {
  // DMs after the ack go through the background client, so a 429 on them cannot hold up a form.
  const client = deps.clientFor(teamId);
  const now = deps.now();
  const level =
    !request.resolvedAt && request.topicId
      ? (await deps.storage.familiarity.get(teamId, request.menteeId, request.topicId))?.level
      : undefined;
  for (const alert of await deps.storage.helpRequests.listAlerts(teamId, request.id)) {
    if (!alert.channel || !alert.ts) continue;
    // Each supporter reads the day and time on their own clock.
    const tz = (await deps.people.profile(teamId, alert.supporterId).catch(() => undefined))?.tz;
    // A supporter whose mentorship ended keeps the "ended, nothing to do" version (no buttons).
    const ended = await formerSupporter(deps, teamId, request, alert.supporterId);
    const message = ended
      ? endedAlertDm(request, ended, now)
      : request.resolvedAt
        ? resolvedAlertDm(request, now, tz)
        : alertDm(request, level, now, tz);
    await updateMessage(client, { channel: alert.channel, ts: alert.ts }, message).catch((error: unknown) =>
      deps.logger.warn(`could not update the help DM to ${alert.supporterId}`, error),
    );
  }
}

import type { Deps } from '../../deps.ts';
import { updateMessage } from '../../slack/dm.ts';
import type { HelpRequest } from '../../storage/help-requests.ts';
import type { Mentorship } from '../../storage/rows.ts';
import { alertSupporters } from './raise.ts';
import { alertRecipients } from './rules.ts';
import { endedAlertDm } from './views.ts';

/** What became of one of the mentee's open help requests when a mentorship answering it ended. */
export type HelpAfterEnding =
  | { kind: 'closed'; request: HelpRequest }
  | { kind: 'kept'; request: HelpRequest; supporterIds: string[] };

/**
 * A mentorship that was active has ended (issue 23, 3): each open help request it was
 * answering stays open for the mentee's other supporters who would hear of it (those not told yet
 * are DMed now), or, with nobody left, closes as ended with the mentorship. The former supporter's
 * DM about it says the mentorship ended, so its buttons no longer lead anywhere. Runs before the
 * ending DMs, which tell the mentee what happened; a repeat finds nothing left to do.
 */
export async function settleHelpAfterEnding(
  deps: Deps,
  ended: Mentorship,
  wasStatus: Mentorship['status'],
  actorId: string,
): Promise<HelpAfterEnding[]> {
  if (wasStatus !== 'active') return [];
  const { storage } = deps;
  const { teamId, menteeId, supporterId } = ended;
  const open = await storage.helpRequests.listOpenForMentee(teamId, menteeId);
  if (open.length === 0) return [];
  const active = await storage.mentorships.listForMentee(teamId, menteeId, ['active']);
  const before = [...active, { ...ended, status: 'active' as const }];
  const outcomes: HelpAfterEnding[] = [];
  for (const request of open) {
    // Only the requests this mentorship was answering: another topic's supporter keeps theirs.
    if (!alertRecipients(before, request.topicId).includes(supporterId)) continue;
    const left = alertRecipients(active, request.topicId);
    const outcome = left.length
      ? await reroute(deps, request, left)
      : await closeWithEnding(deps, request, ended, actorId);
    if (!outcome) continue;
    outcomes.push(outcome);
    if (!left.includes(supporterId)) await markAlertEnded(deps, outcome.request, ended);
  }
  return outcomes;
}

/** The request stays open for the supporters left; any of them not told of it yet is told now, once. */
async function reroute(deps: Deps, request: HelpRequest, left: string[]): Promise<HelpAfterEnding> {
  const told = new Set(
    (await deps.storage.helpRequests.listAlerts(request.teamId, request.id)).map((a) => a.supporterId),
  );
  const untold = left.filter((id) => !told.has(id));
  if (untold.length) await alertSupporters(deps, request.teamId, request, untold);
  return { kind: 'kept', request, supporterIds: left };
}

/** Nobody left to answer it: closed as ended with the mentorship, the life ring taken down. */
async function closeWithEnding(
  deps: Deps,
  request: HelpRequest,
  ended: Mentorship,
  actorId: string,
): Promise<HelpAfterEnding | undefined> {
  const { storage } = deps;
  const now = deps.now();
  const closed = await storage.helpRequests.closeWithMentorship(request.teamId, request.id, actorId, now);
  if (!closed) return undefined;
  if (closed.topicId)
    await storage.familiarity.setHelpRequested(closed.teamId, closed.menteeId, closed.topicId, false, null, now);
  await storage.audit.record({
    teamId: closed.teamId,
    actorId,
    action: 'assistance.closed',
    subjectType: 'assistance_request',
    subjectId: closed.id,
    detail: { reason: 'mentorship_ended', mentorshipId: ended.id },
    at: now,
  });
  return { kind: 'closed', request: closed };
}

/** The former supporter's DM about the request, edited to say the mentorship ended (no buttons left). */
async function markAlertEnded(deps: Deps, request: HelpRequest, ended: Mentorship): Promise<void> {
  const alert = (await deps.storage.helpRequests.listAlerts(request.teamId, request.id)).find(
    (a) => a.supporterId === ended.supporterId,
  );
  if (!alert?.channel || !alert.ts) return;
  await updateMessage(
    deps.clientFor(request.teamId),
    { channel: alert.channel, ts: alert.ts },
    endedAlertDm(request, ended, deps.now()),
  ).catch((error: unknown) =>
    deps.logger.warn(`could not update the help DM to ${ended.supporterId} after the mentorship ended`, error),
  );
}

import type { Deps } from '../../deps.ts';
import type { SupporterRequest } from '../../storage/supporter-requests.ts';
import { menteeProgramme } from '../enrolment/programme-of.ts';
import { notifyAdminsOfRequest } from './notify.ts';

/** What the person asked for; a field left undefined keeps what the open request says. */
export interface RequestChange {
  topicId?: number | null;
  note?: string | null;
  /** `/mentor request @person`: the supporter they would like. */
  wantedSupporterId?: string | null;
}

export interface FiledRequest {
  request: SupporterRequest;
  created: boolean;
  changed: boolean;
  /** This filing named a supporter the request did not name before: whoever assigns hears of it. */
  named?: boolean;
}

/**
 * Files the person's request for a supporter, or changes the one they have open (a person has
 * one open request, so a topic named later, or spelt right the second time, changes it).
 */
export async function fileRequest(
  deps: Deps,
  teamId: string,
  requesterId: string,
  change: RequestChange,
): Promise<FiledRequest> {
  const { storage, now } = deps;
  const programme = await menteeProgramme(deps, teamId, requesterId);
  // Twice at most: an open request answered between reading and changing it leaves nothing to change.
  for (let attempt = 0; attempt < 2; attempt++) {
    const at = now();
    const { request, created } = await storage.supporterRequests.open(
      teamId,
      {
        requesterId,
        topicId: change.topicId ?? null,
        note: change.note ?? null,
        programmeId: programme.id,
        wantedSupporterId: change.wantedSupporterId ?? null,
      },
      at,
    );
    const audit = (action: string) =>
      storage.audit.record({
        teamId,
        actorId: requesterId,
        action,
        subjectType: 'supporter_request',
        subjectId: request.id,
        at,
      });
    if (created) {
      await audit('supporter.requested');
      return { request, created, changed: true, named: Boolean(request.wantedSupporterId) };
    }
    const delta: RequestChange = {
      ...(change.topicId !== undefined && change.topicId !== request.topicId ? { topicId: change.topicId } : {}),
      ...(change.note !== undefined && change.note !== request.note ? { note: change.note } : {}),
      ...(change.wantedSupporterId !== undefined && change.wantedSupporterId !== request.wantedSupporterId
        ? { wantedSupporterId: change.wantedSupporterId }
        : {}),
    };
    if (Object.keys(delta).length === 0) return { request, created, changed: false };
    const updated = await storage.supporterRequests.update(teamId, request.id, delta);
    if (updated) {
      await audit('supporter.request_changed');
      return { request: updated, created, changed: true, named: Boolean(delta.wantedSupporterId) };
    }
  }
  throw new Error('supporter request answered twice while changing it; try again');
}

/**
 * After filing: Home shows the request (not "Find me a supporter"), and a new one (or one that now
 * names a supporter) goes to whoever assigns in its programme.
 */
export async function announceRequest(deps: Deps, teamId: string, filed: FiledRequest): Promise<void> {
  if (filed.changed) deps.changes.changed(teamId, [filed.request.requesterId]);
  if (!filed.created && !filed.named) return;
  const told = await notifyAdminsOfRequest(deps, filed.request, 'asked');
  if (told === 0) deps.logger.warn(`supporter request ${filed.request.id}: no admin could be told`);
}

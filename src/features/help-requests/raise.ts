import type { Deps } from '../../deps.ts';
import { sendDm, updateMessage } from '../../slack/dm.ts';
import type { Db } from '../../storage/db.ts';
import type { HelpRequest } from '../../storage/help-requests.ts';
import type { Mentorship } from '../../storage/rows.ts';
import type { SupporterRequest } from '../../storage/supporter-requests.ts';
import { notifyAdminsOfRequest } from '../requests/notify.ts';
import { alertRecipients } from './rules.ts';
import { alertDm, menteeHelpDm, noSupporterDm } from './views.ts';

/** What a help request stored, for the messages sent once the form is closed. */
export type StoredHelpRequest =
  | { kind: 'no_supporter'; request: SupporterRequest; created: boolean; helpAdded: boolean }
  | { kind: 'raised'; request: HelpRequest; created: boolean; recipients: string[]; supporterIds: string[] };

/**
 * Stores a help request in `trx`: an help request for the supporters who should hear about it, or, when
 * the mentee has nobody to help yet (no `active` mentorship), a request to the admins for a supporter.
 */
export async function storeHelpRequest(
  deps: Deps,
  trx: Db,
  teamId: string,
  raised: { menteeId: string; topicId: number | null; note: string | null; active: Mentorship[] },
  now: Date,
): Promise<StoredHelpRequest> {
  const { storage } = deps;
  const { menteeId, topicId, note, active } = raised;
  const recipients = alertRecipients(active, topicId);
  if (recipients.length === 0) {
    // Nobody to help yet: the help goes on their request for a supporter (opened now if need be),
    // where the admins see it beside what the request itself says.
    const { request, created, helpAdded } = await storage.supporterRequests.askForHelp(
      teamId,
      { requesterId: menteeId, topicId, note },
      now,
      trx,
    );
    if (created) {
      await storage.audit.record(
        {
          teamId,
          actorId: menteeId,
          action: 'assistance.no_supporter',
          subjectType: 'supporter_request',
          subjectId: request.id,
          at: now,
        },
        trx,
      );
    }
    return { kind: 'no_supporter', request, created, helpAdded };
  }
  const { request, created } = await storage.helpRequests.open(teamId, { menteeId, topicId, note }, now, trx);
  await storage.audit.record(
    {
      teamId,
      actorId: menteeId,
      action: created ? 'assistance.open' : 'assistance.note',
      subjectType: 'assistance_request',
      subjectId: request.id,
      ...(note ? { detail: { note } } : {}),
      at: now,
    },
    trx,
  );
  if (topicId) await storage.familiarity.setHelpRequested(teamId, menteeId, topicId, true, note, now, trx);
  return { kind: 'raised', request, created, recipients, supporterIds: active.map((m) => m.supporterId) };
}

/** After the help request is stored and the form closed: the DMs it calls for, and Home refreshes. */
export async function announceHelpRequest(
  deps: Deps,
  teamId: string,
  menteeId: string,
  stored: StoredHelpRequest,
): Promise<void> {
  const client = deps.clientFor(teamId);
  // A repeat (the mentee asking again, or the same form sent twice on two instances) DMs
  // nobody new: the form itself said so, and the supporters' DMs are edited with the new note.
  if (stored.kind === 'no_supporter') {
    if (stored.created) {
      const told = await notifyAdminsOfRequest(deps, stored.request, 'help');
      await sendDm(client, menteeId, noSupporterDm(stored.request.topicName, told)).catch((error: unknown) =>
        deps.logger.warn(`could not tell ${menteeId} their help request went to the admins`, error),
      );
    } else if (stored.helpAdded) {
      // Waiting already, and now stuck: the admins hear once, on the request they already have.
      await notifyAdminsOfRequest(deps, stored.request, 'help');
    }
    deps.changes.changed(teamId, [menteeId]);
    return;
  }
  const { request, created, recipients } = stored;
  await alertSupporters(deps, teamId, request, recipients);
  if (created) {
    await sendDm(client, menteeId, menteeHelpDm(request, recipients, true)).catch((error: unknown) =>
      deps.logger.warn(`could not confirm help request ${request.id} to ${menteeId}`, error),
    );
  }
  deps.changes.changed(teamId, [menteeId, ...stored.supporterIds]);
}

/** DMs each supporter once per request; a repeat (new note, redelivery) edits the DM already sent. */
export async function alertSupporters(
  deps: Deps,
  teamId: string,
  request: HelpRequest,
  supporterIds: string[],
): Promise<void> {
  const { storage } = deps;
  const client = deps.clientFor(teamId);
  const level = request.topicId
    ? (await storage.familiarity.get(teamId, request.menteeId, request.topicId))?.level
    : undefined;
  const now = deps.now();
  const existing = new Map((await storage.helpRequests.listAlerts(teamId, request.id)).map((a) => [a.supporterId, a]));
  for (const supporterId of supporterIds) {
    try {
      // Each supporter reads the day and time on their own calendar and clock.
      const tz = (await deps.people.profile(teamId, supporterId).catch(() => undefined))?.tz;
      const message = alertDm(request, level, now, tz);
      if (await storage.helpRequests.claimAlert(teamId, request.id, supporterId)) {
        const posted = await sendDm(client, supporterId, message).catch(async (error: unknown) => {
          await storage.helpRequests.releaseAlert(teamId, request.id, supporterId);
          throw error;
        });
        await storage.helpRequests.recordAlert(teamId, request.id, supporterId, posted);
      } else {
        const alert = existing.get(supporterId);
        // No ts yet means another delivery is sending it right now, with the same content.
        if (alert?.channel && alert.ts) await updateMessage(client, { channel: alert.channel, ts: alert.ts }, message);
      }
    } catch (error) {
      deps.logger.warn(`could not tell supporter ${supporterId} about help request ${request.id}`, error);
    }
  }
}

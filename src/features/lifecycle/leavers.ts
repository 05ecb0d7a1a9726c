import type { Deps } from '../../deps.ts';
import { adminInSlack, type InstallingWorkspace } from '../../people/service.ts';
import { sendDm } from '../../slack/dm.ts';
import { user } from '../../slack/text.ts';
import type { SlackProfile } from '../../storage/people.ts';
import { announceEnd } from '../mentorships/service.ts';

/** The parts of a Slack user object (users.info, user_change, team_join) that Lifering reads. */
export interface SlackUserObject {
  id: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  tz?: string;
  profile?: { display_name?: string; real_name?: string };
  enterprise_user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean };
}

/** The profile to cache from a user object Slack sent for `ours`, the installing workspace. */
export function profileOf(u: SlackUserObject, ours: InstallingWorkspace): SlackProfile {
  return {
    userId: u.id,
    name: u.profile?.display_name || u.real_name || u.profile?.real_name || u.name || null,
    tz: u.tz ?? null,
    isWorkspaceAdmin: adminInSlack(u, ours),
    isBot: Boolean(u.is_bot),
    isDeleted: Boolean(u.deleted),
  };
}

export type LeaveReason = 'deactivated' | 'guest';

const REASON_TEXT: Record<LeaveReason, string> = {
  deactivated: 'Left the workspace (deactivated in Slack)',
  guest: 'Became a guest in Slack (Lifering is set to end the mentorships of guests)',
};

/**
 * Someone left the workspace (or became a guest, per GUEST_POLICY): their mentorships end, the
 * other side is told in the same neutral words as any ending, their open requests and calls for
 * help close, and nothing more is sent to them. Runs once per departure, across instances and
 * redeliveries (the `left_at` claim). Returns false when it was already handled.
 */
export async function personLeft(deps: Deps, teamId: string, userId: string, reason: LeaveReason): Promise<boolean> {
  const { storage, now } = deps;
  if (!(await storage.people.markLeft(teamId, userId, reason, now()))) return false;
  const open = [
    ...(await storage.mentorships.listForSupporter(teamId, userId)),
    ...(await storage.mentorships.listForMentee(teamId, userId)),
  ];
  const ended = [];
  for (const m of open) {
    const e = await storage.mentorships.end(teamId, m.id, userId, REASON_TEXT[reason], now());
    if (e) ended.push({ m: e, was: m.status });
  }
  const requestsClosed = await storage.supporterRequests.closeAllFor(teamId, userId, now());
  const helpClosed = await storage.helpRequests.resolveAllFor(teamId, userId, userId, now());
  const remindersCancelled = await storage.reminders.cancelFor(teamId, userId);
  await storage.audit.record({
    teamId,
    actorId: userId,
    action: 'person.left',
    detail: {
      userId,
      reason,
      mentorshipsEnded: ended.map((e) => e.m.id).sort((a, b) => a - b),
      requestsClosed,
      helpClosed,
      remindersCancelled,
    },
    at: now(),
  });
  deps.logger.info(
    `${userId} in ${teamId} ${reason === 'guest' ? 'became a guest' : 'was deactivated'}: ${ended.length} mentorships ended`,
  );
  // The leaver is the "actor", so only the other side hears, with the usual kind wording.
  for (const { m, was } of ended) await announceEnd(deps, m, was, userId, undefined, { closeout: false });
  return true;
}

/**
 * Someone who left is active (or a full member) again. Nothing is restored on its own: their
 * mentorships stay ended, and the admins are told, so the return is never silent.
 */
export async function personReturned(deps: Deps, teamId: string, userId: string): Promise<boolean> {
  const { storage, now } = deps;
  if (!(await storage.people.markReturned(teamId, userId, now()))) return false;
  await storage.audit.record({ teamId, actorId: userId, action: 'person.returned', detail: { userId }, at: now() });
  const text =
    `${user(userId)} is active in this workspace again. Their mentorships ended when they left and were not restored; ` +
    'assign them again with `/mentor assign` if they should continue.';
  const client = deps.clientFor(teamId);
  for (const adminId of await deps.people.adminIds(teamId)) {
    if (adminId === userId) continue;
    await sendDm(client, adminId, { text }).catch((error: unknown) =>
      deps.logger.warn(`could not tell ${adminId} that ${userId} is back`, error),
    );
  }
  return true;
}

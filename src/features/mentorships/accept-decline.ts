import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { sendDm, updateMessage } from '../../slack/dm.ts';
import { rowId } from '../../slack/ids.ts';
import { showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import type { Mentorship } from '../../storage/rows.ts';
import type { ActionArgs } from '../feature.ts';
import { recordAgreedOnAccept } from '../programmes/agreement.ts';
import { endedNotice } from './ended-notice.ts';
import { offerClickProblem } from './rules.ts';
import { announceAccepted } from './service.ts';
import { acceptedDm, commitmentsModal, declinedDm, declinedToAdminDm } from './views.ts';

type ButtonArgs = ActionArgs<BlockAction<ButtonAction>>;

/** Accept on the assignment DM (or Home): the supporter takes the mentee on. */
export async function onAccept(deps: Deps, args: ButtonArgs): Promise<void> {
  await answerOffer(deps, args, 'accept');
}

/** "Not now" on the assignment DM (or Decline on Home): the admin who assigned hears, to find someone else. */
export async function onDecline(deps: Deps, args: ButtonArgs): Promise<void> {
  await answerOffer(deps, args, 'decline');
}

/** The offer DM to update: the one recorded when it was sent, else the message clicked. */
function offerMessage(before: Mentorship, body: BlockAction): { channel: string; ts: string } | undefined {
  if (before.offerChannel && before.offerTs) return { channel: before.offerChannel, ts: before.offerTs };
  const { channel_id, message_ts } = body.container;
  return channel_id && message_ts ? { channel: channel_id as string, ts: message_ts as string } : undefined;
}

async function answerOffer(deps: Deps, args: ButtonArgs, answer: 'accept' | 'decline'): Promise<void> {
  const { ack, body, action } = args;
  const { storage, now } = deps;
  await ack();
  const teamId = teamOf(body);
  const userId = body.user.id;
  const id = rowId(action.value);
  // Messages after the ack go through the background client, so a 429 on them cannot hold up a form.
  const client = deps.clientFor(teamId);
  // From the DM, under the message; from Home (no response_url there), in a small modal.
  const say = (text: string): Promise<void> => tellClicker(args, text);
  const before = await storage.mentorships.get(teamId, id);
  const problem = offerClickProblem(before, userId, now());
  if (problem || !before) return say(problem ?? 'Nothing changed.');
  const moved =
    answer === 'accept'
      ? await storage.mentorships.accept(teamId, id, now())
      : await storage.mentorships.decline(teamId, id, now());
  if (!moved) {
    // Someone (or a second click) got there first.
    return say(offerClickProblem(await storage.mentorships.get(teamId, id), userId, now()) ?? 'Nothing changed.');
  }
  const where = offerMessage(before, body);
  if (where) {
    // Their name labels the button into their DM; without it the button still works.
    const mentee =
      answer === 'accept' ? await deps.people.profile(teamId, moved.menteeId).catch(() => undefined) : undefined;
    const next = answer === 'accept' ? acceptedDm(moved, now(), mentee?.name) : declinedDm(moved, now());
    await updateMessage(client, where, next).catch((error: unknown) =>
      deps.logger.warn(`could not update the assignment DM of mentorship ${id}`, error),
    );
  }
  if (answer === 'accept') {
    // Accepting agrees to the programme's support agreement the invitation showed.
    await recordAgreedOnAccept(deps, moved);
    return announceAccepted(deps, moved);
  }
  await storage.audit.record({
    teamId,
    actorId: userId,
    action: 'mentorship.declined',
    subjectType: 'mentorship',
    subjectId: id,
    at: now(),
  });
  deps.changes.changed(teamId, [moved.supporterId, moved.menteeId, moved.assignedBy]);
  await sendDm(client, moved.assignedBy, declinedToAdminDm(moved)).catch((error: unknown) =>
    deps.logger.warn(`could not tell ${moved.assignedBy} about a declined assignment`, error),
  );
}

/** "What’s involved?" on the invitation: what being a supporter asks, in a modal. */
export async function onWhatsInvolved(deps: Deps, args: ButtonArgs): Promise<void> {
  await args.ack();
  // From an invitation whose mentorship has since ended: the commitments, and that it ended.
  const m = await deps.storage.mentorships.get(teamOf(args.body), rowId(args.action.value));
  const ended = m?.status === 'ended' && m.supporterId === args.body.user.id;
  await showModal(
    args.client,
    args.body,
    commitmentsModal(ended ? endedNotice(m, m.supporterId, deps.now()) : undefined),
  );
}

import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { can } from '../../policy/policy.ts';
import { sendDm } from '../../slack/dm.ts';
import { showModal } from '../../slack/surface.ts';
import { dateTime, user } from '../../slack/text.ts';
import type { Mentorship } from '../../storage/rows.ts';
import { doneModal, offerDm } from '../mentorships/views.ts';
import { refreshOversight } from './refresh.ts';
import type { RowArgs, RowChoice } from './row.ts';
import { NUDGE_INTRO } from './views.ts';

/** One nudge a pair a day from the oversight view: 50 clicks sent 50 DMs in 3 s. */
export const NUDGE_GAP_MS = 24 * 60 * 60 * 1000;

/** The answer to a nudge within a day of the last one: who sent it, when, and when the next may go. */
function alreadyNudged(m: Mentorship, last: { actorId: string; at: string }, now: Date): string {
  const at = new Date(last.at);
  return (
    `${user(last.actorId)} nudged ${user(m.supporterId)} about supporting ${user(m.menteeId)} on ${dateTime(at, now)}, ` +
    `so I haven't sent another. One nudge a day is plenty: you can nudge again from ${dateTime(new Date(at.getTime() + NUDGE_GAP_MS), now)}.`
  );
}

/** "Nudge the supporter" in a pending mentorship's ⋯ menu: the offer DM again, asked kindly. */
export async function nudgeSupporter(deps: Deps, args: RowArgs, { teamId, m, back }: RowChoice): Promise<void> {
  const { body, client } = args;
  const notice = (title: string, text: string) => showModal(client, body, doneModal(title, text));
  if (!can(await actorOf(deps, teamId, body.user.id), 'mentorship.nudge'))
    return void (await notice('Nudge', await deps.people.whoCanAdminister(teamId)));
  if (m.status !== 'pending')
    return void (await notice('Nudge', `${user(m.supporterId)} already answered; there is nothing to nudge.`));
  const at = deps.now();
  const claim = await deps.storage.audit.recordUnlessSince(
    { teamId, actorId: body.user.id, action: 'mentorship.nudged', subjectType: 'mentorship', subjectId: m.id, at },
    new Date(at.getTime() - NUDGE_GAP_MS),
  );
  if (!claim.recorded) return void (await notice('Already nudged', alreadyNudged(m, claim, at)));
  const offer = offerDm(m);
  const posted = await sendDm(deps.clientFor(teamId), m.supporterId, {
    ...offer,
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: NUDGE_INTRO }] }, ...(offer.blocks ?? [])],
  }).catch(async (error: unknown) => {
    // Not sent, so not a nudge: the admin may try again at once.
    await deps.storage.audit.withdraw(teamId, claim.id);
    throw error;
  });
  // Accept and Decline now answer from the newest DM, which is also the one a withdrawal updates.
  await deps.storage.mentorships.setOffer(teamId, m.id, posted.channel, posted.ts);
  await refreshOversight(deps, teamId, back);
  await notice(
    'Nudge sent',
    `I've reminded ${user(m.supporterId)} that the request to support ${user(m.menteeId)} is waiting for their answer.`,
  );
}

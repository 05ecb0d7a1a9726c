import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { can } from '../../policy/policy.ts';
import { sendDm } from '../../slack/dm.ts';
import { showModal } from '../../slack/surface.ts';
import { user } from '../../slack/text.ts';
import { doneModal, offerDm } from '../mentorships/views.ts';
import { refreshOversight } from './refresh.ts';
import type { RowArgs, RowChoice } from './row.ts';
import { NUDGE_INTRO } from './views.ts';

/** "Nudge the supporter" in a pending mentorship's ⋯ menu: the offer DM again, asked kindly. */
export async function nudgeSupporter(deps: Deps, args: RowArgs, { teamId, m, back }: RowChoice): Promise<void> {
  const { body, client } = args;
  const notice = (title: string, text: string) => showModal(client, body, doneModal(title, text));
  if (!can(await actorOf(deps, teamId, body.user.id), 'mentorship.nudge'))
    return void (await notice('Nudge', await deps.people.whoCanAdminister(teamId)));
  if (m.status !== 'pending')
    return void (await notice('Nudge', `${user(m.supporterId)} already answered; there is nothing to nudge.`));
  const offer = offerDm(m);
  const posted = await sendDm(deps.clientFor(teamId), m.supporterId, {
    ...offer,
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: NUDGE_INTRO }] }, ...(offer.blocks ?? [])],
  });
  // Accept and Decline now answer from the newest DM, which is also the one a withdrawal updates.
  await deps.storage.mentorships.setOffer(teamId, m.id, posted.channel, posted.ts);
  await deps.storage.audit.record({
    teamId,
    actorId: body.user.id,
    action: 'mentorship.nudged',
    subjectType: 'mentorship',
    subjectId: m.id,
    at: deps.now(),
  });
  await refreshOversight(deps, teamId, back);
  await notice(
    'Nudge sent',
    `I've reminded ${user(m.supporterId)} that the request to support ${user(m.menteeId)} is waiting for their answer.`,
  );
}

import type { Deps } from '../../deps.ts';
import { teamOf } from '../../slack/team.ts';
import type { ActionArgs } from '../feature.ts';
import { type GuideState, guideModal, type MenteeStage, type SupporterStage } from './guide.ts';

/** Where the person is in the programme, as "How Lifering works" follows it. */
async function guideState(deps: Deps, teamId: string, userId: string): Promise<GuideState> {
  const [admin, { supporting, supportedBy }, request] = await Promise.all([
    deps.people.isAdmin(teamId, userId),
    deps.storage.mentorships.listed(teamId, userId),
    deps.storage.supporterRequests.openFor(teamId, userId),
  ]);
  const active = (m: { status: string }) => m.status === 'active';
  const mentee: MenteeStage = supportedBy.some(active)
    ? 'active'
    : supportedBy.length > 0 || request
      ? 'waiting'
      : 'none';
  const supporter: SupporterStage = supporting.some(active) ? 'active' : supporting.length > 0 ? 'invited' : 'none';
  return { userId, admin, mentee, supporter };
}

/** "How Lifering works" on Home: three short steps for each of the person's roles, where they are now. */
export async function showHelp(deps: Deps, args: ActionArgs): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  if (!('trigger_id' in body)) return;
  const state = await guideState(deps, teamOf(body), body.user.id);
  await client.views.open({ trigger_id: body.trigger_id, view: guideModal(state) });
}

import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { sendDm } from '../../slack/dm.ts';
import { showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { selectedUsers } from '../../slack/view-state.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { INVITE_MAX } from './rules.ts';
import { INVITE_BLOCK, inviteDm, invitedDm, inviteModal } from './views.ts';

/** "Ask people" on the first-day card: who to ask to fill in their supporter profile. */
export async function openInvite(_deps: Deps, args: ActionArgs): Promise<void> {
  await args.ack();
  if ('trigger_id' in args.body)
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: inviteModal() });
}

/** Sends each picked person the invitation after the form closes, then tells the admin how it went. */
export async function sendInvites(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const picked = [...new Set(selectedUsers(view.state.values, INVITE_BLOCK))].filter((id) => id !== body.user.id);
  if (picked.length === 0) {
    await ack({ response_action: 'errors', errors: { [INVITE_BLOCK]: 'Pick at least one person other than you.' } });
    return;
  }
  if (picked.length > INVITE_MAX) {
    await ack({
      response_action: 'errors',
      errors: { [INVITE_BLOCK]: `Pick at most ${INVITE_MAX} people at a time.` },
    });
    return;
  }
  await ack();
  const teamId = teamOf(body);
  const client = deps.clientFor(teamId);
  const sent: string[] = [];
  const failed: string[] = [];
  for (const id of picked) {
    const person = await deps.people.profile(teamId, id).catch(() => undefined);
    if (!person || person.isBot || person.isDeleted) {
      failed.push(id);
      continue;
    }
    await sendDm(client, id, inviteDm(body.user.id)).then(
      () => sent.push(id),
      (error: unknown) => {
        deps.logger.warn(`could not ask ${id} to fill in their supporter profile`, error);
        failed.push(id);
      },
    );
  }
  await deps.storage.audit.record({
    teamId,
    actorId: body.user.id,
    action: 'supporters.invited',
    subjectType: 'person',
    detail: { sent, failed },
    at: deps.now(),
  });
  await sendDm(client, body.user.id, invitedDm(sent, failed));
}

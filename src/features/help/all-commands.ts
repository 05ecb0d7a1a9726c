import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { teamOf } from '../../slack/team.ts';
import type { ActionArgs } from '../feature.ts';
import { helpModal } from '../home/views.ts';

/** "All commands" under the short help card: the card becomes the full list, where it was shown. */
export async function showAllCommands(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client, respond } = args;
  await ack();
  const all = await deps.commands.usage(teamOf(body), body.user.id, { all: true });
  if (body.view?.type === 'modal') {
    // The Home tab's help modal: it has no response_url.
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: helpModal(all) });
  } else if (body.response_url) {
    await respond({ response_type: 'ephemeral', replace_original: true, ...all });
  } else {
    // From the Home tab itself, which has nothing to replace: the list in a modal.
    await client.views.open({ trigger_id: body.trigger_id, view: helpModal(all) });
  }
}

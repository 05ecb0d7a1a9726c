import type { Deps } from '../../deps.ts';
import { teamOf } from '../../slack/team.ts';
import type { ActionArgs } from '../feature.ts';
import { helpModal } from './views.ts';

/** "How Lifering works" on Home: the usage in a modal, since the Home tab has no composer. */
export async function showHelp(deps: Deps, args: ActionArgs): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const usage = await deps.commands.usage(teamOf(body), body.user.id);
  if ('trigger_id' in body) await client.views.open({ trigger_id: body.trigger_id, view: helpModal(usage) });
}

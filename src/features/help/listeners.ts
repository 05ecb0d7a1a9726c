import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { teamOf } from '../../slack/team.ts';
import type { Feature } from '../feature.ts';
import { helpModal } from '../home/views.ts';

/** "All commands" under the short help card: the card becomes the full list, where it was shown. */
export const help: Feature = {
  name: 'help',
  register(app: App, _deps: Deps, router: CommandRouter) {
    async function onAllCommands({
      ack,
      body,
      client,
      respond,
    }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) {
      await ack();
      const all = await router.usage(teamOf(body), body.user.id, { all: true });
      if (body.view?.type === 'modal') {
        // The Home tab's help modal: it has no response_url.
        await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: helpModal(all) });
      } else {
        await respond({ response_type: 'ephemeral', replace_original: true, ...all });
      }
    }

    app.action<BlockButtonAction>(ACTIONS.helpAll, performs('help.read', onAllCommands));
  },
};

import type { AllMiddlewareArgs, App, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { helpModal, welcomeHome } from './views.ts';

export const home: Feature = {
  name: 'home',
  register(app: App, _deps: Deps, router: CommandRouter) {
    async function onHomeOpened({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) {
      if (event.tab !== 'home') return;
      await client.views.publish({ user_id: event.user, view: welcomeHome() });
    }

    async function onShowHelp({ ack, body, client }: SlackActionMiddlewareArgs & AllMiddlewareArgs) {
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const usage = await router.usage(teamId, body.user.id);
      if ('trigger_id' in body) await client.views.open({ trigger_id: body.trigger_id, view: helpModal(usage) });
    }

    app.event('app_home_opened', onHomeOpened);
    app.action(ACTIONS.showHelp, onShowHelp);
  },
};

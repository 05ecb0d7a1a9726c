import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { teamOf } from '../../slack/team.ts';
import type { Feature } from '../feature.ts';
import { publishHome } from './publish.ts';
import { helpModal } from './views.ts';

export const home: Feature = {
  name: 'home',
  register(app: App, deps: Deps, router: CommandRouter) {
    // The page of mentees each person last looked at, so a refresh after a change keeps them there.
    // In memory only: after a restart, or on another instance, Home simply starts at page 1.
    const pages = new Map<string, number>();
    // One publish at a time per person, so the last one out reflects the latest change.
    const queues = new Map<string, Promise<void>>();

    function refresh(client: WebClient, teamId: string, userId: string, page?: number): Promise<void> {
      const key = `${teamId}:${userId}`;
      if (page !== undefined) pages.set(key, page);
      const run = async () => {
        const shown = await publishHome(deps, client, teamId, userId, pages.get(key) ?? 1);
        pages.set(key, shown);
      };
      const next = (queues.get(key) ?? Promise.resolve()).then(run, run);
      queues.set(key, next);
      void next
        .finally(() => {
          if (queues.get(key) === next) queues.delete(key);
        })
        .catch(() => undefined);
      return next;
    }

    async function onHomeOpened({
      event,
      body,
      client,
    }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) {
      if (event.tab !== 'home') return;
      await refresh(client, body.team_id, event.user);
    }

    async function onPage({
      ack,
      body,
      action,
      client,
    }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) {
      await ack();
      const teamId = teamOf(body);
      await refresh(client, teamId, body.user.id, Number(action.value) || 1);
    }

    async function onShowHelp({ ack, body, client }: SlackActionMiddlewareArgs & AllMiddlewareArgs) {
      await ack();
      const teamId = teamOf(body);
      const usage = await router.usage(teamId, body.user.id);
      if ('trigger_id' in body) await client.views.open({ trigger_id: body.trigger_id, view: helpModal(usage) });
    }

    deps.changes.subscribe(async (teamId, userIds) => {
      const client = deps.clientFor(teamId);
      await Promise.all(
        userIds.map((userId) =>
          refresh(client, teamId, userId).catch((error: unknown) =>
            deps.logger.warn(`could not refresh the Home of ${userId}`, error),
          ),
        ),
      );
    });

    app.event('app_home_opened', performs('home.view', onHomeOpened));
    app.action<BlockButtonAction>(ACTIONS.homePage, performs('home.view', onPage));
    app.action<BlockButtonAction>(ACTIONS.homePagePrevious, performs('home.view', onPage));
    app.action(ACTIONS.showHelp, performs('help.read', onShowHelp));
  },
};

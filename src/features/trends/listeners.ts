import type { AllMiddlewareArgs, App, BlockStaticSelectAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { teamOf } from '../../slack/team.ts';
import type { Feature } from '../feature.ts';
import { loadTrends } from './load.ts';
import { ALL_COHORTS, TRENDS, trendBlocks } from './views.ts';

/** The report's "Programme over time": picking a cohort redraws that part of the open report. */
export const trends: Feature = {
  name: 'trends',
  register(app: App, deps: Deps) {
    async function onCohort({
      ack,
      body,
      action,
      client,
    }: SlackActionMiddlewareArgs<BlockStaticSelectAction> & AllMiddlewareArgs) {
      await ack();
      const view = body.view;
      if (!view) return;
      const teamId = teamOf(body);
      const picked = action.selected_option?.value;
      const { months } = await loadTrends(deps, teamId);
      // Only a month the menu offered; anything else (an old view, a crafted value) shows everyone.
      const cohort = picked && picked !== ALL_COHORTS && months.includes(picked) ? picked : null;
      const { trends: figures } = await loadTrends(deps, teamId, cohort);
      const blocks = view.blocks as KnownBlock[];
      const at = blocks.findIndex((b) => b.block_id === TRENDS.divider);
      const kept = at === -1 ? blocks : blocks.slice(0, at);
      const next: ModalView = {
        type: 'modal',
        callback_id: view.callback_id,
        title: view.title,
        ...(view.close ? { close: view.close } : {}),
        ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}),
        blocks: [...kept, ...trendBlocks(figures, months, cohort)],
      };
      await client.views.update({ view_id: view.id, hash: view.hash, view: next });
    }
    app.action<BlockStaticSelectAction>(ACTIONS.trendsCohort, performs('programme.report', onCohort));
  },
};

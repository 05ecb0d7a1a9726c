import type { BlockStaticSelectAction } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { ActionArgs } from '../feature.ts';
import { narrowTo, scopeFor } from '../oversight/scope.ts';
import { loadTrends } from './load.ts';
import { CohortValue } from './values.ts';
import { TRENDS, trendBlocks } from './views.ts';

/** The report's cohort menu: redraws "Programme over time" in the open report for the month picked. */
export async function pickCohort(deps: Deps, args: ActionArgs<BlockStaticSelectAction>): Promise<void> {
  const { ack, body, action, client } = args;
  const picked = readValue(CohortValue, action.selected_option?.value);
  if (picked === undefined) return answerOutOfDate(args);
  await ack();
  const view = body.view;
  if (!view) return;
  const teamId = teamOf(body);
  // The programmes the report was drawn for (one, when it carries it), within what this person administers now.
  const scope = narrowTo(await scopeFor(deps, teamId, body.user.id, 'oversight.report'), view.private_metadata);
  const { months } = await loadTrends(deps, teamId, null, scope);
  // Only a month the menu still offers; one from an older report (the months have moved on) shows everyone.
  const cohort = picked !== null && months.includes(picked) ? picked : null;
  const { trends: figures } = await loadTrends(deps, teamId, cohort, scope);
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

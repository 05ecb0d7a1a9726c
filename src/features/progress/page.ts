import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate, modalOf } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { ActionArgs } from '../feature.ts';
import { parseProgressMeta } from './rules.ts';
import { refreshProgress } from './surface.ts';
import { ProgressPageValue } from './values.ts';

/** Previous page / Next page: redraws the progress page at the page the button names. */
export async function turnProgressPage(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  const view = modalOf(body);
  const meta = parseProgressMeta(view?.private_metadata);
  const page = readValue(ProgressPageValue, action.value);
  if (!view || !meta || page === undefined) return answerOutOfDate(args);
  await ack();
  await refreshProgress(deps, client, teamOf(body), body.user.id, view.id, meta.menteeId, page);
}

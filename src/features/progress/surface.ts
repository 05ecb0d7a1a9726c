import type { BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { modalOf, noticeModal } from '../../slack/surface.ts';
import { roleFor } from './access.ts';
import { loadProgress } from './load.ts';
import { PROGRESS_REFUSAL, parseProgressMeta } from './rules.ts';
import { progressModal } from './views.ts';

/** The progress page (and page of it) a click came from, if it came from one: what to redraw after a change made from it. */
export function progressPageOf(body: BlockAction): { viewId: string; page: number } | undefined {
  const from = modalOf(body);
  if (from?.callback_id !== ACTIONS.progressView) return undefined;
  return { viewId: from.id, page: parseProgressMeta(from.private_metadata)?.page ?? 1 };
}

/**
 * Redraws a progress page modal after a change. Access is checked again: if the viewer lost it
 * meanwhile, the page is replaced by the refusal rather than left showing stale data.
 */
export async function refreshProgress(
  deps: Deps,
  client: WebClient,
  teamId: string,
  viewerId: string,
  viewId: string,
  menteeId: string,
  page = 1,
): Promise<void> {
  const role = await roleFor(deps, teamId, viewerId, menteeId);
  const view = role
    ? progressModal(await loadProgress(deps, teamId, menteeId, viewerId, role), page)
    : noticeModal(PROGRESS_REFUSAL);
  await client.views.update({ view_id: viewId, view });
}

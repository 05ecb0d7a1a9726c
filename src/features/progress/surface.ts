import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { roleFor } from './access.ts';
import { loadProgress } from './load.ts';
import { PROGRESS_REFUSAL, parseProgressMeta } from './rules.ts';
import { noticeModal, progressModal } from './views.ts';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The modal a click came from, when it came from one (Home tab clicks do not count). */
export const modalOf = (body: BlockAction) =>
  body.container?.type === 'view' && body.view?.type === 'modal' ? body.view : undefined;

/** The progress page (and page of it) a click came from, if it came from one: what to redraw after a change made from it. */
export function progressPageOf(body: BlockAction): { viewId: string; page: number } | undefined {
  const from = modalOf(body);
  if (from?.callback_id !== ACTIONS.progressView) return undefined;
  return { viewId: from.id, page: parseProgressMeta(from.private_metadata)?.page ?? 1 };
}

/** Opens a modal from a click: pushed over the modal it came from, or opened fresh from a message or Home. */
export async function showModal(client: WebClient, body: BlockAction, view: ModalView): Promise<string | undefined> {
  const res = modalOf(body)
    ? await client.views.push({ trigger_id: body.trigger_id, view })
    : await client.views.open({ trigger_id: body.trigger_id, view });
  return res.view?.id;
}

/**
 * Tells the clicker why nothing happened: ephemerally under the message they clicked, or in a
 * small modal when the click came from a modal or the Home tab (which have nowhere else to answer).
 */
export async function tellClicker(args: Pick<ActionArgs, 'body' | 'client' | 'respond'>, text: string): Promise<void> {
  const { body, client, respond } = args;
  if (body.container?.type === 'message' && body.response_url) {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  } else {
    await showModal(client, body, noticeModal(text));
  }
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

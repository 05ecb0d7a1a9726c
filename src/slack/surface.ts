import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { modal, section } from './blocks.ts';
import { OUT_OF_DATE } from './values.ts';

/**
 * Where a click can be answered. A click comes from a message (answered under it), the Home tab
 * or a modal (answered with a modal, since neither has anywhere else to say something).
 */
export type ClickArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The modal a click came from, when it came from one (Home tab clicks do not count). */
export const modalOf = (body: BlockAction) =>
  body.container?.type === 'view' && body.view?.type === 'modal' ? body.view : undefined;

/** Opens a modal from a click: pushed over the modal it came from, or opened fresh from a message or Home. */
export async function showModal(client: WebClient, body: BlockAction, view: ModalView): Promise<string | undefined> {
  const res = modalOf(body)
    ? await client.views.push({ trigger_id: body.trigger_id, view })
    : await client.views.open({ trigger_id: body.trigger_id, view });
  return res.view?.id;
}

/** A small modal that says why something cannot be done, for clicks that have no message to answer in. */
export function noticeModal(text: string): ModalView {
  return modal({ callbackId: 'lifering.notice', title: 'Lifering', close: 'OK', blocks: [section(text)] });
}

/**
 * Tells the clicker why nothing happened: ephemerally under the message they clicked, or in a
 * small modal when the click came from a modal or the Home tab (which have nowhere else to answer).
 */
export async function tellClicker(args: Pick<ClickArgs, 'body' | 'client' | 'respond'>, text: string): Promise<void> {
  const { body, client, respond } = args;
  if (body.container?.type === 'message' && body.response_url) {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  } else {
    await showModal(client, body, noticeModal(text));
  }
}

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Answers a click or a form whose value Lifering wrote failed its schema on the way back
 * (src/slack/values.ts): under the message or in a small modal for a click; for a form, under
 * its first field, so what was typed stays there to copy.
 */
export async function answerOutOfDate(args: ClickArgs | SubmitArgs): Promise<void> {
  if (args.body.type === 'block_actions') {
    const click = args as ClickArgs;
    await click.ack();
    const where = click.body.view?.type === 'home' ? 'home' : modalOf(click.body) ? 'modal' : 'message';
    await tellClicker(click, OUT_OF_DATE[where]);
    return;
  }
  const { ack, view } = args as SubmitArgs;
  const field = view.blocks.find((b) => b.type === 'input')?.block_id;
  if (field) await ack({ response_action: 'errors', errors: { [field]: OUT_OF_DATE.modal } });
  else await ack({ response_action: 'update', view: noticeModal(OUT_OF_DATE.modal) });
}

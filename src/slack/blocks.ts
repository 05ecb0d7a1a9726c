import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ConfirmationDialog,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  MrkdwnElement,
  Overflow,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { truncate, withoutDirectionControls } from './text.ts';

/*
 * Small typed builders for the Block Kit Lifering uses. They clip text to Slack's limits so a
 * long name can never turn a message into an `invalid_blocks` error, and take out direction
 * controls, so a name or a title in a button, an option or a line cannot reverse what follows it.
 */

export const plain = (text: string, max = 3000): PlainTextElement => ({
  type: 'plain_text',
  text: truncate(withoutDirectionControls(text) || ' ', max),
  emoji: true,
});
export const mrkdwn = (text: string, max = 3000): MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncate(withoutDirectionControls(text) || ' ', max),
});

export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(text, 150) });
export const divider = (): DividerBlock => ({ type: 'divider' });

export function section(
  text: string,
  opts: { blockId?: string; accessory?: SectionBlock['accessory']; fields?: string[] } = {},
): SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(text),
    ...(opts.blockId ? { block_id: opts.blockId } : {}),
    ...(opts.accessory ? { accessory: opts.accessory } : {}),
    ...(opts.fields ? { fields: opts.fields.slice(0, 10).map((f) => mrkdwn(f, 2000)) } : {}),
  };
}

export const context = (...texts: string[]): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, 10).map((t) => mrkdwn(t)),
});

export const actions = (elements: ActionsBlockElement[], blockId?: string): ActionsBlock => ({
  type: 'actions',
  elements: elements.slice(0, 25),
  ...(blockId ? { block_id: blockId } : {}),
});

export function confirm(
  title: string,
  text: string,
  yes: string,
  no = 'Cancel',
  style?: 'danger' | 'primary',
): ConfirmationDialog {
  return {
    title: plain(title, 100),
    text: plain(text, 300),
    confirm: plain(yes, 30),
    deny: plain(no, 30),
    ...(style ? { style } : {}),
  };
}

export function button(
  text: string,
  actionId: string,
  value?: string,
  /** `label`: what screen readers say instead of `text`; needed when the text is only an icon or arrow. */
  opts: { style?: 'primary' | 'danger'; confirm?: ConfirmationDialog; url?: string; label?: string } = {},
): Button {
  return {
    type: 'button',
    text: plain(text, 75),
    ...(opts.label ? { accessibility_label: truncate(opts.label, 75) } : {}),
    action_id: actionId,
    ...(value !== undefined ? { value: value.slice(0, 2000) } : {}),
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.confirm ? { confirm: opts.confirm } : {}),
    ...(opts.url ? { url: opts.url } : {}),
  };
}

export const option = (text: string, value: string, description?: string): PlainTextOption => ({
  text: plain(text, 75),
  value: value.slice(0, 150),
  ...(description ? { description: plain(description, 75) } : {}),
});

/** An overflow menu: Slack wants 2 to 5 options. */
export const overflow = (actionId: string, options: PlainTextOption[]): Overflow => ({
  type: 'overflow',
  action_id: actionId,
  options: options.slice(0, 5),
});

export function input(
  blockId: string,
  label: string,
  element: InputBlockElement,
  opts: { optional?: boolean; hint?: string; dispatchAction?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element,
    ...(opts.optional ? { optional: true } : {}),
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
    ...(opts.dispatchAction ? { dispatch_action: true } : {}),
  };
}

export function modal(opts: {
  callbackId: string;
  title: string;
  blocks: KnownBlock[];
  submit?: string;
  close?: string;
  privateMetadata?: string;
  externalId?: string;
  notifyOnClose?: boolean;
}): ModalView {
  return {
    type: 'modal',
    callback_id: opts.callbackId,
    title: plain(opts.title, 24),
    blocks: opts.blocks,
    close: plain(opts.close ?? 'Cancel', 24),
    ...(opts.submit ? { submit: plain(opts.submit, 24) } : {}),
    ...(opts.privateMetadata !== undefined ? { private_metadata: opts.privateMetadata } : {}),
    ...(opts.externalId ? { external_id: opts.externalId } : {}),
    ...(opts.notifyOnClose ? { notify_on_close: true } : {}),
  };
}

/** An ephemeral reply or DM: `text` is the notification and screen-reader fallback. */
export interface Message {
  text: string;
  blocks?: KnownBlock[];
}

export const textMessage = (text: string): Message => ({ text, blocks: [section(text)] });

import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Message } from './blocks.ts';

export interface Posted {
  channel: string;
  ts: string;
}

/**
 * DMs a person from the app (its Messages tab). Posting to the user id opens the DM, so no
 * im:write scope is needed; the returned channel and ts let the message be updated later.
 */
export async function sendDm(client: WebClient, userId: string, message: Message): Promise<Posted> {
  const res = await client.chat.postMessage({
    channel: userId,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks as KnownBlock[] } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  return { channel: res.channel as string, ts: res.ts as string };
}

/** Replaces a message the app sent earlier (for example after Accept is clicked). */
export async function updateMessage(client: WebClient, where: Posted, message: Message): Promise<void> {
  await client.chat.update({
    channel: where.channel,
    ts: where.ts,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks as KnownBlock[] } : {}),
  });
}

/** Slack error codes that mean a DM will never reach this person, so retrying is pointless. */
export const UNREACHABLE_USER_ERRORS = new Set([
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'channel_not_found',
  'is_archived',
  'account_inactive',
  'messages_tab_disabled',
]);

export function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } } | null)?.data?.error;
}

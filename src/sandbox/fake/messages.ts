// Messages as the fake stores them: where a channel argument points, what content Slack
// accepts, and the `message` object Slack answers with.

import { checkMessage } from '../block-limits.ts';
import { failure } from './results.ts';
import { dmChannel, type FakeState } from './state.ts';
import type { JsonObject, MessageContent, Result, StoredMessage } from './types.ts';

/** The `message` object Slack returns for a stored message (also used in block_actions payloads). */
export function slackMessage(
  m: StoredMessage,
  ids: { botUserId: string; botId: string; appId: string; teamId: string },
): JsonObject {
  return {
    type: 'message',
    user: ids.botUserId,
    bot_id: ids.botId,
    app_id: ids.appId,
    team: ids.teamId,
    text: m.text,
    ts: m.ts,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.files ? { files: m.files } : {}),
    ...(m.history.length > 0 ? { edited: { user: ids.botUserId, ts: m.ts } } : {}),
  };
}

export const messageJson = (s: FakeState, m: StoredMessage): JsonObject => slackMessage(m, s);

/** Maps a channel argument to the conversation id Slack would report, or an error. */
export function resolveChannel(s: FakeState, channel: string): string | Result {
  if (/^[UW]/.test(channel)) {
    const user = s.userFor(channel);
    if (!user) return failure('channel_not_found');
    return user.deleted ? failure('is_archived') : dmChannel(channel);
  }
  if (channel.startsWith('D')) {
    const user = s.dmOwner(channel);
    if (!user) return failure('channel_not_found');
    return user.deleted ? failure('is_archived') : channel;
  }
  return /^[CG][A-Z0-9]+$/.test(channel) ? channel : failure('channel_not_found');
}

export function contentProblem(content: {
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
}): Result | undefined {
  const problem = checkMessage(content);
  return problem ? failure(problem.error, problem.messages) : undefined;
}

export function contentOf(args: JsonObject): MessageContent {
  const content: MessageContent = { text: typeof args.text === 'string' ? args.text : '' };
  if (Array.isArray(args.blocks)) content.blocks = args.blocks;
  if (Array.isArray(args.attachments)) content.attachments = args.attachments;
  return content;
}

export function storeMessage(
  s: FakeState,
  channel: string,
  content: MessageContent,
  extra: Partial<StoredMessage> = {},
): StoredMessage {
  const message: StoredMessage = {
    channel,
    ts: s.nextTs(),
    postedAt: s.now(),
    ...content,
    deleted: false,
    history: [],
    ...extra,
  };
  s.messages.push(message);
  return message;
}

export const findMessage = (s: FakeState, channel: string, ts: string): StoredMessage | undefined =>
  s.messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted && !m.ephemeralTo);

export function updateMessage(message: StoredMessage, args: JsonObject): void {
  message.history.push({ text: message.text, blocks: message.blocks, attachments: message.attachments });
  // Slack keeps blocks/attachments that chat.update leaves out.
  if (typeof args.text === 'string') message.text = args.text;
  if (Array.isArray(args.blocks)) message.blocks = args.blocks;
  if (Array.isArray(args.attachments)) message.attachments = args.attachments;
}

/** Messages in a channel (a user id means their DM), oldest first, deleted ones left out. */
export function messagesIn(s: FakeState, channel: string): StoredMessage[] {
  const id = /^[UW]/.test(channel) ? dmChannel(channel) : channel;
  return s.messages.filter((m) => m.channel === id && !m.deleted);
}

// chat.* and response_url: posting, editing and deleting messages.

import { randomBytes } from 'node:crypto';
import {
  contentOf,
  contentProblem,
  findMessage,
  messageJson,
  resolveChannel,
  storeMessage,
  updateMessage,
} from './messages.ts';
import { failure, firstMissing, missing, str } from './results.ts';
import type { FakeState } from './state.ts';
import type { JsonObject, MessageContent, Reply, ResponseUrlContext, Result, StoredMessage } from './types.ts';

export function chatPostMessage(s: FakeState, a: JsonObject): Result {
  const channel = str(a, 'channel');
  if (!channel) return missing('channel');
  const problem = contentProblem(a);
  if (problem) return problem;
  const resolved = resolveChannel(s, channel);
  if (typeof resolved !== 'string') return resolved;
  const threadTs = str(a, 'thread_ts');
  const m = storeMessage(s, resolved, contentOf(a), threadTs ? { thread_ts: threadTs } : {});
  return { ok: true, channel: resolved, ts: m.ts, message: messageJson(s, m) };
}

export function chatPostEphemeral(s: FakeState, a: JsonObject): Result {
  const absent = firstMissing(a, 'channel', 'user');
  if (absent) return absent;
  const problem = contentProblem(a);
  if (problem) return problem;
  const resolved = resolveChannel(s, String(a.channel));
  if (typeof resolved !== 'string') return resolved;
  const user = s.userFor(String(a.user));
  if (!user || user.deleted) return failure('user_not_in_channel');
  const m = storeMessage(s, resolved, contentOf(a), { ephemeralTo: user.id });
  return { ok: true, message_ts: m.ts };
}

export function chatUpdate(s: FakeState, a: JsonObject): Result {
  const absent = firstMissing(a, 'channel', 'ts');
  if (absent) return absent;
  const resolved = resolveChannel(s, String(a.channel));
  if (typeof resolved !== 'string') return resolved;
  const m = findMessage(s, resolved, String(a.ts));
  if (!m) return failure('message_not_found');
  const merged = {
    text: a.text ?? m.text,
    blocks: a.blocks ?? m.blocks,
    attachments: a.attachments ?? m.attachments,
  };
  const problem = contentProblem(merged);
  if (problem) return problem;
  updateMessage(m, a);
  return { ok: true, channel: resolved, ts: m.ts, text: m.text, message: messageJson(s, m) };
}

export function chatDelete(s: FakeState, a: JsonObject): Result {
  const absent = firstMissing(a, 'channel', 'ts');
  if (absent) return absent;
  const resolved = resolveChannel(s, String(a.channel));
  if (typeof resolved !== 'string') return resolved;
  const m = findMessage(s, resolved, String(a.ts));
  if (!m) return failure('message_not_found');
  m.deleted = true;
  return { ok: true, channel: resolved, ts: m.ts };
}

/** A response_url the fake handed out, for a test or the driver to put in a payload. */
export function issueResponseUrl(s: FakeState, context: ResponseUrlContext): string {
  const id = randomBytes(12).toString('hex');
  s.responseUrls.set(id, context);
  return `${s.origin}/respond/${id}`;
}

/** A post to a response_url: a reply, or a change to the message the URL came with. */
export function answerResponseUrl(s: FakeState, id: string, args: JsonObject): Reply {
  const context = s.responseUrls.get(id);
  if (!context) return { status: 404, body: failure('no_service') };
  // A response_url from an ephemeral message may replace or delete that message (for its owner only).
  const target =
    context.messageTs && context.channel
      ? s.messages.find(
          (m) =>
            m.channel === context.channel &&
            m.ts === context.messageTs &&
            !m.deleted &&
            (!m.ephemeralTo || m.ephemeralTo === context.userId),
        )
      : undefined;
  if (args.delete_original === true || args.delete_original === 'true') {
    if (target) target.deleted = true;
    return { status: 200, body: { ok: true } };
  }
  const problem = contentProblem(args);
  // Slack answers a bad response_url post with a non-2xx status, which makes Bolt's respond() throw.
  if (problem) return { status: 400, body: problem };
  if ((args.replace_original === true || args.replace_original === 'true') && target) updateMessage(target, args);
  else if (context.channel) {
    const inChannel = args.response_type === 'in_channel';
    storeMessage(
      s,
      context.channel,
      contentOf(args),
      inChannel || !context.userId ? {} : { ephemeralTo: context.userId },
    );
  }
  return { status: 200, body: { ok: true } };
}

/** What a Slack client shows when an ack itself carries a message: ephemeral to `userId` unless `inChannel`. */
export function showAckReply(
  s: FakeState,
  channel: string,
  userId: string,
  content: MessageContent,
  inChannel = false,
): StoredMessage {
  return storeMessage(s, channel, content, inChannel ? {} : { ephemeralTo: userId });
}

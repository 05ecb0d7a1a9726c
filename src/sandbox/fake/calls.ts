// The record of every call the fake answered, and the questions tests ask of it.

import { dmChannel, type FakeState } from './state.ts';
import type { JsonObject, RecordedCall, Reply } from './types.ts';

export function record(s: FakeState, method: string, args: JsonObject, token: string | undefined, reply: Reply): Reply {
  const response = typeof reply.body === 'string' ? { text: reply.body } : reply.body;
  s.calls.push({ method, args, token, status: reply.status, response, at: s.now() });
  return reply;
}

export const callsTo = (s: FakeState, method: string): RecordedCall[] => s.calls.filter((c) => c.method === method);

/** Successful chat.postMessage calls to the user or their DM channel, in order. */
export function dmsTo(s: FakeState, userId: string): RecordedCall[] {
  const dm = dmChannel(userId);
  return s.calls.filter(
    (c) =>
      c.method === 'chat.postMessage' && c.response.ok === true && (c.args.channel === userId || c.args.channel === dm),
  );
}

// conversations.open: direct messages and group DMs.

import { createHash } from 'node:crypto';
import { failure, str } from './results.ts';
import { dmChannel, type FakeState } from './state.ts';
import type { JsonObject, Result } from './types.ts';

export function conversationsOpen(s: FakeState, a: JsonObject): Result {
  const ids = (str(a, 'users') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) {
    const channel = str(a, 'channel');
    if (!channel) return failure('users_list_not_supplied');
    return s.dmOwner(channel) ? { ok: true, channel: { id: channel } } : failure('channel_not_found');
  }
  for (const id of ids) {
    const user = s.userFor(id);
    if (!user) return failure('user_not_found');
    if (user.deleted) return failure('user_disabled');
  }
  const [only] = ids;
  if (ids.length === 1 && only) {
    const id = dmChannel(only);
    const alreadyOpen = s.openedDms.has(id);
    s.openedDms.add(id);
    return alreadyOpen ? { ok: true, no_op: true, already_open: true, channel: { id } } : { ok: true, channel: { id } };
  }
  return { ok: true, channel: { id: groupDmId(ids) } };
}

/** The same people always get the same group DM, whatever order they are named in. */
function groupDmId(ids: string[]): string {
  return `G${createHash('sha1')
    .update([...ids].sort().join(','))
    .digest('hex')
    .slice(0, 10)
    .toUpperCase()}`;
}

import { type Deps, slot } from '../../deps.ts';
import type { Message } from '../../slack/blocks.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { VersionedCache } from '../../storage/versions.ts';
import { listMessage } from './views.ts';

/** Each person's rendered `/mentor list`, while their workspace's data version stands. */
const lists = slot(() => new VersionedCache<Message>('mentor_list', 2_000));

/** `/mentor list`: who I support and who supports me. */
export async function listMentorships(deps: Deps, ctx: CommandContext): Promise<void> {
  const { storage } = deps;
  const cache = deps.state.get(lists);
  // The busiest command reads the same until something in the workspace is written.
  const version = await storage.versions.get(ctx.teamId);
  const key = `${ctx.teamId}:${ctx.userId}`;
  let message = cache.get(key, version);
  if (!message) {
    const { supporting, supportedBy } = await storage.mentorships.listed(ctx.teamId, ctx.userId);
    const names = new Map(
      [
        ...supporting.map((m) => [m.menteeId, m.otherName] as const),
        ...supportedBy.map((m) => [m.supporterId, m.otherName] as const),
      ].flatMap(([id, name]) => (name ? [[id, `@${name}`] as const] : [])),
    );
    message = listMessage({ supporting, supportedBy, names });
    cache.set(key, version, message);
  }
  await ctx.reply(message);
}

import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { inlineText, user } from '../../slack/text.ts';
import type { Mentorship, Topic } from '../../storage/rows.ts';
import { pickOne, unknownTopicMessage } from './rules.ts';
import { chooseMentorship } from './views.ts';

/** Topic words name a topic; unknown or archived ones are refused with the list. */
export async function topicByName(
  deps: Deps,
  teamId: string,
  name: string,
  allowArchived: boolean,
): Promise<Topic | { error: string }> {
  const topic = await deps.storage.topics.findByName(teamId, name);
  if (topic && (allowArchived || !topic.archivedAt)) return topic;
  return { error: unknownTopicMessage(name, await deps.storage.topics.list(teamId), Boolean(topic)) };
}

/** The one open mentorship a command names, or undefined after telling the caller why not. */
export async function chooseOpen(
  deps: Deps,
  ctx: CommandContext,
  pair: { supporterId: string; menteeId: string },
  topicName: string,
  verb: 'end' | 'reassign',
): Promise<Mentorship | undefined> {
  const { supporterId, menteeId } = pair;
  let open = await deps.storage.mentorships.listOpenBetween(ctx.teamId, supporterId, menteeId);
  if (topicName.trim()) {
    const topic = await topicByName(deps, ctx.teamId, topicName, true);
    if ('error' in topic) {
      await ctx.reply(topic.error);
      return undefined;
    }
    open = open.filter((x) => x.topicId === topic.id);
  }
  const picked = pickOne(open);
  if ('one' in picked) return picked.one;
  if ('none' in picked) {
    await ctx.reply(
      `There is no open mentorship of ${user(menteeId)} by ${user(supporterId)}${topicName.trim() ? ` for *${inlineText(topicName.trim(), 100)}*` : ''}. \`/mentor list\` shows yours.`,
    );
  } else {
    await ctx.reply(chooseMentorship(picked.several, verb));
  }
  return undefined;
}

import type { Deps } from '../../deps.ts';
import { afterWords, type CommandContext } from '../../slack/command-router.ts';
import { splitTopicAndNote } from '../mentorships/rules.ts';
import { announceRequest, fileRequest } from './file.ts';
import { openRequestFormFor } from './form.ts';
import { closestTopics } from './rules.ts';
import { REQUEST_NOTE_MAX } from './values.ts';
import { didYouMeanMessage, requestSentText, requestUpdatedText } from './views.ts';

/**
 * `/mentor request [topic] [note]`: on its own, the request form; with words, files at once when
 * they start with a topic's name or name none at all, and asks "did you mean" when they start
 * with something close to a topic's name, filing nothing.
 */
export async function requestSupporter(deps: Deps, ctx: CommandContext): Promise<void> {
  if (ctx.args.length === 0) return openRequestFormFor(deps, ctx);
  const topics = await deps.storage.topics.list(ctx.teamId);
  const { topic, note } = splitTopicAndNote(ctx.args, topics, ctx.rest);
  if (!topic) {
    const close = closestTopics(ctx.args, topics);
    if (close.length > 0) {
      const notes = close.map((c) => afterWords(ctx.rest, c.words) || undefined);
      return ctx.reply(didYouMeanMessage(ctx.args.slice(0, close[0]!.words).join(' '), close, notes, ctx.rest.trim()));
    }
  }
  const filed = await fileRequest(deps, ctx.teamId, ctx.userId, {
    ...(topic ? { topicId: topic.id } : {}),
    ...(note ? { note: note.slice(0, REQUEST_NOTE_MAX) } : {}),
  });
  await ctx.reply(
    filed.created
      ? requestSentText(filed.request.topicName)
      : requestUpdatedText(filed.request, filed.changed, deps.now()),
  );
  await announceRequest(deps, ctx.teamId, filed);
}

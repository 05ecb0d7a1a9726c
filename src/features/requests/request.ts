import type { Deps } from '../../deps.ts';
import { participantProblem } from '../../people/checks.ts';
import { afterWords, type CommandContext } from '../../slack/command-router.ts';
import { parseMention } from '../../slack/mentions.ts';
import { inlineText } from '../../slack/text.ts';
import { splitTopicAndNote } from '../mentorships/rules.ts';
import { announceRequest, type FiledRequest, fileRequest } from './file.ts';
import { openRequestFormFor } from './form.ts';
import { closestTopics } from './rules.ts';
import { REQUEST_NOTE_MAX } from './values.ts';
import { didYouMeanMessage, requestSentText, requestUpdatedText, wantedSentText } from './views.ts';

/**
 * `/mentor request [@person] [topic] [note]`: on its own, the request form; with words, files at once when
 * they start with a topic's name or name none at all, and asks "did you mean" when they start
 * with something close to a topic's name, filing nothing.
 */
export async function requestSupporter(deps: Deps, ctx: CommandContext): Promise<void> {
  if (ctx.args.length === 0) return openRequestFormFor(deps, ctx);
  // `/mentor request @person [topic] [note]`: the supporter they would like, then the words as before.
  const wanted = parseMention(ctx.args[0]!);
  const args = wanted ? ctx.args.slice(1) : ctx.args;
  const rest = wanted ? afterWords(ctx.rest, 1) : ctx.rest;
  if (wanted) {
    const problem = await wantedProblem(deps, ctx, wanted);
    if (problem) return ctx.reply(problem);
  }
  const topics = await deps.storage.topics.list(ctx.teamId);
  const { topic, note } = splitTopicAndNote(args, topics, rest);
  if (!topic && args.length > 0) {
    const close = closestTopics(args, topics);
    if (close.length > 0 && !wanted) {
      const notes = close.map((c) => afterWords(rest, c.words) || undefined);
      return ctx.reply(didYouMeanMessage(args.slice(0, close[0]!.words).join(' '), close, notes, rest.trim()));
    }
  }
  const filed = await fileRequest(deps, ctx.teamId, ctx.userId, {
    ...(topic ? { topicId: topic.id } : {}),
    ...(note ? { note: note.slice(0, REQUEST_NOTE_MAX) } : {}),
    ...(wanted ? { wantedSupporterId: wanted } : {}),
  });
  await ctx.reply(await filedText(deps, filed));
  await announceRequest(deps, ctx.teamId, filed);
}

/** Why the named person cannot be asked for: themselves, a bot, someone gone. */
async function wantedProblem(deps: Deps, ctx: CommandContext, wanted: string): Promise<string | undefined> {
  if (wanted === ctx.userId)
    return 'You named yourself. Name the supporter you would like, like `/mentor request @sam Public speaking`.';
  return participantProblem(deps.people, ctx.teamId, wanted);
}

/** The answer to the person: filed, changed, or already asked; naming whom they asked for. */
async function filedText(deps: Deps, filed: FiledRequest): Promise<string> {
  const r = filed.request;
  if (!filed.created && !filed.named) return requestUpdatedText(r, filed.changed, deps.now());
  if (!r.wantedSupporterId) return requestSentText(r.topicName);
  const p = r.programmeId ? await deps.storage.programmes.get(r.teamId, r.programmeId) : undefined;
  const who = p && !p.isDefault ? `the managers of *${inlineText(p.name, 80)}*` : 'the Lifering admins';
  return wantedSentText(r.wantedSupporterId, r.topicName, who);
}

import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { inlineText, shortDate } from '../../slack/text.ts';
import { splitTopicAndNote } from '../mentorships/rules.ts';
import { notifyAdminsOfRequest } from './notify.ts';

/** `/mentor request [topic] [note]`: asks the admins for a supporter, once per topic. */
export async function requestSupporter(deps: Deps, ctx: CommandContext): Promise<void> {
  const { storage, now } = deps;
  const topics = await storage.topics.list(ctx.teamId);
  const { topic, note } = splitTopicAndNote(ctx.args, topics, ctx.rest);
  const { request, created } = await storage.supporterRequests.open(
    ctx.teamId,
    { requesterId: ctx.userId, topicId: topic?.id ?? null, note: note ? note.slice(0, 1000) : null },
    now(),
  );
  const what = topic ? ` for *${inlineText(topic.name)}*` : '';
  if (!created) {
    await ctx.reply(
      `You already asked for a supporter${what} on ${shortDate(request.createdAt, now())}; the admins have it${note ? ' and your note is updated' : ''}. You'll hear from Lifering when someone is assigned.`,
    );
    return;
  }
  await storage.audit.record({
    teamId: ctx.teamId,
    actorId: ctx.userId,
    action: 'supporter.requested',
    subjectType: 'supporter_request',
    subjectId: request.id,
    at: now(),
  });
  // Their Home says the request is with the admins, not "type /mentor request".
  deps.changes.changed(ctx.teamId, [ctx.userId]);
  const hint =
    !topic && topics.length
      ? ` To ask for one topic, start with its name, like \`/mentor request ${inlineText(topics[0]!.name)}\`.`
      : '';
  await ctx.reply(
    `Thanks: I've asked the Lifering admins to find you a supporter${what}. You'll get a message here when someone is assigned.${hint}`,
  );
  const told = await notifyAdminsOfRequest(deps, request, 'asked');
  if (told === 0) deps.logger.warn(`supporter request ${request.id}: no admin could be told`);
}

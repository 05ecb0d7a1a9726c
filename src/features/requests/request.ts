import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { inlineText, shortDate } from '../../slack/text.ts';
import type { Topic } from '../../storage/rows.ts';
import type { ActionArgs } from '../feature.ts';
import { splitTopicAndNote } from '../mentorships/rules.ts';
import { notifyAdminsOfRequest } from './notify.ts';

/**
 * Asks the admins for a supporter for `userId`, once per topic, and says what happened: stored
 * and the Home redrawn when it is new (`tellAdmins` then, once the person has their answer); the
 * one already open otherwise.
 */
async function fileSupporterRequest(
  deps: Deps,
  teamId: string,
  userId: string,
  topic: Topic | undefined,
  note: string | undefined,
): Promise<{ created: boolean; text: string; tellAdmins: () => Promise<void> }> {
  const { storage, now } = deps;
  const { request, created } = await storage.supporterRequests.open(
    teamId,
    { requesterId: userId, topicId: topic?.id ?? null, note: note ? note.slice(0, 1000) : null },
    now(),
  );
  const what = topic ? ` for *${inlineText(topic.name)}*` : '';
  if (!created) {
    return {
      created,
      tellAdmins: async () => undefined,
      text: `You already asked for a supporter${what} on ${shortDate(request.createdAt, now())}; the admins have it${note ? ' and your note is updated' : ''}. You'll hear from Lifering when someone is assigned.`,
    };
  }
  await storage.audit.record({
    teamId,
    actorId: userId,
    action: 'supporter.requested',
    subjectType: 'supporter_request',
    subjectId: request.id,
    at: now(),
  });
  // Their Home says the request is with the admins, not "type /mentor request".
  deps.changes.changed(teamId, [userId]);
  return {
    created,
    tellAdmins: async () => {
      const told = await notifyAdminsOfRequest(deps, request, 'asked');
      if (told === 0) deps.logger.warn(`supporter request ${request.id}: no admin could be told`);
    },
    text: `Thanks: I've asked the Lifering admins to find you a supporter${what}. You'll get a message here when someone is assigned.`,
  };
}

/** `/mentor request [topic] [note]`: asks the admins for a supporter, once per topic. */
export async function requestSupporter(deps: Deps, ctx: CommandContext): Promise<void> {
  const topics = await deps.storage.topics.list(ctx.teamId);
  const { topic, note } = splitTopicAndNote(ctx.args, topics, ctx.rest);
  const filed = await fileSupporterRequest(deps, ctx.teamId, ctx.userId, topic, note);
  const hint =
    filed.created && !topic && topics.length
      ? ` To ask for one topic, start with its name, like \`/mentor request ${inlineText(topics[0]!.name)}\`.`
      : '';
  await ctx.reply(`${filed.text}${hint}`);
  await filed.tellAdmins();
}

/** "Find me a supporter" (Home after an ending, the ending DM): what `/mentor request` does, from a button. */
export async function findSupporter(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  await args.ack();
  const filed = await fileSupporterRequest(deps, teamOf(args.body), args.body.user.id, undefined, undefined);
  await tellClicker(args, filed.text);
  await filed.tellAdmins();
}

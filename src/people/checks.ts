import type { PeopleService } from './service.ts';

/**
 * Why this user cannot take part in a mentorship, or undefined when they can. Throws when Slack
 * cannot say whether someone never seen exists: the caller answers "try again", not "not found".
 */
export async function participantProblem(
  people: PeopleService,
  teamId: string,
  userId: string,
): Promise<string | undefined> {
  const p = await people.profile(teamId, userId, { strict: true });
  // Permanent, so no "try again": Slack says the person is not here or cannot be seen from here.
  if (!p)
    return `I couldn't find <@${userId}> in this workspace. People from another organisation in a shared channel can't take part in this workspace's mentorships.`;
  if (p.isBot) return `<@${userId}> is a bot, and bots can't take part in mentorships.`;
  if (p.isDeleted) return `<@${userId}> has been deactivated in Slack.`;
  return undefined;
}

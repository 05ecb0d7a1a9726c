import type { Deps } from '../../deps.ts';
import { participantProblem } from '../../people/checks.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { user } from '../../slack/text.ts';

/** The person named after `add` or `remove`, or undefined once the admin was told how to name one. */
async function target(ctx: CommandContext, verb: 'add' | 'remove'): Promise<string | undefined> {
  const who = mentionOrHint(ctx.args[0], `/mentor admin ${verb} @sam`);
  if ('error' in who) {
    await ctx.reply(who.error);
    return undefined;
  }
  return who.userId;
}

/** `/mentor admin add @x`: grants Lifering admin, and tells them. */
export async function addAdmin(deps: Deps, ctx: CommandContext): Promise<void> {
  const { people, storage, now } = deps;
  const userId = await target(ctx, 'add');
  if (!userId) return;
  const problem = await participantProblem(people, ctx.teamId, userId);
  if (problem) return ctx.reply(problem);
  if (!(await storage.people.grantAdmin(ctx.teamId, userId, ctx.userId, now()))) {
    return ctx.reply(`${user(userId)} is already a Lifering admin; nothing changed.`);
  }
  await storage.audit.record({
    teamId: ctx.teamId,
    actorId: ctx.userId,
    action: 'admin.granted',
    subjectType: 'person',
    detail: { userId },
    at: now(),
  });
  await ctx.reply(
    `${user(userId)} is now a Lifering admin: they can assign supporters, manage topics and read the mentorships report.`,
  );
  deps.changes.changed(ctx.teamId, [userId]);
  await sendDm(deps.clientFor(ctx.teamId), userId, {
    text: `${user(ctx.userId)} made you a Lifering admin. Type \`/mentor help\` to see what you can do.`,
  }).catch((error: unknown) => deps.logger.warn(`could not tell ${userId} they are an admin`, error));
}

/** `/mentor admin remove @x`: removes a grant made with `add` (other ways of being an admin stay). */
export async function removeAdmin(deps: Deps, ctx: CommandContext): Promise<void> {
  const { people, storage, now } = deps;
  const userId = await target(ctx, 'remove');
  if (!userId) return;
  const removed = await storage.people.revokeAdmin(ctx.teamId, userId, now());
  const still = await people.isAdmin(ctx.teamId, userId);
  if (!removed) {
    return ctx.reply(
      still
        ? `${user(userId)} has no grant from \`/mentor admin add\` to remove: they are an admin through Lifering's settings (ask whoever runs it) or as a Slack workspace admin.`
        : `${user(userId)} is not a Lifering admin; nothing changed.`,
    );
  }
  await storage.audit.record({
    teamId: ctx.teamId,
    actorId: ctx.userId,
    action: 'admin.revoked',
    subjectType: 'person',
    detail: { userId },
    at: now(),
  });
  deps.changes.changed(ctx.teamId, [userId]);
  await ctx.reply(
    still
      ? `I removed ${user(userId)}'s grant, but they stay an admin through Lifering's settings (ask whoever runs it) or as a Slack workspace admin.`
      : `${user(userId)} is no longer a Lifering admin.`,
  );
}

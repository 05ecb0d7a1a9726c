import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { participantProblem } from '../../people/checks.ts';
import type { CommandContext, CommandRouter } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { user } from '../../slack/text.ts';
import type { Feature } from '../feature.ts';

/** `/mentor admin add|remove @user`: Lifering's own admin grants, next to ADMIN_USER_IDS and Slack's admins. */
export const admin: Feature = {
  name: 'admin',
  register(_app: App, deps: Deps, router: CommandRouter) {
    const { people, storage, now } = deps;

    async function target(ctx: CommandContext, verb: 'add' | 'remove'): Promise<string | undefined> {
      const who = mentionOrHint(ctx.args[0], `/mentor admin ${verb} @sam`);
      if ('error' in who) {
        await ctx.reply(who.error);
        return undefined;
      }
      return who.userId;
    }

    router.add({
      name: 'admin add',
      usage: 'admin add @person',
      summary: 'make someone a Lifering admin',
      performs: 'admins.manage',
      async run(ctx) {
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
      },
    });

    router.add({
      name: 'admin remove',
      usage: 'admin remove @person',
      summary: "remove someone's Lifering admin grant",
      performs: 'admins.manage',
      async run(ctx) {
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
      },
    });
  },
};

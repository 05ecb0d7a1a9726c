import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { personModal } from './oversight.ts';

/**
 * `/mentor admin person @x` with nothing after it: their page (the data requests, `export` and
 * `forget`, live in the personal-data feature, which shares the subcommand and calls this).
 */
export async function openPersonPage(deps: Deps, ctx: CommandContext, userId: string): Promise<void> {
  const { storage } = deps;
  await ctx.ack();
  const [supporting, supportedBy, asSupporter, asMentee, profile] = await Promise.all([
    storage.mentorships.listForSupporter(ctx.teamId, userId),
    storage.mentorships.listForMentee(ctx.teamId, userId),
    storage.mentorships.pastFor(ctx.teamId, userId, 'supporter', 20),
    storage.mentorships.pastFor(ctx.teamId, userId, 'mentee', 20),
    storage.profiles.get(ctx.teamId, userId),
  ]);
  const past = [...asSupporter, ...asMentee].sort((a, b) => b.closedAt.localeCompare(a.closedAt)).slice(0, 30);
  const view = personModal({
    userId,
    supporting,
    supportedBy,
    past,
    max: deps.config.maxMenteesPerSupporter,
    capacity: profile?.capacity ?? null,
    now: deps.now(),
  });
  await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view });
}

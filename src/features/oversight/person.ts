import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { personModal } from './oversight.ts';
import { inScope, scopeFor } from './scope.ts';

/**
 * `/mentor admin person @x` with nothing after it: their page (the data requests, `export` and
 * `forget`, live in the personal-data feature, which shares the subcommand and calls this).
 */
export async function openPersonPage(deps: Deps, ctx: CommandContext, userId: string): Promise<void> {
  const { storage } = deps;
  await ctx.ack();
  const scope = await scopeFor(deps, ctx.teamId, ctx.userId, 'oversight.browse');
  const [all, profile] = await Promise.all([
    mentorshipsOf(deps, ctx.teamId, userId),
    storage.profiles.get(ctx.teamId, userId),
  ]);
  // A programme's manager sees the person within their programmes only: the rest is another's to see.
  const { supporting, supportedBy, asSupporter, asMentee } =
    scope === 'all' ? all : await within(deps, ctx.teamId, all, scope);
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

type PersonsMentorships = Awaited<ReturnType<typeof mentorshipsOf>>;

async function mentorshipsOf(deps: Deps, teamId: string, userId: string) {
  const { storage } = deps;
  const [supporting, supportedBy, asSupporter, asMentee] = await Promise.all([
    storage.mentorships.listForSupporter(teamId, userId),
    storage.mentorships.listForMentee(teamId, userId),
    storage.mentorships.pastFor(teamId, userId, 'supporter', 20),
    storage.mentorships.pastFor(teamId, userId, 'mentee', 20),
  ]);
  return { supporting, supportedBy, asSupporter, asMentee };
}

/** Keeps the mentorships of the programmes in scope (a person has few, so they are sorted here). */
async function within(
  deps: Deps,
  teamId: string,
  all: PersonsMentorships,
  scope: readonly number[],
): Promise<PersonsMentorships> {
  const keep = async <M extends { programmeId?: number | null }>(ms: M[]) => {
    const inside = await Promise.all(ms.map((m) => inScope(deps, teamId, m, scope)));
    return ms.filter((_, i) => inside[i]);
  };
  return {
    supporting: await keep(all.supporting),
    supportedBy: await keep(all.supportedBy),
    asSupporter: await keep(all.asSupporter),
    asMentee: await keep(all.asMentee),
  };
}

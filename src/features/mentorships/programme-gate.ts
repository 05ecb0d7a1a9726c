import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { can } from '../../policy/policy.ts';
import { notYourProgramme } from '../oversight/scope.ts';

/**
 * The programme a new pair goes into when this person makes it, or why they can't. An admin
 * assigns in any programme (`chosen`, or as today the default one); a programme's manager only in
 * one they run: the one chosen, or theirs when they run exactly one.
 */
export async function assignProgramme(
  deps: Deps,
  teamId: string,
  actorId: string,
  chosen?: number,
): Promise<{ programmeId?: number } | { error: string }> {
  const actor = await actorOf(deps, teamId, actorId, 'mentorship.assign');
  if (actor.isAdmin) return chosen === undefined ? {} : { programmeId: chosen };
  const mine = actor.manages ?? [];
  if (chosen !== undefined)
    return can(actor, 'mentorship.assign', { teamId, programmeId: chosen })
      ? { programmeId: chosen }
      : { error: await notYourProgramme(deps, teamId, chosen) };
  if (mine.length === 1) return { programmeId: mine[0]! };
  if (mine.length === 0) return { error: await deps.people.whoCanAdminister(teamId) };
  const names = (await deps.storage.programmes.list(teamId)).filter((p) => mine.includes(p.id)).map((p) => p.name);
  return {
    error: `You manage ${names.map((n) => `*${n}*`).join(' and ')}: say which programme the pair is in, or ask a Lifering admin.`,
  };
}

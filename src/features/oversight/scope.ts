import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { type Action, administeredProgrammes } from '../../policy/policy.ts';
import type { ProgrammeScope } from '../../storage/programme-scope.ts';
import type { Programme } from '../../storage/programmes.ts';

/*
 * Which programmes an admin surface shows the person using it: every one to a workspace admin,
 * theirs to a programme's manager (the policy's `administeredProgrammes`). The surfaces pass it
 * to every storage read, so a manager never reads another programme's pairs.
 */

/** The programmes the person administers, for an admin surface performing `action`. */
export async function scopeFor(deps: Deps, teamId: string, userId: string, action: Action): Promise<ProgrammeScope> {
  return administeredProgrammes(await actorOf(deps, teamId, userId, action));
}

const names = (ps: Programme[]): string => ps.map((p) => `*${p.name}*`).join(', ');

/**
 * The scope of `/mentor admin report [programme]` and its kin: what the person administers, or
 * one programme of it when they name one. Naming one they do not run is refused with what they can name.
 */
export async function scopeNamed(
  deps: Deps,
  teamId: string,
  userId: string,
  action: Action,
  name: string,
): Promise<{ scope: ProgrammeScope; programme?: Programme } | { error: string }> {
  const scope = await scopeFor(deps, teamId, userId, action);
  if (name.trim() === '') return { scope };
  const all = await deps.storage.programmes.list(teamId);
  const mine = scope === 'all' ? all : all.filter((p) => scope.includes(p.id));
  const programme = await deps.storage.programmes.byName(teamId, name);
  if (!programme) return { error: `There is no programme called “${name.trim()}”. Yours: ${names(mine)}.` };
  if (scope !== 'all' && !scope.includes(programme.id))
    return {
      error: `You don't manage *${programme.name}*, so its pairs are not yours to see. Yours: ${names(mine)}.`,
    };
  return { scope: [programme.id], programme };
}

/**
 * The programme a mentorship belongs to, its workspace's default when it has none (written by the
 * previous release): the resource's `programmeId` for the policy.
 */
export async function programmeOf(
  deps: Deps,
  teamId: string,
  m: { programmeId?: number | null | undefined },
): Promise<number> {
  return m.programmeId ?? (await deps.storage.programmes.ensureDefault(teamId, deps.now())).id;
}

/** The refusal a manager gets for a pair of a programme they do not run. */
export async function notYourProgramme(deps: Deps, teamId: string, programmeId: number): Promise<string> {
  const p = await deps.storage.programmes.get(teamId, programmeId);
  return `That pair is in ${p ? `*${p.name}*` : 'another programme'}, which you don't manage: only its managers and Lifering admins can do that.`;
}

/**
 * What a report or export says about its scope: nothing for the whole workspace, else the
 * programmes it covers (and the one programme's id when it is one).
 */
export async function describeScope(
  deps: Deps,
  teamId: string,
  scope: ProgrammeScope,
  programme?: Programme,
): Promise<{ names: string[]; programmeId?: number } | undefined> {
  if (programme) return { names: [programme.name], programmeId: programme.id };
  if (scope === 'all') return undefined;
  const mine = (await deps.storage.programmes.list(teamId)).filter((p) => scope.includes(p.id));
  return { names: mine.map((p) => p.name), ...(mine.length === 1 ? { programmeId: mine[0]!.id } : {}) };
}

/** A programme id a button or modal carried, kept only while the person still administers it. */
export function narrowTo(scope: ProgrammeScope, carried: string | undefined): ProgrammeScope {
  const id = Number(carried);
  if (!carried || !Number.isInteger(id) || id <= 0) return scope;
  return scope === 'all' || scope.includes(id) ? [id] : scope;
}

/**
 * A mentorship with its programme resolved for the policy (`Resource.programmeId`) when the actor
 * manages a programme and is not an admin: nobody else's rights depend on it, so nobody else pays
 * for the lookup.
 */
export async function withProgramme<M extends { programmeId?: number | null | undefined }>(
  deps: Deps,
  teamId: string,
  m: M,
  actor: { isAdmin: boolean; manages?: readonly number[] },
): Promise<M> {
  if (actor.isAdmin || (actor.manages ?? []).length === 0 || typeof m.programmeId === 'number') return m;
  return { ...m, programmeId: await programmeOf(deps, teamId, m) };
}

/** True when the actor runs some programme but not as an admin: their refusals name the programme. */
export const managesSome = (actor: { isAdmin: boolean; manages?: readonly number[] }): boolean =>
  !actor.isAdmin && (actor.manages ?? []).length > 0;

/** True when a mentorship is of a programme in scope (NULL: the default programme). */
export async function inScope(
  deps: Deps,
  teamId: string,
  m: { programmeId?: number | null | undefined },
  scope: ProgrammeScope,
): Promise<boolean> {
  return scope === 'all' || scope.includes(await programmeOf(deps, teamId, m));
}

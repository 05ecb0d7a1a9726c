import type { Deps } from '../../deps.ts';
import type { Programme } from '../../storage/programmes.ts';
import { type ProgrammeTerms, programmeTerms } from './rules.ts';

/** A workspace's programmes, and the terms of the one a mentorship is in (null: the default programme). */
export interface WorkspaceProgrammes {
  all: readonly Programme[];
  byId(id: number | null | undefined): Programme;
  terms(id: number | null | undefined): ProgrammeTerms;
  /** The programme's name to show on a mentorship: only when the workspace has more than one. */
  nameOn(id: number | null | undefined): string | undefined;
}

export async function workspaceProgrammes(
  deps: Pick<Deps, 'storage' | 'config' | 'now'>,
  teamId: string,
): Promise<WorkspaceProgrammes> {
  const fallback = await deps.storage.programmes.ensureDefault(teamId, deps.now());
  const all = await deps.storage.programmes.list(teamId);
  const byId = (id: number | null | undefined) => (id ? all.find((p) => p.id === id) : undefined) ?? fallback;
  return {
    all,
    byId,
    terms: (id) => programmeTerms(byId(id), deps.config),
    nameOn: (id) => (all.length > 1 ? byId(id).name : undefined),
  };
}

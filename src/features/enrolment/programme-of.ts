import type { Deps } from '../../deps.ts';
import type { Programme } from '../../storage/programmes.ts';

/**
 * The programme a mentee's request for a supporter belongs to: the open programme they joined
 * last as a mentee, else the workspace's default (where everyone is who joined nothing).
 */
export async function menteeProgramme(deps: Deps, teamId: string, userId: string): Promise<Programme> {
  const joined = (await deps.storage.programmeMembers.ofPerson(teamId, userId))
    .filter((m) => m.role === 'mentee' && m.joinedAt !== null)
    .sort((a, b) => (b.joinedAt ?? '').localeCompare(a.joinedAt ?? ''));
  for (const m of joined) {
    const p = await deps.storage.programmes.get(teamId, m.programmeId);
    if (p && p.status === 'open' && !p.endedAt) return p;
  }
  return deps.storage.programmes.ensureDefault(teamId, deps.now());
}

/**
 * Who hears about what a programme's mentees ask for: its managers, or the workspace's admins for
 * the default programme and for one with no managers.
 */
export async function programmeRecipients(deps: Deps, teamId: string, programmeId: number | null): Promise<string[]> {
  const p = programmeId ? await deps.storage.programmes.get(teamId, programmeId) : undefined;
  if (p && !p.isDefault) {
    const managers = await deps.storage.programmes.managers(teamId, p.id);
    if (managers.length > 0) return managers;
  }
  return deps.people.adminIds(teamId);
}

import type { KnownBlock } from '@slack/types';
import type { Deps } from '../../deps.ts';
import { actions, button, divider, header, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText } from '../../slack/text.ts';
import type { ProgrammeCounts } from '../../storage/overview.ts';
import { openOversightValue } from '../oversight/values.ts';

/** A programme its manager runs, with what needs them there. */
export interface ManagedProgramme {
  name: string;
  counts: ProgrammeCounts;
}

/**
 * The programmes a manager (who is not a workspace admin) runs and their counts; undefined for
 * the many who run none, whose Home costs nothing more than the lookup kept per data version.
 */
export async function managedProgrammes(
  deps: Deps,
  teamId: string,
  manages: readonly number[],
  now: Date,
): Promise<ManagedProgramme[] | undefined> {
  if (manages.length === 0) return undefined;
  const [programmes, counts] = await Promise.all([
    deps.storage.programmes.list(teamId),
    deps.storage.overview.programmeCounts(teamId, manages, { now, intervalDays: deps.config.feedback.intervalDays }),
  ]);
  const names = new Map(programmes.map((p) => [p.id, p.name]));
  return counts.filter((c) => names.has(c.programmeId)).map((c) => ({ name: names.get(c.programmeId)!, counts: c }));
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** One programme's line: only what is there to see, as the admin section does. */
function needs(c: ProgrammeCounts): string {
  const parts = [
    c.help > 0 && `:ring_buoy: ${plural(c.help, 'open help request', 'open help requests')}`,
    c.overdue > 0 && `:alarm_clock: ${plural(c.overdue, 'overdue report', 'overdue reports')}`,
    c.pending > 0 && `:hourglass_flowing_sand: ${plural(c.pending, 'assignment', 'assignments')} not answered yet`,
  ].filter((p): p is string => typeof p === 'string');
  return parts.length ? parts.join(' · ') : 'Nothing needs you right now.';
}

/** On top of a manager's Home: their programmes, what needs them in each, and the ways in. */
export function managerHomeSection(programmes: ManagedProgramme[]): KnownBlock[] {
  return [
    header(programmes.length === 1 ? 'Your programme' : 'Your programmes'),
    ...programmes.map((p) => section(`*${inlineText(p.name)}*\n${needs(p.counts)}`)),
    actions([
      button('Assign a supporter', ACTIONS.openAssignModal, undefined, { style: 'primary' }),
      button('Every mentorship', ACTIONS.openOversight, openOversightValue({ state: 'all' })),
      button('Mentorships report', ACTIONS.openMentorshipsReport),
      button('Export CSV', ACTIONS.exportCsv),
    ]),
    divider(),
  ];
}

import type { Db } from '../db.ts';
import { inProgrammes, programmeOfSql } from '../programme-scope.ts';
import { num } from './listing.ts';
import { cutoffs, type ReportOptions } from './urgent-lists.ts';

/** What needs a programme's managers, counted for their Home. */
export interface ProgrammeCounts {
  programmeId: number;
  /** Active pairs whose meeting report is overdue. */
  overdue: number;
  /** Open calls for help from the programme's mentees. */
  help: number;
  /** Assignments the supporter has not answered yet. */
  pending: number;
}

const byProgramme = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [num(r.programme_id), num(r.n)]));

/**
 * Each of these programmes' counts, grouped in SQL: a manager runs a handful of programmes, and
 * only a manager's Home reads this (an admin's reads the workspace's counters).
 */
export async function programmeCounts(
  db: Db,
  teamId: string,
  programmeIds: readonly number[],
  o: Pick<ReportOptions, 'now' | 'intervalDays'>,
): Promise<ProgrammeCounts[]> {
  if (programmeIds.length === 0) return [];
  const pairs = () => inProgrammes(db, db('mentorships as m').where('m.team_id', teamId), programmeIds);
  const grouped = (q: ReturnType<typeof pairs>) =>
    q
      .select(db.raw(`${programmeOfSql()} as programme_id`))
      .count({ n: '*' })
      .groupByRaw(programmeOfSql());
  const cut = cutoffs({ ...o, maxMenteesPerSupporter: 0, limit: 0 });
  const [overdue, pending, help] = (await Promise.all([
    grouped(
      pairs().where('m.status', 'active').whereNotNull('m.feedback_from').where('m.feedback_from', '<', cut.overdue),
    ),
    grouped(pairs().where('m.status', 'pending')),
    pairs()
      .whereIn('m.status', ['pending', 'active'])
      .join('assistance_requests as ar', (j) => j.on('ar.team_id', 'm.team_id').andOn('ar.mentee_id', 'm.mentee_id'))
      .whereNull('ar.resolved_at')
      .select(db.raw(`${programmeOfSql()} as programme_id`))
      .countDistinct({ n: 'ar.id' })
      .groupByRaw(programmeOfSql()),
  ])) as Record<string, unknown>[][];
  const [o1, p1, h1] = [byProgramme(overdue!), byProgramme(pending!), byProgramme(help!)];
  return programmeIds.map((id) => ({
    programmeId: id,
    overdue: o1.get(id) ?? 0,
    help: h1.get(id) ?? 0,
    pending: p1.get(id) ?? 0,
  }));
}

import type { Db } from './db.ts';

/**
 * SQL for the programme a mentorship (alias `m`) belongs to: its own, or its workspace's default
 * programme when it has none (written by an instance of the previous release during a rolling deploy).
 */
export const programmeOfSql = (alias = 'm'): string =>
  `COALESCE(${alias}.programme_id, (SELECT d.id FROM programmes d WHERE d.team_id = ${alias}.team_id AND d.is_default = true))`;

/** SQL for the meeting-report rhythm of mentorship `m`'s programme (NULL: it follows FEEDBACK_INTERVAL_DAYS). */
export const reportEveryDaysSql = (alias = 'm'): string =>
  `(SELECT p.report_every_days FROM programmes p WHERE p.id = ${programmeOfSql(alias)})`;

/** SQL for the name of mentorship `m`'s programme, only when its workspace runs more than one (else NULL). */
export const programmeNameSql = (alias = 'm'): string =>
  `CASE WHEN (SELECT COUNT(*) FROM programmes pc WHERE pc.team_id = ${alias}.team_id) > 1
     THEN (SELECT pn.name FROM programmes pn WHERE pn.id = ${programmeOfSql(alias)}) END`;

export interface ProgrammeCounts {
  active: number;
  pending: number;
}

/** What the programme surfaces read about the pairs in each programme, and who agreed to what. */
export class ProgrammePairsStore {
  constructor(private readonly db: Db) {}

  /** Active and pending pairs per programme id. */
  async counts(teamId: string): Promise<Map<number, ProgrammeCounts>> {
    const rows = await this.db('mentorships as m')
      .where('m.team_id', teamId)
      .whereIn('m.status', ['active', 'pending'])
      .select(this.db.raw(`${programmeOfSql()} AS programme_id`), 'm.status')
      .count({ n: '*' })
      .groupByRaw(`${programmeOfSql()}, m.status`);
    const counts = new Map<number, ProgrammeCounts>();
    for (const r of rows as Record<string, unknown>[]) {
      const id = Number(r.programme_id);
      const c = counts.get(id) ?? { active: 0, pending: 0 };
      c[r.status as 'active' | 'pending'] = Number(r.n);
      counts.set(id, c);
    }
    return counts;
  }

  /** The people actively supporting someone in this programme. */
  async activeSupporters(teamId: string, programmeId: number): Promise<string[]> {
    const rows = await this.db('mentorships as m')
      .where({ 'm.team_id': teamId, 'm.status': 'active' })
      .whereRaw(`${programmeOfSql()} = ?`, [programmeId])
      .distinct('m.supporter_id')
      .orderBy('m.supporter_id');
    return rows.map((r) => r.supporter_id as string);
  }

  /** Active supporters of the programme who have not agreed to `version` of its agreement. */
  async notAgreed(teamId: string, programmeId: number, version: number): Promise<string[]> {
    const rows = await this.db('mentorships as m')
      .where({ 'm.team_id': teamId, 'm.status': 'active' })
      .whereRaw(`${programmeOfSql()} = ?`, [programmeId])
      .whereNotExists(
        this.db('programme_agreed as a')
          .whereRaw('a.programme_id = ? AND a.supporter_id = m.supporter_id AND a.version = ?', [programmeId, version])
          .select(this.db.raw('1')),
      )
      .distinct('m.supporter_id')
      .orderBy('m.supporter_id');
    return rows.map((r) => r.supporter_id as string);
  }

  /** The programmes (with an agreement) a supporter agreed to, newest version each: what Home offers to reread. */
  async agreedProgrammes(teamId: string, supporterId: string): Promise<{ programmeId: number; version: number }[]> {
    const rows = await this.db('programme_agreed')
      .where({ team_id: teamId, supporter_id: supporterId })
      .groupBy('programme_id')
      .select('programme_id')
      .max({ version: 'version' })
      .orderBy('programme_id');
    return (rows as Record<string, unknown>[]).map((r) => ({
      programmeId: Number(r.programme_id),
      version: Number(r.version),
    }));
  }

  /**
   * The shortest meeting-report rhythm any programme anywhere has, or undefined when all follow
   * the setting: the sweep's SQL cutoffs widen to it, and each pair's own rhythm decides exactly.
   */
  async shortestRhythm(): Promise<number | undefined> {
    const row = await this.db('programmes').min({ d: 'report_every_days' }).first();
    return row?.d == null ? undefined : Number(row.d);
  }

  /** How many programmes the workspace has: the programme's name shows on a mentorship only past one. */
  async countIn(teamId: string): Promise<number> {
    const row = await this.db('programmes').where({ team_id: teamId }).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }
}

/** A programme with its own meeting-report rhythm (the others follow FEEDBACK_INTERVAL_DAYS). */
export interface ProgrammeRhythm {
  programmeId: number;
  days: number;
}

/** The workspace's programmes that set their own rhythm: none while every one follows the setting. */
export async function rhythmsOf(db: Db, teamId: string): Promise<ProgrammeRhythm[]> {
  const rows = await db('programmes')
    .where({ team_id: teamId })
    .whereNotNull('report_every_days')
    .select('id', 'report_every_days')
    .orderBy('id');
  return rows.map((r) => ({ programmeId: Number(r.id), days: Number(r.report_every_days) }));
}

/**
 * "The report of mentorship `m` is overdue": its feedback day is before today less its
 * programme's rhythm. With no programme of its own rhythm this is the plain indexed comparison;
 * otherwise each such programme's cutoff is named in a CASE (both engines compare the ISO text).
 */
export function overdueBeforeSql(
  today: string,
  defaultDays: number,
  rhythms: readonly ProgrammeRhythm[],
  addDays: (day: string, n: number) => string,
  alias = 'm',
): { sql: string; bindings: string[] | number[] } {
  const fallback = addDays(today, -defaultDays);
  if (rhythms.length === 0) return { sql: `${alias}.feedback_from < ?`, bindings: [fallback] };
  const whens = rhythms.map(() => 'WHEN ? THEN ?').join(' ');
  const bindings: (string | number)[] = [];
  for (const r of rhythms) bindings.push(r.programmeId, addDays(today, -r.days));
  bindings.push(fallback);
  return {
    sql: `${alias}.feedback_from < CASE ${programmeOfSql(alias)} ${whens} ELSE ? END`,
    bindings: bindings as string[],
  };
}

import type { Knex } from 'knex';
import { type Db, isPostgres } from './db.ts';
import { inProgrammes, type ProgrammeScope } from './programme-scope.ts';
import { insertedId } from './rows.ts';

export interface AuditEntry {
  teamId: string;
  actorId: string;
  action: string;
  subjectType?: string;
  subjectId?: number;
  detail?: Record<string, unknown>;
  at: Date;
}

const auditRow = (entry: AuditEntry) => ({
  team_id: entry.teamId,
  actor_id: entry.actorId,
  action: entry.action,
  subject_type: entry.subjectType ?? null,
  subject_id: entry.subjectId ?? null,
  detail: entry.detail ? JSON.stringify(entry.detail) : null,
  created_at: entry.at.toISOString(),
});

/** Who did what, when: every change a person makes is written here. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  /** Inside `trx` when given, so the entry lands with the change it describes. */
  async record(entry: AuditEntry, trx: Knex = this.db): Promise<void> {
    await trx('audit_events').insert(auditRow(entry));
  }
  /**
   * Records `entry` unless the same action on the same subject was recorded at or after `since`,
   * and then returns that earlier entry instead: a limit such as one nudge a pair a day. Checked
   * and written one at a time per subject (an advisory lock on PostgreSQL; SQLite's one connection
   * serialises transactions already), so two clicks at once record one entry between them.
   */
  async recordUnlessSince(
    entry: AuditEntry & { subjectType: string; subjectId: number },
    since: Date,
  ): Promise<{ recorded: true; id: number } | { recorded: false; actorId: string; at: string }> {
    return this.db.transaction(async (trx) => {
      if (isPostgres(trx))
        await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
          `audit:${entry.teamId}:${entry.action}:${entry.subjectType}:${entry.subjectId}`,
        ]);
      const last = await trx('audit_events')
        .where({
          team_id: entry.teamId,
          action: entry.action,
          subject_type: entry.subjectType,
          subject_id: entry.subjectId,
        })
        .where('created_at', '>=', since.toISOString())
        .orderBy('created_at', 'desc')
        .first('actor_id', 'created_at');
      if (last) return { recorded: false as const, actorId: last.actor_id as string, at: last.created_at as string };
      const [row] = await trx('audit_events').insert(auditRow(entry)).returning('id');
      return { recorded: true as const, id: insertedId(row) };
    });
  }

  /** Takes back an entry recorded by `recordUnlessSince` whose action then did not happen. */
  async withdraw(teamId: string, id: number): Promise<void> {
    await this.db('audit_events').where({ team_id: teamId, id }).delete();
  }

  /**
   * The log's entries a reader may see, as `a`: all of them, or for a programme's manager those
   * about their programmes' pairs and about the programmes themselves (not grants or exports).
   */
  private scoped(teamId: string, scope: ProgrammeScope) {
    const q = this.db('audit_events as a').where('a.team_id', teamId);
    if (scope === 'all') return q;
    const pairs = this.db('mentorships as m')
      .select(this.db.raw('1'))
      .whereRaw('m.team_id = a.team_id AND m.id = a.subject_id');
    return q.where((w) =>
      w
        .where((x) => x.where('a.subject_type', 'mentorship').whereExists(inProgrammes(this.db, pairs, scope)))
        .orWhere((x) => x.where('a.subject_type', 'programme').whereIn('a.subject_id', [...scope])),
    );
  }

  /** One page of the log (what the reader's scope lets through), newest first, entries with an id below `beforeId` (for paging and the CSV). */
  async page(teamId: string, beforeId: number | null, limit: number, scope: ProgrammeScope = 'all') {
    const q = this.scoped(teamId, scope).select('a.*').orderBy('a.id', 'desc').limit(limit);
    if (beforeId !== null) q.where('a.id', '<', beforeId);
    const rows = await q;
    return rows.map((r) => ({
      id: Number(r.id),
      actorId: r.actor_id as string,
      action: r.action as string,
      subjectType: (r.subject_type as string | null) ?? null,
      subjectId: r.subject_id == null ? null : Number(r.subject_id),
      detail: r.detail ? (JSON.parse(r.detail as string) as Record<string, unknown>) : null,
      at: r.created_at as string,
    }));
  }

  async count(teamId: string, scope: ProgrammeScope = 'all'): Promise<number> {
    const row = (await this.scoped(teamId, scope).count({ n: '*' }).first()) as { n?: unknown } | undefined;
    return Number(row?.n ?? 0);
  }

  async list(teamId: string, limit = 100) {
    const rows = await this.db('audit_events').where({ team_id: teamId }).orderBy('id', 'desc').limit(limit);
    return rows.map((r) => ({
      actorId: r.actor_id as string,
      action: r.action as string,
      subjectType: r.subject_type as string | null,
      subjectId: r.subject_id as number | null,
      detail: r.detail ? (JSON.parse(r.detail as string) as Record<string, unknown>) : null,
      at: r.created_at as string,
    }));
  }
}

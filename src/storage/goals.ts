import type { Db } from './db.ts';
import { isUniqueViolation } from './errors.ts';

export type GoalStatus = 'open' | 'done' | 'dropped';

export interface Goal {
  id: number;
  teamId: string;
  menteeId: string;
  title: string;
  detail: string | null;
  targetDate: string | null;
  status: GoalStatus;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface GoalFields {
  title: string;
  detail: string | null;
  targetDate: string | null;
}

const toGoal = (r: Record<string, unknown>): Goal => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  menteeId: r.mentee_id as string,
  title: r.title as string,
  detail: (r.detail as string | null) ?? null,
  targetDate: (r.target_date as string | null) ?? null,
  status: r.status as GoalStatus,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  closedAt: (r.closed_at as string | null) ?? null,
});

/** A mentee's goals. Only open goals change; done and dropped ones stay as history. */
export class GoalsStore {
  constructor(private readonly db: Db) {}

  /** Stores once per `submissionKey`: a redelivered submission returns the goal it already made. */
  async create(
    teamId: string,
    menteeId: string,
    g: GoalFields,
    now: Date,
    submissionKey?: string,
  ): Promise<{ goal: Goal; created: boolean }> {
    const at = now.toISOString();
    try {
      const [row] = await this.db('goals')
        .insert({
          team_id: teamId,
          mentee_id: menteeId,
          title: g.title,
          detail: g.detail,
          target_date: g.targetDate,
          status: 'open',
          created_at: at,
          updated_at: at,
          submission_key: submissionKey ?? null,
        })
        .returning('*');
      return { goal: toGoal(row), created: true };
    } catch (error) {
      if (submissionKey && isUniqueViolation(error)) {
        const row = await this.db('goals').where({ team_id: teamId, submission_key: submissionKey }).first();
        return { goal: toGoal(row), created: false };
      }
      throw error;
    }
  }

  async get(teamId: string, id: number): Promise<Goal | undefined> {
    const row = await this.db('goals').where({ team_id: teamId, id }).first();
    return row ? toGoal(row) : undefined;
  }

  /** Edits an open goal; undefined when it is gone or no longer open. */
  async update(teamId: string, id: number, g: GoalFields, now: Date): Promise<Goal | undefined> {
    const changed = await this.db('goals')
      .where({ team_id: teamId, id, status: 'open' })
      .update({ title: g.title, detail: g.detail, target_date: g.targetDate, updated_at: now.toISOString() });
    return changed ? this.get(teamId, id) : undefined;
  }

  /** Marks an open goal done or dropped, once: a double click changes nothing the second time. */
  async close(teamId: string, id: number, to: 'done' | 'dropped', now: Date): Promise<Goal | undefined> {
    const at = now.toISOString();
    const changed = await this.db('goals')
      .where({ team_id: teamId, id, status: 'open' })
      .update({ status: to, closed_at: at, updated_at: at });
    return changed ? this.get(teamId, id) : undefined;
  }

  async listForMentee(teamId: string, menteeId: string, statuses: readonly GoalStatus[] = ['open']): Promise<Goal[]> {
    const rows = await this.db('goals')
      .where({ team_id: teamId, mentee_id: menteeId })
      .whereIn('status', statuses)
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map(toGoal);
  }

  async countForMentee(teamId: string, menteeId: string, status: GoalStatus): Promise<number> {
    const row = await this.db('goals')
      .where({ team_id: teamId, mentee_id: menteeId, status })
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }
}

import type { Db } from './db.ts';
import { isUniqueViolation } from './errors.ts';

export interface Task {
  id: number;
  teamId: string;
  menteeId: string;
  goalId: number | null;
  title: string;
  dueDate: string | null;
  doneAt: string | null;
  droppedAt: string | null;
  /** The supporter who suggested it; null when the mentee added it. */
  suggestedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TaskFields {
  title: string;
  goalId: number | null;
  dueDate: string | null;
}

const toTask = (r: Record<string, unknown>): Task => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  menteeId: r.mentee_id as string,
  goalId: r.goal_id == null ? null : Number(r.goal_id),
  title: r.title as string,
  dueDate: (r.due_date as string | null) ?? null,
  doneAt: (r.done_at as string | null) ?? null,
  droppedAt: (r.dropped_at as string | null) ?? null,
  suggestedBy: (r.suggested_by as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

/** The workspace's tasks neither done nor dropped. */
const open = (db: Db, teamId: string) =>
  db('tasks').where({ team_id: teamId }).whereNull('done_at').whereNull('dropped_at');

/** A mentee's tasks, their own or suggested by a supporter. Only open tasks change. */
export class TasksStore {
  constructor(private readonly db: Db) {}

  async create(
    teamId: string,
    menteeId: string,
    t: TaskFields & { suggestedBy: string | null },
    now: Date,
    submissionKey?: string,
  ): Promise<{ task: Task; created: boolean }> {
    const at = now.toISOString();
    try {
      const [row] = await this.db('tasks')
        .insert({
          team_id: teamId,
          mentee_id: menteeId,
          goal_id: t.goalId,
          title: t.title,
          due_date: t.dueDate,
          suggested_by: t.suggestedBy,
          created_at: at,
          updated_at: at,
          submission_key: submissionKey ?? null,
        })
        .returning('*');
      return { task: toTask(row), created: true };
    } catch (error) {
      if (submissionKey && isUniqueViolation(error)) {
        const row = await this.db('tasks').where({ team_id: teamId, submission_key: submissionKey }).first();
        return { task: toTask(row), created: false };
      }
      throw error;
    }
  }

  async get(teamId: string, id: number): Promise<Task | undefined> {
    const row = await this.db('tasks').where({ team_id: teamId, id }).first();
    return row ? toTask(row) : undefined;
  }

  async update(teamId: string, id: number, t: TaskFields, now: Date): Promise<Task | undefined> {
    const changed = await open(this.db, teamId)
      .where({ id })
      .update({ title: t.title, goal_id: t.goalId, due_date: t.dueDate, updated_at: now.toISOString() });
    return changed ? this.get(teamId, id) : undefined;
  }

  /** Marks an open task done or dropped, once. */
  async close(teamId: string, id: number, to: 'done' | 'dropped', now: Date): Promise<Task | undefined> {
    const at = now.toISOString();
    const changed = await open(this.db, teamId)
      .where({ id })
      .update({ [to === 'done' ? 'done_at' : 'dropped_at']: at, updated_at: at });
    return changed ? this.get(teamId, id) : undefined;
  }

  async listOpenForMentee(teamId: string, menteeId: string): Promise<Task[]> {
    const rows = await open(this.db, teamId)
      .where({ mentee_id: menteeId })
      .orderByRaw('CASE WHEN due_date IS NULL THEN 1 ELSE 0 END')
      .orderBy([{ column: 'due_date' }, { column: 'id' }]);
    return rows.map(toTask);
  }

  async countDoneForMentee(teamId: string, menteeId: string): Promise<number> {
    const row = await this.db('tasks')
      .where({ team_id: teamId, mentee_id: menteeId })
      .whereNotNull('done_at')
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }
}

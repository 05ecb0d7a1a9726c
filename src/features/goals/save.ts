import type { Deps } from '../../deps.ts';
import { sendDm } from '../../slack/dm.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedDate, selectedValue, textOf } from '../../slack/view-state.ts';
import type { Task } from '../../storage/tasks.ts';
import type { ViewArgs } from '../feature.ts';
import { afterChange, suggesterRole, today } from './access.ts';
import {
  GOAL_BLOCKS,
  GONE,
  goalChoice,
  goalErrors,
  NOT_YOURS,
  SUGGEST_REFUSAL,
  TASK_BLOCKS,
  taskErrors,
} from './rules.ts';
import { EditMeta } from './values.ts';
import { suggestedTaskDm } from './views.ts';

type GoalFields = { title: string; detail: string | null; targetDate: string | null };
type TaskFields = { title: string; goalId: number | null; dueDate: string | null };

/** The goal form: adds a goal, or saves an edit of one, on the mentee's own page. */
export async function saveGoal(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const { storage } = deps;
  const meta = readValue(EditMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const teamId = teamOf(body);
  const me = body.user.id;
  const v = view.state.values;
  const fields = {
    title: textOf(v, GOAL_BLOCKS.title),
    detail: textOf(v, GOAL_BLOCKS.detail),
    targetDate: selectedDate(v, GOAL_BLOCKS.target),
  };
  const errors = goalErrors({ ...fields, previousDate: meta.previousDate, today: today(deps) });
  const existing = meta.id ? await storage.goals.get(teamId, meta.id) : undefined;
  if (meta.menteeId !== me || (meta.id && existing?.menteeId !== me)) errors[GOAL_BLOCKS.title] = NOT_YOURS;
  else if (meta.id && existing?.status !== 'open') errors[GOAL_BLOCKS.title] = GONE;
  if (Object.keys(errors).length) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  // Saved before the ack, so a save that fails keeps the form open with what was typed.
  const g = { title: fields.title!, detail: fields.detail ?? null, targetDate: fields.targetDate ?? null };
  await storeGoal(deps, teamId, me, meta.id, g, `${view.id}:${view.hash}`);
  await ack();
  await afterChange(deps, teamId, me, me, meta.progressViewId);
}

/** Updates goal `id`, or creates one once per form submission (`key`), with its audit entry. */
async function storeGoal(
  deps: Deps,
  teamId: string,
  me: string,
  id: number | undefined,
  g: GoalFields,
  key: string,
): Promise<void> {
  const { storage } = deps;
  const now = deps.now();
  if (id) {
    const updated = await storage.goals.update(teamId, id, g, now);
    if (updated)
      await storage.audit.record({
        teamId,
        actorId: me,
        action: 'goal.update',
        subjectType: 'goal',
        subjectId: updated.id,
        detail: g,
        at: now,
      });
    return;
  }
  const { goal, created } = await storage.goals.create(teamId, me, g, now, key);
  if (created)
    await storage.audit.record({
      teamId,
      actorId: me,
      action: 'goal.create',
      subjectType: 'goal',
      subjectId: goal.id,
      detail: g,
      at: now,
    });
}

/** The task form: adds a task, saves an edit of one, or (from a supporter or admin) suggests one. */
export async function saveTask(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const { storage } = deps;
  const meta = readValue(EditMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const teamId = teamOf(body);
  const me = body.user.id;
  const v = view.state.values;
  const goalId = goalChoice(selectedValue(v, TASK_BLOCKS.goal));
  const menteeId = meta.menteeId;
  const goal = goalId ? await storage.goals.get(teamId, goalId) : undefined;
  const goalOk = goalId === null || (goal?.menteeId === menteeId && goal.status === 'open');
  const fields = { title: textOf(v, TASK_BLOCKS.title), dueDate: selectedDate(v, TASK_BLOCKS.due) };
  const errors = taskErrors({ ...fields, previousDate: meta.previousDate, today: today(deps), goalOk });
  const role = await suggesterRole(deps, teamId, me, menteeId);
  const existing = meta.id ? await storage.tasks.get(teamId, meta.id) : undefined;
  if (!role || (meta.id && (role !== 'mentee' || existing?.menteeId !== me)))
    errors[TASK_BLOCKS.title] = meta.id ? NOT_YOURS : SUGGEST_REFUSAL;
  else if (meta.id && (existing?.doneAt || existing?.droppedAt)) errors[TASK_BLOCKS.title] = GONE;
  if (Object.keys(errors).length) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  // Saved before the ack, so a save that fails keeps the form open with what was typed.
  const t = { title: fields.title!, goalId, dueDate: fields.dueDate ?? null };
  const suggestedBy = role === 'suggester' ? me : null;
  const suggested = await storeTask(
    deps,
    teamId,
    me,
    { menteeId, id: meta.id, suggestedBy },
    t,
    `${view.id}:${view.hash}`,
  );
  await ack();
  if (suggested) {
    await sendDm(deps.clientFor(teamId), menteeId, suggestedTaskDm(suggested)).catch((error: unknown) =>
      deps.logger.warn(`could not tell ${menteeId} about suggested task ${suggested.id}`, error),
    );
  }
  await afterChange(deps, teamId, me, menteeId, meta.progressViewId);
}

/**
 * Updates task `id`, or creates one once per form submission (`key`), with its audit entry.
 * Returns the task when this submission created a suggestion, for the DM to the mentee.
 */
async function storeTask(
  deps: Deps,
  teamId: string,
  me: string,
  on: { menteeId: string; id: number | undefined; suggestedBy: string | null },
  t: TaskFields,
  key: string,
): Promise<Task | undefined> {
  const { storage } = deps;
  const now = deps.now();
  if (on.id) {
    const updated = await storage.tasks.update(teamId, on.id, t, now);
    if (updated)
      await storage.audit.record({
        teamId,
        actorId: me,
        action: 'task.update',
        subjectType: 'task',
        subjectId: updated.id,
        detail: t,
        at: now,
      });
    return undefined;
  }
  const { menteeId, suggestedBy } = on;
  const { task, created } = await storage.tasks.create(teamId, menteeId, { ...t, suggestedBy }, now, key);
  if (!created) return undefined;
  await storage.audit.record({
    teamId,
    actorId: me,
    action: suggestedBy ? 'task.suggest' : 'task.create',
    subjectType: 'task',
    subjectId: task.id,
    detail: { ...t, menteeId },
    at: now,
  });
  return suggestedBy ? task : undefined;
}

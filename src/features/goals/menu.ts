import type { BlockAction, OverflowAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate, modalOf, showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import type { ActionArgs } from '../feature.ts';
import { afterChange } from './access.ts';
import { GONE, NOT_YOURS, parseMenuValue } from './rules.ts';
import type { EditMeta } from './values.ts';
import { goalModal, taskModal } from './views.ts';

type MenuArgs = ActionArgs<BlockAction<OverflowAction>>;

/** A goal's menu on the mentee's progress page: mark done, edit (a form on top) or drop. */
export async function onGoalMenu(deps: Deps, args: MenuArgs): Promise<void> {
  const { ack, body, action, client } = args;
  const { storage } = deps;
  const choice = parseMenuValue(action.selected_option?.value);
  if (!choice) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const me = body.user.id;
  const goal = await storage.goals.get(teamId, choice.id);
  if (!goal || goal.menteeId !== me) return tellClicker(args, NOT_YOURS);
  if (goal.status !== 'open') return tellClicker(args, GONE);
  const progressViewId = modalOf(body)?.id;
  if (choice.verb === 'edit') {
    const meta: EditMeta = {
      menteeId: me,
      id: goal.id,
      previousDate: goal.targetDate,
      ...(progressViewId ? { progressViewId } : {}),
    };
    await showModal(client, body, goalModal(meta, goal));
    return;
  }
  await closeItem(deps, teamId, me, 'goal', goal.id, choice.verb);
  await afterChange(deps, teamId, me, me, progressViewId);
}

/** A task's menu on the mentee's progress page: mark done, edit (a form on top) or drop. */
export async function onTaskMenu(deps: Deps, args: MenuArgs): Promise<void> {
  const { ack, body, action, client } = args;
  const { storage } = deps;
  const choice = parseMenuValue(action.selected_option?.value);
  if (!choice) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const me = body.user.id;
  const task = await storage.tasks.get(teamId, choice.id);
  if (!task || task.menteeId !== me) return tellClicker(args, NOT_YOURS);
  if (task.doneAt || task.droppedAt) return tellClicker(args, GONE);
  const progressViewId = modalOf(body)?.id;
  if (choice.verb === 'edit') {
    const open = await storage.goals.listForMentee(teamId, me);
    const meta: EditMeta = {
      menteeId: me,
      id: task.id,
      previousDate: task.dueDate,
      ...(progressViewId ? { progressViewId } : {}),
    };
    await showModal(client, body, taskModal(meta, { goals: open, task }));
    return;
  }
  await closeItem(deps, teamId, me, 'task', task.id, choice.verb);
  await afterChange(deps, teamId, me, me, progressViewId);
}

/** Marks a goal or task done or dropped, and audits it when it was still open. */
async function closeItem(
  deps: Deps,
  teamId: string,
  me: string,
  kind: 'goal' | 'task',
  id: number,
  verb: 'done' | 'drop',
): Promise<void> {
  const to = verb === 'done' ? 'done' : 'dropped';
  const store = kind === 'goal' ? deps.storage.goals : deps.storage.tasks;
  if (!(await store.close(teamId, id, to, deps.now()))) return;
  await deps.storage.audit.record({
    teamId,
    actorId: me,
    action: `${kind}.${to}`,
    subjectType: kind,
    subjectId: id,
    at: deps.now(),
  });
}

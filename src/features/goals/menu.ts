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
  const to = choice.verb === 'done' ? 'done' : 'dropped';
  const closed = await storage.goals.close(teamId, goal.id, to, deps.now());
  if (closed)
    await storage.audit.record({
      teamId,
      actorId: me,
      action: `goal.${to}`,
      subjectType: 'goal',
      subjectId: goal.id,
      at: deps.now(),
    });
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
  const to = choice.verb === 'done' ? 'done' : 'dropped';
  const closed = await storage.tasks.close(teamId, task.id, to, deps.now());
  if (closed)
    await storage.audit.record({
      teamId,
      actorId: me,
      action: `task.${to}`,
      subjectType: 'task',
      subjectId: task.id,
      at: deps.now(),
    });
  await afterChange(deps, teamId, me, me, progressViewId);
}

import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { onGoalMenu, onTaskMenu } from './menu.ts';
import { openGoalCommand, openGoalForm, openSuggestForm, openTaskCommand, openTaskForm } from './open.ts';
import { saveGoal, saveTask } from './save.ts';
import { onTickTasks } from './tick.ts';

/** A mentee's goals and tasks on their progress page; supporters and admins may suggest tasks. */
export const goals: Feature = {
  name: 'goals',
  subcommands: [
    {
      name: 'goal',
      usage: 'goal',
      summary: 'add a goal to your progress page',
      performs: 'goals.manage',
      run: openGoalCommand,
    },
    {
      name: 'task',
      usage: 'task [@mentee]',
      summary: 'add a task to your progress page, or suggest one to a mentee you support',
      performs: 'tasks.add',
      run: openTaskCommand,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.addGoal, performs: 'goals.manage', handle: openGoalForm },
    { kind: 'action', id: ACTIONS.addTask, performs: 'tasks.add', handle: openTaskForm },
    { kind: 'action', id: ACTIONS.suggestTask, performs: 'tasks.add', handle: openSuggestForm },
    { kind: 'action', id: ACTIONS.goalMenu, performs: 'goals.manage', handle: onGoalMenu },
    { kind: 'action', id: ACTIONS.taskMenu, performs: 'tasks.add', handle: onTaskMenu },
    { kind: 'action', id: ACTIONS.tickTasks, performs: 'tasks.add', handle: onTickTasks },
    { kind: 'view', id: ACTIONS.saveGoal, performs: 'goals.manage', handle: saveGoal },
    { kind: 'view', id: ACTIONS.saveTask, performs: 'tasks.add', handle: saveTask },
  ],
};

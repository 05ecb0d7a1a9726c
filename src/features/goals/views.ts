import type { KnownBlock, ModalView } from '@slack/types';
import type { Message } from '../../slack/blocks.ts';
import { actions, button, context, input, modal, option, plain, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, user } from '../../slack/text.ts';
import type { Goal } from '../../storage/goals.ts';
import type { Task } from '../../storage/tasks.ts';
import { openProgressValue } from '../progress/values.ts';
import { DETAIL_MAX, GOAL_BLOCKS, TASK_BLOCKS, TITLE_MAX } from './rules.ts';
import { type EditMeta, editMeta, goalOptionValue, NO_GOAL } from './values.ts';

export function goalModal(meta: EditMeta, goal?: Goal): ModalView {
  return modal({
    callbackId: ACTIONS.saveGoal,
    title: goal ? 'Edit goal' : 'Add a goal',
    submit: 'Save goal',
    privateMetadata: editMeta(meta),
    blocks: [
      input(GOAL_BLOCKS.title, 'Goal', {
        type: 'plain_text_input',
        action_id: 'value',
        max_length: TITLE_MAX,
        placeholder: plain('e.g. Lead a project review by spring', 150),
        ...(goal ? { initial_value: goal.title } : {}),
      }),
      input(
        GOAL_BLOCKS.detail,
        'Detail',
        {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: DETAIL_MAX,
          ...(goal?.detail ? { initial_value: goal.detail } : {}),
        },
        { optional: true, hint: 'What success looks like, or why it matters to you.' },
      ),
      input(
        GOAL_BLOCKS.target,
        'Target date',
        { type: 'datepicker', action_id: 'value', ...(goal?.targetDate ? { initial_date: goal.targetDate } : {}) },
        { optional: true },
      ),
      context('Your supporters see your goals on your progress page.'),
    ],
  });
}

export function taskModal(meta: EditMeta, opts: { goals: Goal[]; task?: Task; suggestedBy?: string }): ModalView {
  const { goals, task, suggestedBy } = opts;
  const blocks: KnownBlock[] = [];
  if (suggestedBy) {
    blocks.push(
      section(
        `Suggest a task for ${user(meta.menteeId)}. It shows on their progress page, marked as suggested by you, and they decide what to do with it.`,
      ),
    );
  }
  blocks.push(
    input(TASK_BLOCKS.title, 'Task', {
      type: 'plain_text_input',
      action_id: 'value',
      max_length: TITLE_MAX,
      placeholder: plain('e.g. Read the style guide', 150),
      ...(task ? { initial_value: task.title } : {}),
    }),
  );
  // A select needs at least one option, so the goal field is left out until there is an open goal.
  if (goals.length) {
    const options = [
      option('No goal', NO_GOAL),
      ...goals.slice(0, 99).map((g) => option(g.title, goalOptionValue(g.id))),
    ];
    const goalId = task?.goalId;
    const initial = goalId ? options.find((o) => o.value === goalOptionValue(goalId)) : undefined;
    blocks.push(
      input(
        TASK_BLOCKS.goal,
        'Goal',
        {
          type: 'static_select',
          action_id: 'value',
          placeholder: plain('Pick a goal', 150),
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
        { optional: true },
      ),
    );
  }
  blocks.push(
    input(
      TASK_BLOCKS.due,
      'Due date',
      { type: 'datepicker', action_id: 'value', ...(task?.dueDate ? { initial_date: task.dueDate } : {}) },
      { optional: true },
    ),
  );
  return modal({
    callbackId: ACTIONS.saveTask,
    title: task ? 'Edit task' : suggestedBy ? 'Suggest a task' : 'Add a task',
    submit: suggestedBy ? 'Suggest task' : 'Save task',
    privateMetadata: editMeta(meta),
    blocks,
  });
}

/** Tells a mentee a supporter suggested a task, with the button to see it in context. */
export function suggestedTaskDm(task: Task): Message {
  const text = `:bulb: ${user(task.suggestedBy ?? '')} suggested a task for you: *${inlineText(task.title)}*`;
  return {
    text,
    blocks: [
      section(text),
      actions([button('Open progress page', ACTIONS.openProgress, openProgressValue(task.menteeId))]),
      context('It is on your progress page, where you can mark it done, edit it or drop it.'),
    ],
  };
}

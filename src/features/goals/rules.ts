import { isDay } from '../../calendar/dates.ts';
import { can } from '../../policy/policy.ts';
import { readValue } from '../../slack/values.ts';
import { GoalOptionValue, MenuValue } from './values.ts';

export const GOAL_BLOCKS = { title: 'goal_title', detail: 'goal_detail', target: 'goal_target' } as const;
export const TASK_BLOCKS = { title: 'task_title', goal: 'task_goal', due: 'task_due' } as const;
export const TITLE_MAX = 150;
export const DETAIL_MAX = 2000;

function dateError(date: string | undefined, previous: string | null | undefined, today: string): string | undefined {
  if (!date) return undefined;
  if (!isDay(date)) return 'Pick a date from the calendar.';
  if (date < today && date !== previous) return 'Pick today or a later date.';
  return undefined;
}

export function goalErrors(i: {
  title?: string;
  detail?: string;
  targetDate?: string;
  previousDate?: string | null;
  today: string;
}): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!i.title) errors[GOAL_BLOCKS.title] = 'Give your goal a short title.';
  else if (i.title.length > TITLE_MAX) errors[GOAL_BLOCKS.title] = `Keep the title under ${TITLE_MAX} characters.`;
  if (i.detail && i.detail.length > DETAIL_MAX)
    errors[GOAL_BLOCKS.detail] = `Keep the detail under ${DETAIL_MAX} characters.`;
  const d = dateError(i.targetDate, i.previousDate, i.today);
  if (d) errors[GOAL_BLOCKS.target] = d;
  return errors;
}

export function taskErrors(i: {
  title?: string;
  dueDate?: string;
  previousDate?: string | null;
  today: string;
  goalOk: boolean;
}): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!i.title) errors[TASK_BLOCKS.title] = 'Give the task a short title.';
  else if (i.title.length > TITLE_MAX) errors[TASK_BLOCKS.title] = `Keep the title under ${TITLE_MAX} characters.`;
  if (!i.goalOk) errors[TASK_BLOCKS.goal] = 'That goal is no longer open. Pick another, or none.';
  const d = dateError(i.dueDate, i.previousDate, i.today);
  if (d) errors[TASK_BLOCKS.due] = d;
  return errors;
}

/** Who may put a task on a mentee's page: the mentee, or (as a suggestion) an active supporter or admin. */
export function taskAuthorRole(f: {
  viewerId: string;
  menteeId: string;
  isActiveSupporter: boolean;
  isAdmin: boolean;
}): 'mentee' | 'suggester' | undefined {
  if (f.viewerId === f.menteeId) return 'mentee';
  const allowed = can({ teamId: '', userId: f.viewerId, isAdmin: f.isAdmin }, 'tasks.add', {
    menteeId: f.menteeId,
    supporterIds: f.isActiveSupporter ? [f.viewerId] : [],
  });
  return allowed ? 'suggester' : undefined;
}

export const SUGGEST_REFUSAL =
  'You can suggest tasks only to mentees you support. To add a task of your own, type `/mentor task`.';

/** The goal or task menu's option value, or undefined when it is not one Lifering wrote. */
export const parseMenuValue = (value: string | undefined) => readValue(MenuValue, value);

/**
 * The goal id a task modal's select holds: null for "No goal" or no choice. A value that is not
 * one names no goal (0), so the form says the goal is no longer open, as for one closed meanwhile.
 */
export const goalChoice = (value: string | undefined): number | null =>
  value ? (readValue(GoalOptionValue, value) ?? 0) : null;

export const NOT_YOURS = 'Only the mentee can change the goals and tasks on their progress page.';
export const GONE = 'That is already done or dropped, so there is nothing to change.';

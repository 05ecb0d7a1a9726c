import { can } from '../../policy/policy.ts';
import { isDay } from '../../programme/dates.ts';
import { rowId } from '../../slack/ids.ts';

export const GOAL_BLOCKS = { title: 'goal_title', detail: 'goal_detail', target: 'goal_target' } as const;
export const TASK_BLOCKS = { title: 'task_title', goal: 'task_goal', due: 'task_due' } as const;
export const TITLE_MAX = 150;
export const DETAIL_MAX = 2000;

/** What a goal or task modal carries between opening and submitting. */
export interface EditMeta {
  /** Whose page the goal or task is on. */
  menteeId: string;
  /** Set when editing; absent when adding. */
  id?: number;
  /** The progress page modal underneath, refreshed after saving. */
  progressViewId?: string;
  /** The date the item had when the modal opened: keeping an old date is fine, choosing a past one is not. */
  previousDate?: string | null;
}

export function parseEditMeta(raw: string | undefined): EditMeta | undefined {
  try {
    const v = JSON.parse(raw ?? '') as EditMeta;
    return typeof v.menteeId === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

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

export type MenuVerb = 'done' | 'edit' | 'drop';

export function parseMenuValue(value: string | undefined): { verb: MenuVerb; id: number } | undefined {
  const m = /^(done|edit|drop):(\d+)$/.exec(value ?? '');
  return m ? { verb: m[1] as MenuVerb, id: rowId(m[2]) } : undefined;
}

import { z } from 'zod';
import { jsonText, rowIdNumber, rowIdText, userIdText } from '../../slack/values.ts';

/** What the overflow menu beside a goal or a task on the progress page does to it. */
export type MenuVerb = 'done' | 'edit' | 'drop';

/** The goal and task menus' option value: `done:12`, `edit:12`, `drop:12`. */
export const menuValue = (verb: MenuVerb, id: number): string => `${verb}:${id}`;
export const MenuValue = z
  .string()
  .regex(/^(done|edit|drop):[1-9]\d{0,9}$/)
  .transform((v) => {
    const [verb, id] = v.split(':') as [MenuVerb, string];
    return { verb, id: Number(id) };
  })
  .pipe(z.object({ verb: z.enum(['done', 'edit', 'drop']), id: rowIdNumber }));

/** "Suggest a task" on a supporter's view of the progress page: the mentee it is for. */
export const suggestTaskValue = (menteeId: string): string => menteeId;
export const SuggestTaskValue = userIdText;

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

/** The goal and task modals' private_metadata. */
export const editMeta = (meta: EditMeta): string => JSON.stringify(meta);
export const EditMeta = jsonText(
  z.object({
    menteeId: userIdText,
    id: rowIdNumber.optional(),
    progressViewId: z.string().min(1).optional(),
    previousDate: z.string().nullable().optional(),
  }),
);

/** The task modal's goal select: "No goal", or a goal's id. */
export const NO_GOAL = 'none';
export const goalOptionValue = (id: number): string => String(id);
export const GoalOptionValue = z.union([z.literal(NO_GOAL).transform(() => null), rowIdText]);

import { z } from 'zod';
import { rowIdNumber, rowIdText } from '../../slack/values.ts';

/** The scores a check-in asks for, 1 (poor) to 5 (great). */
export const SCORES = [1, 2, 3, 4, 5] as const;

/** A score button's value: `<checkin id>:<score>`. */
export const checkinScoreValue = (checkinId: number, score: number): string => `${checkinId}:${score}`;
export const CheckinScoreValue = z
  .string()
  .regex(/^[1-9]\d{0,9}:[1-5]$/)
  .transform((v) => {
    const [id, score] = v.split(':');
    return { id: Number(id), score: Number(score) };
  })
  .pipe(z.object({ id: rowIdNumber, score: z.number().int().min(1).max(5) }));

/** "Add a private comment" under an answered check-in: the check-in. */
export const checkinCommentValue = (checkinId: number): string => String(checkinId);
export const CheckinCommentValue = rowIdText;

/** The comment form's private_metadata: the check-in commented on. */
export const commentModalMeta = (checkinId: number): string => String(checkinId);
export const CommentModalMeta = rowIdText;

/** The message settings form's choice: option values `normal` and `fewer`. */
export type MessagesChoice = 'normal' | 'fewer';
export const messagesChoiceValue = (choice: MessagesChoice): string => choice;
export const MessagesChoiceValue = z.enum(['normal', 'fewer']);

import { z } from 'zod';
import { jsonText, rowIdText } from '../../slack/values.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';

/** "Mark resolved" (in the supporter's DM, on Home, on the progress page): the help request's id. */
export const resolveHelpValue = (requestId: number): string => String(requestId);
export const ResolveHelpValue = rowIdText;

/** The help form's private_metadata: the progress page it was opened from, redrawn after saving. */
export interface AssistMeta {
  progressViewId?: string;
}
export const assistMeta = (meta: AssistMeta): string => JSON.stringify(meta);
export const AssistMeta = jsonText(z.object({ progressViewId: z.string().min(1).optional() }));

/** The help form's topic select: the topic's id. */
export const topicOptionValue = (topicId: number): string => String(topicId);
export const TopicOptionValue = rowIdText;

/** "Set familiarity" (openAssist): no value, or the topic to open the form on (a "did you mean" answer). */
export const openAssistValue = (topicId: number): string => String(topicId);
export const OpenAssistValue = z.union([z.undefined(), z.literal('').transform(() => undefined), rowIdText]);

/** The help form's familiarity radio buttons: the level, 1 to 4. */
export const levelOptionValue = (level: FamiliarityLevel): string => String(level);
export const LevelOptionValue = z.enum(['1', '2', '3', '4']).transform((v) => Number(v) as FamiliarityLevel);

/**
 * The ask form's topic (issue 23): a topic id, or `none` for help not about one topic. It is a
 * radio option when the mentee picks, and in the form's metadata when there was nothing to pick.
 * The "Ask for help" button carries it too, when it is on one mentorship (a Home menu).
 */
export const askTopicValue = (topicId: number | null): string => (topicId === null ? 'none' : String(topicId));
export const AskTopicValue = z.union([z.literal('none').transform(() => null), rowIdText]);

/** "Ask for help" (askForHelp): no value, or the topic it is about (`askTopicValue`). */
export const AskButtonValue = z.union([z.undefined(), z.literal('').transform(() => undefined), AskTopicValue]);

/** The ask form's private_metadata: the progress page it was opened over, and the topic when there was no choice. */
export interface AskMeta {
  progressViewId?: string;
  topic?: string;
}
export const askMeta = (meta: AskMeta): string => JSON.stringify(meta);
export const AskMeta = jsonText(
  z.object({ progressViewId: z.string().min(1).optional(), topic: z.string().max(12).optional() }),
);

import { z } from 'zod';
import { jsonText, rowIdText } from '../../slack/values.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';

/** "Mark resolved" (in the supporter's DM, on Home, on the progress page): the help request's id. */
export const resolveAssistanceValue = (requestId: number): string => String(requestId);
export const ResolveAssistanceValue = rowIdText;

/** The help form's private_metadata: the progress page it was opened from, redrawn after saving. */
export interface AssistMeta {
  progressViewId?: string;
}
export const assistMeta = (meta: AssistMeta): string => JSON.stringify(meta);
export const AssistMeta = jsonText(z.object({ progressViewId: z.string().min(1).optional() }));

/** The help form's topic select: the topic's id. */
export const topicOptionValue = (topicId: number): string => String(topicId);
export const TopicOptionValue = rowIdText;

/** The help form's familiarity radio buttons: the level, 1 to 4. */
export const levelOptionValue = (level: FamiliarityLevel): string => String(level);
export const LevelOptionValue = z.enum(['1', '2', '3', '4']).transform((v) => Number(v) as FamiliarityLevel);

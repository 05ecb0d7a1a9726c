import { z } from 'zod';
import { jsonText, rowIdNumber } from '../../slack/values.ts';

/** What the overflow menu beside a topic does to it. */
export type TopicVerb = 'rename' | 'archive' | 'unarchive';

/** The topic menu's option value: `rename:12`, `archive:12`, `unarchive:12`. */
export const topicMenuValue = (verb: TopicVerb, id: number): string => `${verb}:${id}`;
export const TopicMenuValue = z
  .string()
  .regex(/^(rename|archive|unarchive):[1-9]\d{0,9}$/)
  .transform((v) => {
    const [verb, id] = v.split(':') as [TopicVerb, string];
    return { verb, id: Number(id) };
  })
  .pipe(z.object({ verb: z.enum(['rename', 'archive', 'unarchive']), id: rowIdNumber }));

/**
 * The topics modal's private_metadata: how many topics were added in it, which is also in the
 * name field's block_id (a new block_id makes Slack show the field empty again).
 */
export const topicsModalMeta = (version: number): string => String(version);
export const TopicsModalMeta = z
  .string()
  .regex(/^\d{1,6}$/)
  .transform(Number);

/** The rename modal's private_metadata: the topic, and the topics modal to redraw after it. */
export const renameModalMeta = (id: number, parent: string): string => JSON.stringify({ id, parent });
export const RenameModalMeta = jsonText(z.object({ id: rowIdNumber, parent: z.string().min(1).optional() }));

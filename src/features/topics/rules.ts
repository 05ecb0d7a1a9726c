import { rowId } from '../../slack/ids.ts';
/** Why a topic name cannot be used, or undefined when it can (uniqueness is checked by the database). */
export function topicNameProblem(name: string | undefined): string | undefined {
  const n = name?.trim().replace(/\s+/g, ' ') ?? '';
  if (!n) return 'Give the topic a name, like "Data analysis".';
  if (n.length > 75) return `Keep topic names to 75 characters (this one has ${n.length}).`;
  return undefined;
}

/** Overflow values: "rename:12", "archive:12", "unarchive:12". */
export function parseTopicMenu(
  value: string | undefined,
): { verb: 'rename' | 'archive' | 'unarchive'; id: number } | undefined {
  const m = /^(rename|archive|unarchive):(\d+)$/.exec(value ?? '');
  return m ? { verb: m[1] as 'rename' | 'archive' | 'unarchive', id: rowId(m[2]) } : undefined;
}

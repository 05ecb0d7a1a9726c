import { readValue } from '../../slack/values.ts';
import { normaliseName } from '../../storage/topics.ts';
import { TopicMenuValue } from './values.ts';

/** Why a topic name cannot be used, or undefined when it can (uniqueness is checked by the database). */
export function topicNameProblem(name: string | undefined): string | undefined {
  const n = normaliseName(name ?? '');
  if (!n) return 'Give the topic a name, like "Data analysis".';
  if (n.length > 75) return `Keep topic names to 75 characters (this one has ${n.length}).`;
  return undefined;
}

/** The topic menu's option value, or undefined when it is not one Lifering wrote. */
export const parseTopicMenu = (value: string | undefined) => readValue(TopicMenuValue, value);

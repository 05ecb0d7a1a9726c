import { closeness } from '../../slack/nearest.ts';
import type { Topic } from '../../storage/rows.ts';

/*
 * "Did you mean": `/mentor request Pubic speking` names no topic, and used to be filed silently
 * as a request without one, the words kept as its note. The closest topics are suggested instead.
 */

const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** How many typos a topic name of this length may carry and still be suggested. */
const allowedTypos = (name: string): number => (name.length <= 6 ? 1 : name.length <= 10 ? 2 : 3);

export interface TopicSuggestion {
  topic: Topic;
  /** How many of the typed words the suggestion stands for; the rest is the note. */
  words: number;
}

/**
 * The topics (at most `limit`, closest first) that the first words typed may have meant: a typed
 * start of a name (four letters or more), or a name with a few typos. The typed words are tried
 * as one word fewer or more than the name has, for a space missed or added, preferring as many
 * words as the name has. None when nothing is
 * close, so a note that names no topic is taken as a note.
 */
export function closestTopics(words: readonly string[], topics: readonly Topic[], limit = 3): TopicSuggestion[] {
  const found: (TopicSuggestion & { d: number; off: number })[] = [];
  for (const topic of topics) {
    const name = key(topic.name);
    const size = name.split(' ').length;
    let best: (TopicSuggestion & { d: number; off: number }) | undefined;
    for (let n = Math.max(1, size - 1); n <= Math.min(words.length, size + 1); n++) {
      const d = closeness(key(words.slice(0, n).join(' ')), name, { minPrefix: 4, maxDistance: allowedTypos });
      if (d === undefined) continue;
      // As many words as the name has first ("data analisys" over the prefix "data"), then the fewest typos.
      const off = Math.abs(n - size);
      if (!best || off < best.off || (off === best.off && d < best.d)) best = { topic, words: n, d, off };
    }
    if (best) found.push(best);
  }
  return found
    .sort((a, b) => a.off - b.off || a.d - b.d || a.topic.name.localeCompare(b.topic.name))
    .slice(0, limit)
    .map(({ topic, words: n }) => ({ topic, words: n }));
}

import { describe, expect, it } from 'vitest';
import { closestTopics } from '../../../src/features/requests/rules.ts';
import type { Topic } from '../../../src/storage/rows.ts';

const topic = (id: number, name: string) => ({ id, name }) as Topic;
const topics = [topic(1, 'Public speaking'), topic(2, 'Data analysis'), topic(3, 'Design'), topic(4, 'Public policy')];
const suggest = (typed: string) => closestTopics(typed.split(' '), topics).map((s) => `${s.topic.name}/${s.words}`);

describe('"did you mean" for a topic typed after /mentor request', () => {
  it.each([
    ['Pubic speking', ['Public speaking/2']],
    // The name in as many words as it has comes before a start of another.
    ['public speeking before March', ['Public speaking/2', 'Public policy/1']],
    ['data analisys for the board', ['Data analysis/2']],
    ['Dezign', ['Design/1']],
    // A start of a name: every topic it starts.
    ['public', ['Public policy/1', 'Public speaking/1']],
    // Notes that name no topic are notes.
    ['I would like a coach', []],
    ['Desire to learn', []],
    ['Designing a survey', []],
    ['Data', ['Data analysis/1']],
    ['Dat', []],
  ])('%s', (typed, expected) => {
    expect(suggest(typed)).toEqual(expected);
  });
});

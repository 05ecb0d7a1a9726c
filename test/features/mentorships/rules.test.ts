import { describe, expect, it } from 'vitest';
import {
  endReasonProblem,
  isOverloaded,
  offerClickProblem,
  parseAssignWords,
  splitTopicAndNote,
  toldOfEnd,
} from '../../../src/features/mentorships/rules.ts';
import { listMessage, loadText } from '../../../src/features/mentorships/views.ts';
import { parseTopicMenu, topicNameProblem } from '../../../src/features/topics/rules.ts';
import type { Topic } from '../../../src/storage/rows.ts';
import { checkMessage } from '../../harness/block-limits.ts';
import { mentorshipRow } from '../../support/rows.ts';

const topic = (id: number, name: string): Topic => ({
  id,
  teamId: 'T',
  kind: 'skillset',
  name,
  description: null,
  createdAt: '',
  archivedAt: null,
});
const ms = mentorshipRow;

describe('parseAssignWords', () => {
  it.each([
    [[], { topicName: undefined, kind: 'mentor', silently: false }],
    [['Data', 'analysis'], { topicName: 'Data analysis', kind: 'mentor', silently: false }],
    [['Data', 'analysis', 'as', 'coach'], { topicName: 'Data analysis', kind: 'coach', silently: false }],
    [['as', 'on-demand', 'advisor', 'silently'], { topicName: undefined, kind: 'on_demand_advisor', silently: true }],
    [
      ['Data', 'as', 'a', 'service', 'as', 'Advisor'],
      { topicName: 'Data as a service', kind: 'advisor', silently: false },
    ],
  ])('%j', (words, expected) => {
    expect(parseAssignWords(words)).toEqual(expected);
  });
  it('refuses an unknown kind with the ones it knows', () => {
    expect(parseAssignWords(['as', 'wizard'])).toEqual({ error: expect.stringContaining('as on-demand advisor') });
  });
});

describe('splitTopicAndNote', () => {
  const topics = [topic(1, 'Data analysis'), topic(2, 'Data')];
  it.each([
    [['data', 'analysis', 'help', 'me'], 1, 'help me'],
    [['Data', 'please'], 2, 'please'],
    [['help'], undefined, 'help'],
    [[], undefined, undefined],
  ])('%j', (words, id, note) => {
    const r = splitTopicAndNote(words, topics);
    expect(r.topic?.id).toBe(id);
    expect(r.note).toBe(note);
  });
});

describe('who hears of an end, and who may answer an offer', () => {
  it.each([
    ['active', 'US', ['UM']],
    ['active', 'UM', ['US']],
    ['active', 'UA', ['US', 'UM']],
    ['pending', 'UA', ['US']],
    ['pending', 'UM', ['US']],
  ] as const)('%s ended by %s tells %j', (was, actor, told) => {
    expect(toldOfEnd(ms(), was, actor)).toEqual(told);
  });
  const today = new Date('2026-11-23T00:00:00Z');
  it.each([
    [undefined, 'US', "couldn't find"],
    [ms(), 'UX', 'Only <@US>'],
    [ms({ status: 'active', acceptedAt: '2026-11-20T10:00:00Z' }), 'US', 'already accepted this on 20 Nov'],
    [ms({ status: 'declined', declinedAt: '2026-11-20T10:00:00Z' }), 'US', 'already declined'],
    [ms({ status: 'ended', endedAt: '2026-11-21T10:00:00Z' }), 'US', 'was withdrawn on 21 Nov'],
    [
      ms({ status: 'ended', acceptedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-21T10:00:00Z' }),
      'US',
      "Your mentorship with <@UM> ended on 21 Nov, so there's nothing to do here.",
    ],
  ])('click problem %#', (m, user, expected) => {
    expect(offerClickProblem(m, user, today)).toContain(expected);
  });
  it('lets the supporter answer a pending offer', () => {
    expect(offerClickProblem(ms(), 'US', today)).toBeUndefined();
  });
});

describe('load and list views', () => {
  it('warns when the supporter is full, behind or has open help requests', () => {
    expect(isOverloaded({ active: 2, overdue: 0, openHelp: 0 }, 5)).toBe(false);
    expect(isOverloaded({ active: 5, overdue: 0, openHelp: 0 }, 5)).toBe(true);
    expect(loadText('US', { active: 2, overdue: 0, openHelp: 0 }, 5)).not.toContain(':warning:');
    expect(loadText('US', { active: 1, overdue: 2, openHelp: 0 }, 5)).toContain(':warning:');
  });
  it('fits 200 mentees with long topic names into one valid message', () => {
    const supporting = Array.from({ length: 200 }, (_, i) =>
      ms({
        id: i,
        menteeId: `UM${i}`,
        topicName: `${'z'.repeat(70)}${i % 60}`,
        status: 'active',
        helpOpen: i % 3 === 0,
      }),
    );
    const msg = listMessage({ supporting, supportedBy: [] });
    expect(checkMessage(msg)).toBeUndefined();
    expect(JSON.stringify(msg.blocks)).toContain('and 160 more — see your Home tab');
  });
});

describe('topic rules', () => {
  it.each([
    [undefined, 'Give the topic a name'],
    ['   ', 'Give the topic a name'],
    ['x'.repeat(76), '75 characters'],
    ['Data analysis', undefined],
  ])('%j', (name, problem) => {
    const p = topicNameProblem(name);
    if (problem) expect(p).toContain(problem);
    else expect(p).toBeUndefined();
  });
  it('parses menu values', () => {
    expect(parseTopicMenu('archive:12')).toEqual({ verb: 'archive', id: 12 });
    expect(parseTopicMenu('drop:12')).toBeUndefined();
  });
});

describe('endReasonProblem', () => {
  it.each([
    [null, undefined],
    ['x'.repeat(1000), undefined],
    ['x'.repeat(1001), 'Keep the reason to 1,000 characters; it has 1,001.'],
  ])('%#', (reason, expected) => {
    expect(endReasonProblem(reason)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { goalErrors, parseMenuValue, taskAuthorRole } from '../../../src/features/goals/rules.ts';
import {
  alertRecipients,
  assistErrors,
  canResolve,
  NOTE_WITHOUT_TICK,
} from '../../../src/features/help-requests/rules.ts';
import { assistModal } from '../../../src/features/help-requests/views.ts';
import { clampPage, paginate, parseProgressMeta, progressRole } from '../../../src/features/progress/rules.ts';
import { type ProgressData, progressModal } from '../../../src/features/progress/views.ts';
import type { Mentorship } from '../../../src/storage/rows.ts';
import { validateView } from '../../harness/block-limits.ts';

const facts = (viewerId: string, isActiveSupporter: boolean, isAdmin: boolean) => ({
  viewerId,
  menteeId: 'UMIA',
  isActiveSupporter,
  isAdmin,
});

describe('who may open a progress page', () => {
  it.each([
    [facts('UMIA', false, false), 'mentee'],
    [facts('USAM', true, false), 'supporter'],
    [facts('UADA', false, true), 'admin'],
    [facts('USAM', true, true), 'supporter'],
    [facts('ULEO', false, false), undefined],
  ])('%o is %s', (f, role) => {
    expect(progressRole(f)).toBe(role);
  });
});

describe('who may resolve a flag and suggest a task', () => {
  it.each([
    [facts('UMIA', false, false), true, 'mentee'],
    [facts('USAM', true, false), true, 'suggester'],
    [facts('UADA', false, true), true, 'suggester'],
    [facts('UEND', false, false), false, undefined],
  ])('%o', (f, resolve, author) => {
    expect(canResolve(f)).toBe(resolve);
    expect(taskAuthorRole(f)).toBe(author);
  });
});

const m = (supporterId: string, topicId: number | null, status: Mentorship['status'] = 'active') =>
  ({ supporterId, topicId, status }) as Mentorship;

describe('who hears about a flag', () => {
  it.each([
    [[m('US1', 1), m('US2', 2), m('US3', null)], 1, ['US1']],
    [[m('US1', 1), m('US2', 2), m('US3', null)], 9, ['US1', 'US2', 'US3']],
    [[m('US1', 1), m('US1', 2)], null, ['US1']],
    [[m('US1', 1, 'ended')], 1, []],
    [[], null, []],
  ])('%o for topic %s: %o', (ms, topic, expected) => {
    expect(alertRecipients(ms, topic)).toEqual(expected);
  });
});

describe('modal validation', () => {
  it.each([
    [{ topicId: undefined, level: undefined, requested: true, note: undefined }, {}],
    [{ topicId: 1, level: 2 as const, requested: false, note: undefined }, {}],
    [
      { topicId: undefined, level: 2 as const, requested: true, note: undefined },
      { assist_topic: 'Pick the topic this familiarity level is for.' },
    ],
    [
      { topicId: 1, level: undefined, requested: false, note: undefined },
      { assist_level: 'Pick how familiar you are, or tick Request mentor assistance.' },
    ],
    [
      { topicId: 1, level: 1 as const, requested: false, note: 'x'.repeat(1001) },
      { assist_note: 'Keep the note under 1000 characters.' },
    ],
    [{ topicId: 1, level: 1 as const, requested: false, note: 'help' }, { assist_note: NOTE_WITHOUT_TICK }],
    [{ topicId: 1, level: 1 as const, requested: false, note: '  ' }, {}],
  ])('assist %o', (input, errors) => {
    expect(assistErrors(input)).toEqual(errors);
  });

  it.each([
    [{ title: 'Lead', targetDate: '2026-12-01', today: '2026-11-23' }, {}],
    [{ title: 'Lead', targetDate: '2026-11-01', today: '2026-11-23' }, { goal_target: 'Pick today or a later date.' }],
    [{ title: 'Lead', targetDate: '2026-11-01', previousDate: '2026-11-01', today: '2026-11-23' }, {}],
    [{ title: undefined, today: '2026-11-23' }, { goal_title: 'Give your goal a short title.' }],
  ])('goal %o', (input, errors) => {
    expect(goalErrors(input)).toEqual(errors);
  });

  it.each([
    ['done:12', { verb: 'done', id: 12 }],
    ['edit:3', { verb: 'edit', id: 3 }],
    ['nuke:3', undefined],
    [undefined, undefined],
  ])('menu value %s', (value, parsed) => {
    expect(parseMenuValue(value)).toEqual(parsed);
  });
});

describe('paging', () => {
  it('cuts into pages and clamps page numbers', () => {
    expect(paginate([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(paginate([], 2)).toEqual([[]]);
    expect(clampPage(0, 3)).toBe(1);
    expect(clampPage(9, 3)).toBe(3);
    expect(parseProgressMeta('{"menteeId":"UMIA","page":2}')).toEqual({ menteeId: 'UMIA', page: 2 });
    expect(parseProgressMeta('nonsense')).toBeUndefined();
  });

  it('keeps every page of a huge progress page valid for Slack', () => {
    const base: ProgressData = {
      menteeId: 'UMIA',
      viewerId: 'UMIA',
      role: 'mentee',
      supporters: [],
      goals: Array.from({ length: 60 }, (_, i) => ({
        id: i + 1,
        teamId: 'T',
        menteeId: 'UMIA',
        title: `Goal ${i} ${'x'.repeat(200)}`,
        detail: 'd'.repeat(3000),
        targetDate: null,
        status: 'open' as const,
        createdAt: '',
        updatedAt: '',
        closedAt: null,
      })),
      tasks: Array.from({ length: 200 }, (_, i) => ({
        id: i + 1,
        teamId: 'T',
        menteeId: 'UMIA',
        goalId: (i % 70) + 1,
        title: `Task ${i}`,
        dueDate: '2026-12-01',
        doneAt: null,
        droppedAt: null,
        suggestedBy: i % 3 ? null : 'USAM',
        createdAt: '',
        updatedAt: '',
      })),
      familiarity: [],
      helpRequests: [],
      reports: [],
      doneGoals: 0,
      doneTasks: 0,
      today: new Date('2026-11-23T00:00:00Z'),
    };
    const first = progressModal(base, 1);
    const meta = JSON.parse(first.private_metadata!) as { page: number };
    expect(meta.page).toBe(1);
    for (let page = 1; page <= 4; page++) expect(validateView(progressModal(base, page) as never)).toEqual([]);
  });

  it('never offers a topic select without options', () => {
    expect(JSON.stringify(assistModal({ topics: [] }))).not.toContain('static_select');
    expect(validateView(assistModal({ topics: [] }) as never)).toEqual([]);
  });
});

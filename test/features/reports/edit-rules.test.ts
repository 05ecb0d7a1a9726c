import { describe, expect, it } from 'vitest';
import {
  changedFields,
  editableGoals,
  editableSince,
  editRefusal,
  withinEditWindow,
} from '../../../src/features/reports/rules.ts';
import type { ReportMetadata } from '../../../src/features/reports/values.ts';
import { type ReportPrefill, reportModal } from '../../../src/features/reports/views.ts';
import { ACTIONS, REPORT_FIELDS as F } from '../../../src/slack/ids.ts';
import { validateView } from '../../harness/block-limits.ts';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const HOUR = 3_600_000;

describe('the 24-hour edit window', () => {
  it.each([
    ['filed a moment ago', ago(1), true],
    ['filed 23 h 59 min ago', ago(24 * HOUR - 60_000), true],
    ['filed 1 ms short of 24 h ago', ago(24 * HOUR - 1), true],
    ['filed exactly 24 h ago', ago(24 * HOUR), false],
    ['filed 25 h ago', ago(25 * HOUR), false],
  ])('a report %s: editable %s', (_what, createdAt, expected) => {
    expect(withinEditWindow(createdAt, NOW)).toBe(expected);
    // Storage guards on `created_at > editableSince(now)`: the same rule as text.
    expect(createdAt > editableSince(NOW)).toBe(expected);
  });

  it.each([
    ['its author, in time, mentorship active', 'USAM', ago(HOUR), true, undefined],
    ['someone else', 'ULEO', ago(HOUR), true, 'not-author'],
    ['its author, too late', 'USAM', ago(25 * HOUR), true, 'too-late'],
    ['its author, mentorship ended', 'USAM', ago(HOUR), false, 'ended'],
    ['its author, too late and the mentorship ended', 'USAM', ago(25 * HOUR), false, 'ended'],
    ['someone else, too late', 'ULEO', ago(25 * HOUR), false, 'not-author'],
  ] as const)('refuses %s: %s', (_what, userId, createdAt, active, expected) => {
    expect(editRefusal({ authorId: 'USAM', createdAt }, userId, NOW, active)).toBe(expected);
  });
});

const report: ReportPrefill = {
  id: 42,
  metOn: '2026-11-20',
  durationMinutes: 45,
  format: 'video',
  summary: 'Window functions',
  progress: 4,
  goalsDiscussed: [{ id: 7, title: 'Master SQL' }],
  nextMeetingOn: '2026-12-04',
  privateNote: 'Seems stressed',
  updatedAt: '2026-11-23T09:00:00.000Z',
};

type Block = { type: string; block_id?: string; element?: Record<string, unknown> };

describe('the meeting report modal, prefilled for an edit', () => {
  const target = { menteeId: 'UMIA', mentorships: [{ id: 3, topicName: null }] };
  const goals = editableGoals([{ id: 8, title: 'Lead a review' }], report.goalsDiscussed);
  const view = reportModal(target, goals, '2026-11-23', { report, progress: { viewId: 'V9', page: 2 } });
  const el = (id: string) => (view.blocks as Block[]).find((b) => b.block_id === id)?.element ?? {};

  it('is marked as an edit of that report, at the version it was opened on', () => {
    expect(view.callback_id).toBe(ACTIONS.submitReportEdit);
    expect((view.submit as { text: string }).text).toBe('Save changes');
    const meta = JSON.parse(view.private_metadata!) as ReportMetadata;
    expect(meta).toEqual({
      menteeId: 'UMIA',
      mentorshipIds: [3],
      reportId: 42,
      seenUpdatedAt: report.updatedAt,
      progress: { viewId: 'V9', page: 2 },
    });
    expect(validateView(view)).toEqual([]);
  });

  it('starts from every stored value, with no suggested-tasks field', () => {
    expect(el(F.metOn).initial_date).toBe('2026-11-20');
    expect(el(F.duration).initial_value).toBe('45');
    expect(el(F.format).initial_option).toEqual(expect.objectContaining({ value: 'video' }));
    expect(el(F.summary).initial_value).toBe('Window functions');
    expect(el(F.progress).initial_option).toEqual(expect.objectContaining({ value: '4' }));
    expect((el(F.goals).initial_options as { value: string }[]).map((o) => o.value)).toEqual(['7']);
    expect((el(F.goals).options as { value: string }[]).map((o) => o.value)).toEqual(['8', '7']);
    expect(el(F.nextMeeting).initial_date).toBe('2026-12-04');
    expect(el(F.privateNote).initial_value).toBe('Seems stressed');
    expect((view.blocks as Block[]).some((b) => b.block_id === F.tasks)).toBe(false);
  });

  it('a new report starts empty and keeps the tasks field', () => {
    const fresh = reportModal(target, goals, '2026-11-23');
    expect(fresh.callback_id).toBe(ACTIONS.submitReport);
    expect(JSON.stringify(fresh)).not.toContain('initial_value');
    expect(JSON.parse(fresh.private_metadata!)).toEqual({ menteeId: 'UMIA', mentorshipIds: [3] });
    expect((fresh.blocks as Block[]).some((b) => b.block_id === F.tasks)).toBe(true);
  });
});

describe('changedFields', () => {
  const before = { ...report };
  it.each([
    ['nothing', {}, []],
    ['the summary', { summary: 'x' }, ['summary']],
    ['the goals, by id', { goalsDiscussed: [] }, ['goalsDiscussed']],
    ['the private note and length', { privateNote: null, durationMinutes: 30 }, ['durationMinutes', 'privateNote']],
  ])('names %s', (_what, change, expected) => {
    expect(changedFields(before, { ...before, ...change })).toEqual(expected);
  });
});

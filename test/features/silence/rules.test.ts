import { describe, expect, it } from 'vitest';
import { nextSilenceStep, quietSince, quietWeeks, stillQuiet } from '../../../src/features/silence/rules.ts';
import { MAX_QUIET_SHOWN, silenceDm } from '../../../src/features/silence/views.ts';
import type { SilenceStage, SilenceStatus } from '../../../src/storage/silence.ts';
import { checkMessage } from '../../harness/block-limits.ts';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const S = { afterWeeks: 6, escalateWeeks: 2 };
const n = (stage: SilenceStage, status: SilenceStatus, sentDaysAgo?: number) => ({
  stage,
  status,
  sentAt: sentDaysAgo === undefined ? null : ago(sentDaysAgo),
});

describe('quietSince and quietWeeks', () => {
  it.each([
    ['no check-in: the feedback clock', { feedbackFrom: ago(50), lastCheckinAt: null }, ago(50)],
    ['a later check-in moves it on', { feedbackFrom: ago(50), lastCheckinAt: ago(10) }, ago(10)],
    ['an older check-in does not', { feedbackFrom: ago(10), lastCheckinAt: ago(50) }, ago(10)],
  ])('%s', (_, m, expected) => {
    expect(quietSince(m)).toBe(expected);
  });
  it.each([
    [41, 5],
    [42, 6],
    [55, 7],
    [56, 8],
  ])('%i days are %i whole weeks', (days, weeks) => {
    expect(quietWeeks(ago(days), NOW)).toBe(weeks);
  });
});

describe('nextSilenceStep', () => {
  it.each([
    ['quiet 41 days: nothing yet', 41, S, [], undefined],
    ['quiet 42 days: the pair is told', 42, S, [], 'pair'],
    ['turned off (0 weeks)', 400, { afterWeeks: 0, escalateWeeks: 2 }, [], undefined],
    ['the pair notice still waits to go out', 60, S, [n('pair', 'pending'), n('pair', 'sent', 3)], undefined],
    ['told 13 days ago: admins not yet', 60, S, [n('pair', 'sent', 13), n('pair', 'sent', 13)], undefined],
    ['told 14 days ago: the admins', 60, S, [n('pair', 'sent', 14), n('pair', 'sent', 10)], 'admins'],
    ['the earlier of the two sends counts', 60, S, [n('pair', 'sent', 10), n('pair', 'sent', 15)], 'admins'],
    ['admins already told: nothing more', 80, S, [n('pair', 'sent', 30), n('admins', 'sent', 16)], undefined],
    [
      'nobody in the pair could be told: the admins at once',
      45,
      S,
      [n('pair', 'unreachable'), n('pair', 'cancelled')],
      'admins',
    ],
    [
      'a send lost in a crash counts as reaching nobody',
      45,
      S,
      [n('pair', 'sending'), n('pair', 'sent', 1)],
      undefined,
    ],
  ] as const)('%s', (_, days, settings, episode, expected) => {
    expect(nextSilenceStep(ago(days), NOW, settings, episode)).toBe(expected);
  });
});

describe('stillQuiet', () => {
  const m = { status: 'active', feedbackFrom: ago(50), lastCheckinAt: null };
  it.each([
    ['unchanged', m, ago(50), true],
    ['a report since', { ...m, feedbackFrom: ago(1) }, ago(50), false],
    ['a check-in since', { ...m, lastCheckinAt: ago(1) }, ago(50), false],
    ['ended', { ...m, status: 'ended' }, ago(50), false],
    ['gone', undefined, ago(50), false],
  ])('%s: %s', (_, mentorship, since, expected) => {
    expect(stillQuiet(mentorship, since)).toBe(expected);
  });
});

describe('silenceDm', () => {
  const pair = (i: number) => ({
    mentorshipId: i,
    supporterId: 'USAM0001',
    menteeId: `UMIA${String(i).padStart(4, '0')}`,
    topicName: i % 2 ? 'Data analysis' : null,
    weeks: 6,
  });
  it('offers the supporter a report or the no-blame end, and the mentee the end', () => {
    const m = silenceDm({ supporting: [pair(1)], supported: [pair(2)], forAdmins: [] });
    const json = JSON.stringify(m.blocks);
    expect(json).toContain(
      "It's been quiet with <@UMIA0001>* (Data analysis): no meeting report or check-in for 6 weeks",
    );
    expect(json).toContain('no blame attached');
    expect(json.match(/"action_id":"mentorship.end.confirm"/g)).toHaveLength(2);
    expect(json.match(/"action_id":"report.open"/g)).toHaveLength(1);
    expect(checkMessage(m)).toBeUndefined();
  });
  it('stays within Slack limits however many pairs are quiet', () => {
    const many = Array.from({ length: 60 }, (_, i) => pair(i + 1));
    const m = silenceDm({ supporting: many, supported: many, forAdmins: many });
    expect(checkMessage(m)).toBeUndefined();
    expect(JSON.stringify(m.blocks)).toContain(`…and ${60 - MAX_QUIET_SHOWN} more.`);
  });
});

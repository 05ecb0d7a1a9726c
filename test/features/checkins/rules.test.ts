import { describe, expect, it } from 'vitest';
import {
  isDaytime,
  mayAsk,
  mayNudge,
  parseScoreValue,
  pickQuestion,
  tellAdmins,
} from '../../../src/features/checkins/rules.ts';
import type { Checkin } from '../../../src/storage/checkins.ts';

const NOW = new Date('2026-11-23T10:00:00.000Z'); // Monday, 10:00 in London
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const settings = (o: { fewer?: boolean; question?: number | null; nudge?: number | null } = {}) => ({
  fewerMessages: o.fewer ?? false,
  lastQuestionAt: o.question == null ? null : ago(o.question),
  lastNudgeAt: o.nudge == null ? null : ago(o.nudge),
});

describe("isDaytime: 09:00 to 20:00 on the person's clock, any day", () => {
  it.each([
    ['2026-11-23T10:00:00Z', 'Europe/London', true],
    ['2026-11-23T08:59:00Z', 'Europe/London', false],
    ['2026-11-23T19:59:00Z', 'Europe/London', true],
    ['2026-11-23T20:00:00Z', 'Europe/London', false],
    ['2026-11-23T10:00:00Z', 'Asia/Tokyo', true], // 19:00 there
    ['2026-11-23T11:00:00Z', 'Asia/Tokyo', false], // 20:00 there
    ['2026-11-23T03:00:00Z', 'America/Los_Angeles', true], // 19:00 the day before
    ['2026-11-22T12:00:00Z', 'Europe/London', true], // a Sunday afternoon
    ['2026-11-23T02:00:00Z', null, false], // unknown zone: UTC
  ])('%s in %s: %s', (at, tz, expected) => {
    const got = isDaytime(new Date(at), tz);
    // Recompute independently from the local hour the runtime gives.
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: tz ?? 'UTC', hour: '2-digit', hourCycle: 'h23' }).format(
        new Date(at),
      ),
    );
    expect(got).toBe(hour >= 9 && hour < 20);
    expect(got).toBe(expected);
  });
});

describe('mayNudge and mayAsk', () => {
  it.each([
    ['normal, never nudged', settings(), true, true],
    [
      'normal, nudged yesterday: nudges go on, a question does too if none this week',
      settings({ nudge: 1 }),
      true,
      true,
    ],
    ['normal, asked 6 days ago', settings({ question: 6 }), true, false],
    ['normal, asked 7 days ago', settings({ question: 7 }), true, true],
    ['fewer, nudged 6 days ago', settings({ fewer: true, nudge: 6 }), false, false],
    ['fewer, nudged 7 days ago', settings({ fewer: true, nudge: 7 }), true, true],
    ['fewer, never nudged', settings({ fewer: true }), true, true],
    ['fewer, asked 10 days ago but nudged 2 days ago', settings({ fewer: true, question: 10, nudge: 2 }), false, false],
  ])('%s', (_n, s, nudge, ask) => {
    expect(mayNudge(s, NOW)).toBe(nudge);
    expect(mayAsk(s, NOW, 'Europe/London')).toBe(ask);
  });
  it('never asks at night, whatever else holds', () => {
    expect(mayAsk(settings(), new Date('2026-11-23T23:30:00Z'), 'Europe/London')).toBe(false);
    expect(mayAsk(settings(), new Date('2026-11-23T23:30:00Z'), 'Asia/Tokyo')).toBe(false); // 08:30 there
    expect(mayAsk(settings(), new Date('2026-11-24T01:30:00Z'), 'Asia/Tokyo')).toBe(true); // 10:30 there
  });
});

const q = (id: number, kind: Checkin['kind'], queuedDaysAgo: number, mentorshipId = 1): Checkin => ({
  id,
  teamId: 'T',
  kind,
  mentorshipId,
  reportId: kind === 'meeting' ? id : null,
  personId: 'UMIA',
  otherId: 'USAM',
  queuedAt: ago(queuedDaysAgo),
  askedAt: null,
  channel: null,
  ts: null,
  score: null,
  comment: null,
  answeredAt: null,
  metOn: null,
  topicName: null,
});

describe('pickQuestion', () => {
  it.each([
    ['nothing waiting', [], undefined, []],
    ['one meeting', [q(1, 'meeting', 1)], 1, []],
    ['the newest meeting; older ones dropped', [q(1, 'meeting', 5), q(2, 'meeting', 3), q(3, 'meeting', 1)], 3, [1, 2]],
    ['expired ones dropped', [q(1, 'meeting', 22), q(2, 'meeting', 2)], 2, [1]],
    ['only expired', [q(1, 'meeting', 30)], undefined, [1]],
    [
      "a close-out first, its own meetings dropped, another mentorship's kept",
      [q(1, 'meeting', 3, 1), q(2, 'meeting', 2, 2), q(3, 'closeout', 1, 1)],
      3,
      [1],
    ],
  ])('%s', (_n, waiting, ask, drop) => {
    const picked = pickQuestion(waiting, NOW);
    expect(picked.ask?.id).toBe(ask);
    expect(picked.drop.map((c) => c.id).sort()).toEqual(drop);
  });
});

describe('tellAdmins and parseScoreValue', () => {
  it.each([
    [{ score: 1, comment: null }, true],
    [{ score: 2, comment: null }, true],
    [{ score: 3, comment: null }, false],
    [{ score: 5, comment: 'thanks' }, true],
    [{ score: 4, comment: '' }, false],
  ])('%o → %s', (c, expected) => expect(tellAdmins(c)).toBe(expected));
  it.each([
    ['12:3', { id: 12, score: 3 }],
    ['12:6', undefined],
    ['0:3', undefined],
    ['x:1', undefined],
    [undefined, undefined],
  ])('%s', (v, expected) => expect(parseScoreValue(v)).toEqual(expected));
});

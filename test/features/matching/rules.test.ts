import { describe, expect, it } from 'vitest';
import {
  type CandidateFacts,
  type Need,
  rankCandidates,
  scoreCandidate,
  utcOffsetMinutes,
} from '../../../src/features/matching/rules.ts';
import { checkOfferForm, profileSummary } from '../../../src/features/profiles/rules.ts';
import type { FamiliarityLevel } from '../../../src/storage/familiarity.ts';

const TOPIC = 7;
const need: Need = {
  menteeId: 'UMENTEE',
  topicId: TOPIC,
  topicName: 'Data',
  menteeLevel: 1,
  utcOffsetMinutes: 0,
  today: '2026-11-23',
};
const base: CandidateFacts = {
  supporterId: 'USUP',
  topics: new Map<number, FamiliarityLevel>([[TOPIC, 4]]),
  capacity: 5,
  load: 2,
  awayUntil: null,
  utcOffsetMinutes: 0,
  openWithMentee: [],
};
const c = (over: Partial<CandidateFacts>): CandidateFacts => ({ ...base, ...over });

describe('scoreCandidate: each rule and the words it gives', () => {
  it.each([
    [
      'teaches the topic to a beginner',
      c({}),
      need,
      40 + 15 + 12 + 10,
      ['teaches Data', '2 of 5 places taken', 'same time zone'],
    ],
    [
      'confident, mentee level unknown',
      c({ topics: new Map([[TOPIC, 3]]) }),
      { ...need, menteeLevel: undefined },
      30 + 12 + 10,
      ['confident in Data'],
    ],
    [
      'learning it, still ahead of a beginner',
      c({ topics: new Map([[TOPIC, 2]]) }),
      need,
      20 + 5 + 12 + 10,
      ['learning Data'],
    ],
    [
      'no further along than the mentee',
      c({ topics: new Map([[TOPIC, 2]]) }),
      { ...need, menteeLevel: 3 as const },
      20 - 20 + 12 + 10,
      ['learning Data, no further along than the mentee'],
    ],
    ['does not offer the topic', c({ topics: new Map([[99, 4]]) }), need, -30 + 12 + 10, ['does not offer Data']],
    ['full', c({ load: 5 }), need, 40 + 15 - 50 + 10, ['full: 5 of 5 places taken']],
    ['over capacity', c({ load: 6, capacity: 3 }), need, 40 + 15 - 50 + 10, ['full: 6 of 3 places taken']],
    ['empty, all room', c({ load: 0 }), need, 40 + 15 + 20 + 10, ['0 of 5 places taken']],
    ['two hours away', c({ utcOffsetMinutes: 120 }), need, 40 + 15 + 12 + 5, ['2 h apart']],
    ['five hours away: no score either way', c({ utcOffsetMinutes: -300 }), need, 40 + 15 + 12, ['5 h apart']],
    ['nine hours away', c({ utcOffsetMinutes: 540 }), need, 40 + 15 + 12 - 5, ['9 h apart']],
    ['zone unknown', c({ utcOffsetMinutes: null }), need, 40 + 15 + 12, ['teaches Data', '2 of 5 places taken']],
    ['away until a later day', c({ awayUntil: '2026-12-20' }), need, 40 + 15 + 12 + 10 - 100, ['away until 20 Dec']],
    [
      'away until today still counts as away',
      c({ awayUntil: '2026-11-23' }),
      need,
      40 + 15 + 12 + 10 - 100,
      ['away until 23 Nov'],
    ],
    ['back since yesterday', c({ awayUntil: '2026-11-22' }), need, 40 + 15 + 12 + 10, ['same time zone']],
    [
      'supports them on another topic',
      c({ openWithMentee: [3] }),
      need,
      40 + 15 + 12 + 10 - 5,
      ['already supports them in another topic'],
    ],
    [
      'no topic asked: counts what they offer',
      c({
        topics: new Map([
          [1, 3],
          [2, 4],
        ]),
      }),
      { ...need, topicId: null, topicName: null, menteeLevel: undefined },
      12 + 10,
      ['offers 2 topics'],
    ],
  ])('%s', (_name, cand, n, score, words) => {
    const s = scoreCandidate(cand, n)!;
    expect(s.score).toBe(score);
    for (const w of words) expect(s.reasons).toContain(w);
  });

  it('says only what tells an ordinary candidate apart: nothing about being available or not yet supporting them', () => {
    expect(scoreCandidate(c({ load: 1, capacity: 4, utcOffsetMinutes: 120 }), need)!.reasons).toEqual([
      'teaches Data',
      '1 of 4 places taken',
      '2 h apart',
    ]);
    expect(scoreCandidate(c({ capacity: 1, load: 0 }), need)!.reasons).toContain('0 of 1 place taken');
  });

  it.each([
    ['the mentee themselves', c({ supporterId: 'UMENTEE' }), need],
    ['already supports them on this topic', c({ openWithMentee: [TOPIC] }), need],
    [
      'already supports them with no topic, asked for no topic',
      c({ openWithMentee: [null] }),
      { ...need, topicId: null },
    ],
  ])('never suggests %s', (_name, cand, n) => {
    expect(scoreCandidate(cand, n)).toBeUndefined();
  });
});

describe('rankCandidates', () => {
  it('puts the one with room above a full one who knows the topic as well, and keeps three', () => {
    const ranked = rankCandidates(
      [
        c({ supporterId: 'UFULL', load: 5 }),
        c({ supporterId: 'UROOM', load: 1 }),
        c({ supporterId: 'UAWAY', awayUntil: '2027-01-01' }),
        c({ supporterId: 'UNONE', topics: new Map() }),
        c({ supporterId: 'UMENTEE' }),
      ],
      need,
    );
    // Full (40+15-50+10 = 15) still beats someone with room who does not offer the topic (-30+12+10 = -8);
    // away (-100) and the mentee themselves drop out of the three.
    expect(ranked.map((s) => s.supporterId)).toEqual(['UROOM', 'UFULL', 'UNONE']);
    expect(ranked.map((s) => s.score)).toEqual([40 + 15 + 16 + 10, 15, -8]);
  });

  it('breaks ties by fewer mentees, then by id', () => {
    const ranked = rankCandidates(
      [
        c({ supporterId: 'UB', load: 2 }),
        c({ supporterId: 'UA', load: 2 }),
        c({ supporterId: 'UC', load: 2, capacity: 5 }),
      ],
      need,
      5,
    );
    expect(ranked.map((s) => s.supporterId)).toEqual(['UA', 'UB', 'UC']);
    const byLoad = rankCandidates(
      [c({ supporterId: 'UA', load: 3, capacity: 10 }), c({ supporterId: 'UB', load: 1, capacity: 2 })],
      need,
      5,
    );
    // UA: room 7/10 -> 14; UB: room 1/2 -> 10, so UA leads on score despite more mentees.
    expect(byLoad.map((s) => s.supporterId)).toEqual(['UA', 'UB']);
  });

  it('returns nothing when nobody can be suggested', () => {
    expect(rankCandidates([], need)).toEqual([]);
  });
});

describe('utcOffsetMinutes', () => {
  it.each([
    ['Asia/Kolkata', '2026-11-23T00:00:00Z', 330],
    ['America/New_York', '2026-11-23T00:00:00Z', -300],
    ['America/New_York', '2026-07-01T00:00:00Z', -240],
    ['Europe/London', '2026-11-23T00:00:00Z', 0],
    ['Not/AZone', '2026-11-23T00:00:00Z', null],
    [null, '2026-11-23T00:00:00Z', null],
  ])('%s at %s is %s', (tz, at, expected) => {
    expect(utcOffsetMinutes(tz, new Date(at))).toBe(expected);
  });
});

describe('checkOfferForm', () => {
  const today = '2026-11-23';
  it.each([
    [
      'empty form',
      { capacity: undefined, awayUntil: undefined, levels: new Map() },
      { profile: { capacity: null, awayUntil: null, topics: [] } },
    ],
    [
      'two topics and a date',
      {
        capacity: '3',
        awayUntil: '2026-12-01',
        levels: new Map([
          [1, '4'],
          [2, '1'],
        ]),
      },
      {
        profile: {
          capacity: 3,
          awayUntil: '2026-12-01',
          topics: [
            { topicId: 1, level: 4 },
            { topicId: 2, level: 1 },
          ],
        },
      },
    ],
    [
      'zero capacity is allowed',
      { capacity: '0', awayUntil: today, levels: new Map() },
      { profile: { capacity: 0, awayUntil: today, topics: [] } },
    ],
  ])('%s', (_n, form, expected) => {
    expect(checkOfferForm(form, today)).toEqual(expected);
  });
  it.each([
    ['a fraction', { capacity: '2.5', awayUntil: undefined, levels: new Map() }, 'offer_capacity'],
    ['too many', { capacity: '51', awayUntil: undefined, levels: new Map() }, 'offer_capacity'],
    ['a past date', { capacity: undefined, awayUntil: '2026-11-22', levels: new Map() }, 'offer_away'],
    [
      'a level that is not on the scale',
      { capacity: undefined, awayUntil: undefined, levels: new Map([[5, '9']]) },
      'offer_topic_5',
    ],
  ])('refuses %s', (_n, form, field) => {
    const r = checkOfferForm(form, today);
    expect('errors' in r && Object.keys(r.errors)).toEqual([field]);
  });
});

describe('profileSummary', () => {
  it('writes the away date as every other date, with the year only when it is not this one', () => {
    const p = { capacity: 2, topics: [{ topicName: 'Data', level: 3 }] };
    expect(profileSummary({ ...p, awayUntil: '2026-12-20' }, 5, '2026-11-23')).toBe(
      'Data (3 of 4) · up to 2 mentees · away until 20 Dec',
    );
    expect(profileSummary({ ...p, awayUntil: '2027-01-04' }, 5, '2026-11-23')).toBe(
      'Data (3 of 4) · up to 2 mentees · away until 4 Jan 2027',
    );
    expect(profileSummary({ ...p, awayUntil: '2026-11-01' }, 5, '2026-11-23')).toBe(
      'Data (3 of 4) · up to 2 mentees · available now',
    );
  });
});

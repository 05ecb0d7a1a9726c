import { describe, expect, it } from 'vitest';
import { cohortLength, nextCohort, nextCohortName } from '../../../src/features/cohorts/rules.ts';
import type { Programme } from '../../../src/storage/programmes.ts';
import { programmeSettings } from '../../support/programmes.ts';

const cohort = (o: Partial<Programme> = {}): Programme => ({
  ...programmeSettings({ name: 'Graduate mentoring', kind: 'cohort' }),
  id: 7,
  teamId: 'T1',
  isDefault: false,
  createdBy: 'UADA',
  createdAt: '2026-10-01T00:00:00.000Z',
  endedAt: '2027-04-30T10:00:00.000Z',
  status: 'closed',
  ...o,
});

describe('Run again', () => {
  it('numbers the next run after the last', () => {
    expect(nextCohortName('Graduate mentoring')).toBe('Graduate mentoring (2)');
    expect(nextCohortName('Graduate mentoring (2)')).toBe('Graduate mentoring (3)');
    expect(nextCohortName('Class of (2026)')).toBe('Class of (2027)');
  });

  it('moves every date on by the cohort length, first day to last, so the next starts the day after', () => {
    const p = cohort({
      startsOn: '2027-01-01',
      endsOn: '2027-01-31',
      enrolOpensOn: '2026-12-01',
      enrolClosesOn: '2027-01-10',
    });
    expect(cohortLength(p)).toBe(31);
    expect(nextCohort(p)).toMatchObject({
      name: 'Graduate mentoring (2)',
      status: 'draft',
      startsOn: '2027-02-01',
      endsOn: '2027-03-03',
      enrolOpensOn: '2027-01-01',
      enrolClosesOn: '2027-02-10',
      previousId: 7,
    });
  });

  it('keeps dates empty when the cohort had no start or end to measure it by', () => {
    const next = nextCohort(cohort({ endsOn: '2027-01-31', enrolOpensOn: '2026-12-01' }));
    expect(next).toMatchObject({ startsOn: null, endsOn: null, enrolOpensOn: null });
  });
});

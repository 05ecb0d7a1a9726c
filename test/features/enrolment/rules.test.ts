import { describe, expect, it } from 'vitest';
import {
  answerReason,
  answersFor,
  joinRefusal,
  listedForJoining,
  rolesLeft,
  rolesOpenTo,
} from '../../../src/features/enrolment/rules.ts';
import type { ProgrammeMember } from '../../../src/storage/programme-members.ts';
import type { Programme } from '../../../src/storage/programmes.ts';
import { programmeSettings } from '../../support/programmes.ts';

const programme = (o: Partial<Programme> = {}): Programme => ({
  ...programmeSettings({ name: 'Graduate mentoring' }),
  id: 3,
  teamId: 'T1',
  isDefault: false,
  createdBy: 'UADA',
  createdAt: '2026-10-01T00:00:00.000Z',
  endedAt: null,
  ...o,
});
const member = (o: Partial<ProgrammeMember>): ProgrammeMember => ({
  programmeId: 3,
  userId: 'UMIA',
  role: 'mentee',
  answers: [],
  addedBy: null,
  joinedAt: null,
  createdAt: '2026-10-01T00:00:00.000Z',
  ...o,
});
const TODAY = '2026-11-23';

describe('who may join a programme', () => {
  it('takes mentees, and supporters only where it takes self-enrolled ones', () => {
    expect(rolesOpenTo(programme(), [])).toEqual(['mentee']);
    expect(rolesOpenTo(programme({ supportersSelfEnrol: true }), [])).toEqual(['mentee', 'supporter']);
    expect(rolesLeft(programme({ supportersSelfEnrol: true }), [member({ joinedAt: TODAY })])).toEqual(['supporter']);
  });

  it('refuses a draft, a closed programme and a cohort outside its window, saying why and when', () => {
    expect(joinRefusal(programme({ status: 'draft' }), [], TODAY)).toContain('not open yet');
    expect(joinRefusal(programme({ status: 'archived' }), [], TODAY)).toContain('is closed');
    const cohort = programme({ kind: 'cohort', enrolOpensOn: '2027-01-04', enrolClosesOn: '2027-01-31' });
    expect(joinRefusal(cohort, [], TODAY)).toBe(
      'Enrolment for *Graduate mentoring* opens on 4 Jan 2027. Try again from then.',
    );
    expect(joinRefusal(cohort, [], '2027-01-04')).toBeUndefined();
    expect(joinRefusal(cohort, [], '2027-01-31')).toBeUndefined();
    expect(joinRefusal(cohort, [], '2027-02-01')).toContain('closed on 31 Jan');
  });

  it('an invite-only programme takes only the people, and the roles, its managers added', () => {
    const erg = programme({ inviteOnly: true, supportersSelfEnrol: true });
    expect(joinRefusal(erg, [], TODAY, ['UMGR'])).toBe(
      '*Graduate mentoring* is by invitation only: ask <@UMGR> to add you.',
    );
    // Joining by oneself is not being added.
    expect(rolesOpenTo(erg, [member({ joinedAt: TODAY })])).toEqual([]);
    expect(rolesOpenTo(erg, [member({ role: 'supporter', addedBy: 'UMGR' })])).toEqual(['supporter']);
  });

  it('never lists the default programme: everyone is in it already', () => {
    expect(listedForJoining(programme({ isDefault: true }), [], TODAY)).toBe(false);
    expect(listedForJoining(programme(), [], TODAY)).toBe(true);
  });

  it('keeps one answer per question, trimmed and cut to size', () => {
    const p = programme({ questions: [{ text: 'Why?' }, { text: 'When?', choices: ['Now'] }] });
    expect(answersFor(p, ['  because  ', undefined, 'extra'])).toEqual(['because', '']);
    expect(answersFor(p, ['x'.repeat(600)])[0]).toHaveLength(500);
  });

  it("quotes a supporter's answer that names the topic, around the name", () => {
    expect(answerReason(['I love public speaking'], 'Public speaking')).toBe(
      'said on joining: "I love public speaking"',
    );
    const long = `${'a'.repeat(40)} data analysis ${'b'.repeat(40)}`;
    expect(answerReason([long], 'Data analysis')).toBe(
      `said on joining: "…${'a'.repeat(19)} data analysis ${'b'.repeat(19)}…"`,
    );
    expect(answerReason(['nothing to do with it'], 'Data analysis')).toBeUndefined();
    expect(answerReason(['data analysis'], null)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  agreementChange,
  matchProgramme,
  type ProgrammeForm,
  parseQuestions,
  programmeFormProblems,
  programmeTerms,
  showsInFull,
  splitProgrammeWords,
} from '../../../src/features/programmes/rules.ts';

const config = { feedback: { intervalDays: 30 }, maxMenteesPerSupporter: 3 } as Parameters<typeof programmeTerms>[1];

describe('programmeTerms', () => {
  it("takes the programme's own rhythm and limit, and the settings' where it has none", () => {
    expect(programmeTerms({ reportEveryDays: 14, maxMentees: 1 }, config)).toEqual({
      reportEveryDays: 14,
      maxMentees: 1,
    });
    expect(programmeTerms({ reportEveryDays: null, maxMentees: null }, config)).toEqual({
      reportEveryDays: 30,
      maxMentees: 3,
    });
    expect(programmeTerms(undefined, config)).toEqual({ reportEveryDays: 30, maxMentees: 3 });
  });
});

describe('matchProgramme', () => {
  const all = [{ name: 'Graduate mentoring' }, { name: 'Leadership coaching' }];
  it('matches ignoring case and spacing, else names the closest, else nothing', () => {
    expect(matchProgramme('  leadership   COACHING ', all)).toEqual({ found: all[1] });
    expect(matchProgramme('graduat mentoring', all)).toEqual({ closest: all[0] });
    expect(matchProgramme('lead', all)).toEqual({ closest: all[1] });
    expect(matchProgramme('cooking', all)).toEqual({ closest: undefined });
  });
});

describe('splitProgrammeWords', () => {
  it('takes the words after the last "in", leaving the kind and "silently" to the assignment', () => {
    expect(splitProgrammeWords(['Data', 'in', 'Leadership', 'coaching'])).toEqual({
      words: ['Data'],
      programme: 'Leadership coaching',
    });
    expect(splitProgrammeWords(['in', 'Grads', 'as', 'coach', 'silently'])).toEqual({
      words: ['as', 'coach', 'silently'],
      programme: 'Grads',
    });
    expect(splitProgrammeWords(['in', 'Grads', 'silently'])).toEqual({ words: ['silently'], programme: 'Grads' });
    expect(splitProgrammeWords(['Data', 'analysis'])).toEqual({ words: ['Data', 'analysis'], programme: undefined });
    expect(splitProgrammeWords(['Data', 'in'])).toEqual({ words: ['Data', 'in'], programme: undefined });
  });
});

describe('parseQuestions', () => {
  it('reads a question a line, with choices after a "|"', () => {
    expect(parseQuestions('What do you hope for?\nHow often? | weekly, monthly\n\n')).toEqual([
      { text: 'What do you hope for?' },
      { text: 'How often?', choices: ['weekly', 'monthly'] },
    ]);
  });
  it('refuses more than five, a choice question with one choice, and a line with no question', () => {
    expect(parseQuestions('a\nb\nc\nd\ne\nf')).toEqual({ error: 'Up to five questions; there are 6.' });
    expect(parseQuestions('How often? | weekly')).toMatchObject({ error: expect.stringContaining('two choices') });
    expect(parseQuestions('| a, b')).toMatchObject({ error: expect.stringContaining('needs a question') });
  });
});

describe('programmeFormProblems', () => {
  const form: ProgrammeForm = {
    name: 'Graduate mentoring',
    purpose: null,
    status: 'open',
    kind: 'cohort',
    startsOn: '2027-01-01',
    endsOn: '2027-06-30',
    enrolOpensOn: null,
    enrolClosesOn: null,
    reportEveryDays: 30,
    maxMentees: 2,
    supporterKinds: null,
    topicIds: null,
    pairing: 'assign',
    inviteOnly: false,
    supportersSelfEnrol: false,
    questionsText: '',
    managers: [],
    agreement: '',
  };
  it('accepts a complete cohort', () => {
    expect(programmeFormProblems(form, [{ name: 'Mentoring' }])).toEqual({});
  });
  it('names each problem under its field', () => {
    expect(programmeFormProblems({ ...form, startsOn: null, endsOn: null }, [])).toEqual({
      starts: 'A cohort needs a start date.',
      ends: 'A cohort needs an end date.',
    });
    expect(programmeFormProblems({ ...form, endsOn: '2026-12-01' }, [])).toEqual({
      ends: 'The end date must come after the start date.',
    });
    expect(programmeFormProblems({ ...form, enrolOpensOn: '2026-12-10', enrolClosesOn: '2026-12-01' }, [])).toEqual({
      enrolCloses: 'Enrolment must close on or after the day it opens.',
    });
    expect(programmeFormProblems({ ...form, name: 'graduate  MENTORING' }, [{ name: 'Graduate mentoring' }])).toEqual({
      name: 'There is already a programme called graduate  MENTORING: pick another name.',
    });
    expect(programmeFormProblems({ ...form, reportEveryDays: 0, maxMentees: 99 }, [])).toMatchObject({
      every: expect.any(String),
      max: expect.any(String),
    });
  });
  it('asks an ongoing programme for no dates', () => {
    expect(programmeFormProblems({ ...form, kind: 'ongoing', startsOn: null, endsOn: null }, [])).toEqual({});
  });
});

describe('agreements', () => {
  it('versions only a changed text, and shows a short one in full', () => {
    expect(agreementChange(undefined, '  Meet monthly. ')).toBe('Meet monthly.');
    expect(agreementChange('Meet monthly.', 'Meet monthly.  ')).toBeUndefined();
    expect(agreementChange(undefined, '')).toBeUndefined();
    expect(showsInFull('x'.repeat(600))).toBe(true);
    expect(showsInFull('x'.repeat(601))).toBe(false);
  });
});

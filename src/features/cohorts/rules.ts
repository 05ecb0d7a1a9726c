import { addDays, daysBetween } from '../../calendar/dates.ts';
import type { Programme, ProgrammeSettings } from '../../storage/programmes.ts';

/*
 * A cohort's end and its next run, as plain rules. The end is counted in UTC days, as the
 * programme-wide report counts them: a workspace has no time zone of its own, and a cohort that
 * ends "on 30 June" ends once 30 June has begun everywhere Lifering counts it.
 */

/** "Graduate mentoring" → "Graduate mentoring (2)"; "Graduate mentoring (2)" → "Graduate mentoring (3)". */
export function nextCohortName(name: string): string {
  const m = /^(.*) \((\d{1,4})\)$/.exec(name);
  return m ? `${m[1]} (${Number(m[2]) + 1})` : `${name} (2)`;
}

/** How far a run's dates move for the next: its length, first day to last, so the next starts the day after it ends. */
export function cohortLength(p: Pick<Programme, 'startsOn' | 'endsOn'>): number | undefined {
  if (!p.startsOn || !p.endsOn || p.endsOn < p.startsOn) return undefined;
  return daysBetween(p.startsOn, p.endsOn) + 1;
}

/**
 * The next cohort's settings: the same as this one's, every date moved on by the cohort's length,
 * as a draft its managers open when ready. Without both a start and an end, the dates stay empty.
 */
export function nextCohort(p: Programme): ProgrammeSettings {
  const length = cohortLength(p);
  const shift = (day: string | null) => (day && length !== undefined ? addDays(day, length) : null);
  return {
    name: nextCohortName(p.name),
    purpose: p.purpose,
    status: 'draft',
    kind: p.kind,
    startsOn: shift(p.startsOn),
    endsOn: shift(p.endsOn),
    enrolOpensOn: shift(p.enrolOpensOn),
    enrolClosesOn: shift(p.enrolClosesOn),
    reportEveryDays: p.reportEveryDays,
    maxMentees: p.maxMentees,
    supporterKinds: p.supporterKinds,
    topicIds: p.topicIds,
    pairing: p.pairing,
    inviteOnly: p.inviteOnly,
    supportersSelfEnrol: p.supportersSelfEnrol,
    questions: p.questions,
    previousId: p.id,
  };
}

import type { Config } from '../../config.ts';
import { closeness } from '../../slack/nearest.ts';
import {
  type Programme,
  type ProgrammeQuestion,
  type ProgrammeSettings,
  programmeKey,
} from '../../storage/programmes.ts';

/** A programme's rhythm and limit, its own or (NULL) the settings'. */
export interface ProgrammeTerms {
  reportEveryDays: number;
  maxMentees: number;
}

/** The one place a programme's terms resolve: NULL follows FEEDBACK_INTERVAL_DAYS and MAX_MENTEES_PER_SUPPORTER. */
export function programmeTerms(
  p: Pick<Programme, 'reportEveryDays' | 'maxMentees'> | undefined,
  config: Pick<Config, 'feedback' | 'maxMenteesPerSupporter'>,
): ProgrammeTerms {
  return {
    reportEveryDays: p?.reportEveryDays ?? config.feedback.intervalDays,
    maxMentees: p?.maxMentees ?? config.maxMenteesPerSupporter,
  };
}

/** The rhythm of one pair, from its programme's column (null: the setting). */
export const reportEveryDaysOf = (own: number | null | undefined, config: Pick<Config, 'feedback'>): number =>
  own ?? config.feedback.intervalDays;

/** An agreement this long or shorter is shown in full in the invitation; a longer one opens in a modal. */
export const AGREEMENT_INLINE_MAX = 600;
/** Slack's longest text input. */
export const AGREEMENT_MAX = 3000;

export const showsInFull = (text: string): boolean => text.length <= AGREEMENT_INLINE_MAX;

/** How many typos a programme name of this length may carry and still be suggested. */
const allowedTypos = (name: string): number => (name.length <= 6 ? 1 : name.length <= 10 ? 2 : 3);

/**
 * The programme a typed name means: exactly (as topic names compare), or else the closest one to
 * suggest (a typed start of four letters or more, or a few typos), or neither.
 */
export function matchProgramme<P extends Pick<Programme, 'name'>>(
  typed: string,
  programmes: readonly P[],
): { found: P } | { closest: P | undefined } {
  const key = programmeKey(typed);
  const exact = programmes.find((p) => programmeKey(p.name) === key);
  if (exact) return { found: exact };
  let best: { p: P; d: number } | undefined;
  for (const p of programmes) {
    const d = closeness(key, programmeKey(p.name), { minPrefix: 4, maxDistance: allowedTypos });
    if (d !== undefined && (!best || d < best.d)) best = { p, d };
  }
  return { closest: best?.p };
}

/**
 * Splits the words after the mentions of `/mentor assign` at the last standalone "in": what
 * follows names the programme, up to an "as <kind>" or a trailing "silently", which stay the
 * assignment's. Without one, nothing changes.
 */
export function splitProgrammeWords(words: readonly string[]): { words: string[]; programme: string | undefined } {
  const at = words.findLastIndex((w) => w.toLowerCase() === 'in');
  if (at < 0) return { words: [...words], programme: undefined };
  let end = words.length;
  const asAt = words.findIndex((w, i) => i > at && w.toLowerCase() === 'as');
  if (asAt > at) end = asAt;
  else if (words.at(-1)?.toLowerCase() === 'silently') end -= 1;
  const programme = words.slice(at + 1, end).join(' ');
  if (!programme) return { words: [...words], programme: undefined };
  return { words: [...words.slice(0, at), ...words.slice(end)], programme };
}

/** Questions as typed in the form: one a line, and `Question? | choice, choice` for a choice. */
export function parseQuestions(text: string): ProgrammeQuestion[] | { error: string } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 5) return { error: `Up to five questions; there are ${lines.length}.` };
  const questions: ProgrammeQuestion[] = [];
  for (const line of lines) {
    const [q, choices] = line.split('|', 2).map((s) => s.trim());
    if (!q) return { error: 'Each line needs a question before any "|".' };
    if (choices === undefined) {
      questions.push({ text: q.slice(0, 300) });
      continue;
    }
    const list = choices
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (list.length < 2) return { error: `"${q.slice(0, 60)}" needs two choices or more after "|", split by commas.` };
    questions.push({ text: q.slice(0, 300), choices: list.slice(0, 10).map((c) => c.slice(0, 75)) });
  }
  return questions;
}

/** The questions as the form shows them again. */
export const questionsText = (qs: readonly ProgrammeQuestion[]): string =>
  qs.map((q) => (q.choices?.length ? `${q.text} | ${q.choices.join(', ')}` : q.text)).join('\n');

/** What the programme form holds, read from its fields (src/features/programmes/form.ts). */
export type ProgrammeForm = Omit<ProgrammeSettings, 'questions' | 'previousId'> & {
  questionsText: string;
  managers: string[];
  agreement: string;
};

/** The form's problems by block id (src/features/programmes/views.ts FIELDS), for response_action "errors". */
export function programmeFormProblems(
  f: ProgrammeForm,
  others: readonly Pick<Programme, 'name'>[],
): Partial<Record<'name' | 'starts' | 'ends' | 'enrolCloses' | 'every' | 'max' | 'questions' | 'agreement', string>> {
  const p: ReturnType<typeof programmeFormProblems> = {};
  if (!f.name.trim()) p.name = 'Give the programme a name.';
  else if (others.some((o) => programmeKey(o.name) === programmeKey(f.name)))
    p.name = `There is already a programme called ${f.name.trim()}: pick another name.`;
  if (f.kind === 'cohort') {
    if (!f.startsOn) p.starts = 'A cohort needs a start date.';
    if (!f.endsOn) p.ends = 'A cohort needs an end date.';
    else if (f.startsOn && f.endsOn <= f.startsOn) p.ends = 'The end date must come after the start date.';
    if (f.enrolOpensOn && f.enrolClosesOn && f.enrolClosesOn < f.enrolOpensOn)
      p.enrolCloses = 'Enrolment must close on or after the day it opens.';
  }
  if (f.reportEveryDays !== null && (f.reportEveryDays < 1 || f.reportEveryDays > 365))
    p.every = 'Between 1 and 365 days, or leave it empty for the default.';
  if (f.maxMentees !== null && (f.maxMentees < 1 || f.maxMentees > 50))
    p.max = 'Between 1 and 50, or leave it empty for the default.';
  const qs = parseQuestions(f.questionsText);
  if ('error' in qs) p.questions = qs.error;
  if (f.agreement.length > AGREEMENT_MAX) p.agreement = `Keep it to ${AGREEMENT_MAX.toLocaleString('en')} characters.`;
  return p;
}

/** The agreement text to store as a new version, or undefined when it did not change. */
export function agreementChange(current: string | undefined, typed: string): string | undefined {
  const next = typed.trim();
  if (next === (current ?? '').trim()) return undefined;
  return next ? next : undefined;
}

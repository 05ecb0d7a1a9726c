import type { Deps } from '../../deps.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedDate, selectedUsers, selectedValue, selectedValues, textOf } from '../../slack/view-state.ts';
import {
  DuplicateProgrammeError,
  type Pairing,
  type Programme,
  type ProgrammeKind,
  type ProgrammeSettings,
  type ProgrammeStatus,
} from '../../storage/programmes.ts';
import type { SupporterKind } from '../../storage/rows.ts';
import type { ViewArgs } from '../feature.ts';
import { sendNewAgreement } from './agreement.ts';
import { mayEditProgramme } from './page.ts';
import { agreementChange, type ProgrammeForm, parseQuestions, programmeFormProblems } from './rules.ts';
import { ProgrammeFormMetaValue } from './values.ts';
import { FIELDS, OPTION_INVITE_ONLY, OPTION_SELF_ENROL } from './views.ts';

type Values = ViewArgs['view']['state']['values'];

const STATUSES: readonly ProgrammeStatus[] = ['draft', 'open', 'closed', 'archived'];
const PAIRINGS: readonly Pairing[] = ['assign', 'choose', 'choose_approved'];
const KINDS: readonly SupporterKind[] = ['mentor', 'coach', 'advisor', 'on_demand_advisor'];

const oneOf = <T extends string>(all: readonly T[], v: string | undefined, fallback: T): T =>
  all.includes(v as T) ? (v as T) : fallback;
const wholeNumber = (v: string | undefined): number | null => (v && /^-?\d{1,6}$/.test(v) ? Number(v) : null);

/** The form as typed; values Slack would not send (an unknown option) fall back to the defaults. */
export function readProgrammeForm(values: Values): ProgrammeForm {
  const kind: ProgrammeKind = selectedValue(values, FIELDS.kind) === 'cohort' ? 'cohort' : 'ongoing';
  const cohort = (d: string | undefined) => (kind === 'cohort' ? (d ?? null) : null);
  const kinds = selectedValues(values, FIELDS.supporterKinds).filter((k): k is SupporterKind =>
    KINDS.includes(k as SupporterKind),
  );
  const topics = selectedValues(values, FIELDS.topics)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const flags = selectedValues(values, FIELDS.options);
  return {
    name: textOf(values, FIELDS.name) ?? '',
    purpose: textOf(values, FIELDS.purpose) ?? null,
    status: oneOf(STATUSES, selectedValue(values, FIELDS.status), 'draft'),
    kind,
    startsOn: cohort(selectedDate(values, FIELDS.starts)),
    endsOn: cohort(selectedDate(values, FIELDS.ends)),
    enrolOpensOn: cohort(selectedDate(values, FIELDS.enrolOpens)),
    enrolClosesOn: cohort(selectedDate(values, FIELDS.enrolCloses)),
    reportEveryDays: wholeNumber(textOf(values, FIELDS.every)),
    maxMentees: wholeNumber(textOf(values, FIELDS.max)),
    supporterKinds: kinds.length ? kinds : null,
    topicIds: topics.length ? topics : null,
    pairing: oneOf(PAIRINGS, selectedValue(values, FIELDS.pairing), 'assign'),
    inviteOnly: flags.includes(OPTION_INVITE_ONLY),
    supportersSelfEnrol: flags.includes(OPTION_SELF_ENROL),
    questionsText: textOf(values, FIELDS.questions) ?? '',
    managers: selectedUsers(values, FIELDS.managers),
    agreement: textOf(values, FIELDS.agreement) ?? '',
  };
}

const settingsOf = (f: ProgrammeForm, previousId: number | null): ProgrammeSettings => {
  const questions = parseQuestions(f.questionsText);
  const { managers: _m, agreement: _a, questionsText: _q, ...rest } = f;
  return { ...rest, questions: 'error' in questions ? [] : questions, previousId };
};

/** Stores the programme (new or edited); undefined with the name's error when another has that name meanwhile. */
async function store(deps: Deps, teamId: string, by: string, id: number | undefined, f: ProgrammeForm) {
  const { programmes } = deps.storage;
  try {
    if (!id) return await programmes.create(teamId, settingsOf(f, null), by, deps.now());
    const before = await programmes.get(teamId, id);
    return before ? await programmes.update(teamId, id, settingsOf(f, before.previousId)) : undefined;
  } catch (error) {
    if (error instanceof DuplicateProgrammeError) return { duplicate: error.programmeName };
    throw error;
  }
}

/** New programme and Edit: checks, stores, sets its managers, and versions a changed agreement. */
export async function onSaveProgramme(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const teamId = teamOf(body);
  const meta = readValue(ProgrammeFormMetaValue, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  if (!(await mayEditProgramme(deps, teamId, body.user.id, meta.id)))
    return ack({
      response_action: 'errors',
      errors: { [FIELDS.name]: "Only Lifering admins and this programme's managers can change it." },
    });
  const f = readProgrammeForm(view.state.values);
  const others = (await deps.storage.programmes.list(teamId)).filter((p) => p.id !== meta.id);
  const problems = programmeFormProblems(f, others);
  if (Object.keys(problems).length > 0) return ack({ response_action: 'errors', errors: problems });
  const saved = await store(deps, teamId, body.user.id, meta.id, f);
  if (!saved)
    return ack({ response_action: 'errors', errors: { [FIELDS.name]: "That programme doesn't exist any more." } });
  if ('duplicate' in saved)
    return ack({
      response_action: 'errors',
      errors: { [FIELDS.name]: `There is already a programme called ${saved.duplicate}: pick another name.` },
    });
  await ack({ response_action: 'clear' });
  await afterSave(deps, teamId, body.user.id, saved, f, !meta.id);
}

async function afterSave(deps: Deps, teamId: string, by: string, p: Programme, f: ProgrammeForm, created: boolean) {
  const { programmes, audit } = deps.storage;
  const now = deps.now();
  await programmes.setManagers(teamId, p.id, f.managers, by, now);
  await audit.record({
    teamId,
    actorId: by,
    action: created ? 'programme.created' : 'programme.edited',
    subjectType: 'programme',
    subjectId: p.id,
    at: now,
  });
  const current = await programmes.agreement(teamId, p.id);
  const text = agreementChange(current?.text, f.agreement);
  if (text) {
    const next = await programmes.setAgreement(teamId, p.id, text, by, now);
    await sendNewAgreement(deps, p, next);
  }
  deps.changes.changed(teamId, [by, ...f.managers]);
}

import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import {
  actions,
  button,
  context,
  divider,
  header,
  input,
  type Message,
  modal,
  option,
  plain,
  section,
} from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, quotedText, SUPPORTER_KIND_LABEL, shortDate, user } from '../../slack/text.ts';
import type { ProgrammeCounts } from '../../storage/programme-pairs.ts';
import type { Agreement, Pairing, Programme, ProgrammeStatus } from '../../storage/programmes.ts';
import type { SupporterKind, Topic } from '../../storage/rows.ts';
import { AGREEMENT_MAX, type ProgrammeTerms, questionsText, showsInFull } from './rules.ts';
import { agreeValue, programmeFormMeta, programmeValue } from './values.ts';

/** Block ids of the programme form; each input's action_id is the same string. */
export const FIELDS = {
  name: 'name',
  purpose: 'purpose',
  status: 'status',
  kind: 'kind',
  starts: 'starts',
  ends: 'ends',
  enrolOpens: 'enrolOpens',
  enrolCloses: 'enrolCloses',
  every: 'every',
  max: 'max',
  supporterKinds: 'supporterKinds',
  topics: 'topics',
  pairing: 'pairing',
  options: 'options',
  questions: 'questions',
  managers: 'managers',
  agreement: 'agreement',
} as const;

export const OPTION_INVITE_ONLY = 'invite_only';
export const OPTION_SELF_ENROL = 'self_enrol';

const STATUS_LABEL: Record<ProgrammeStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  closed: 'Closed',
  archived: 'Archived',
};
const PAIRING_LABEL: Record<Pairing, string> = {
  assign: 'Managers assign',
  choose: 'Mentees choose',
  choose_approved: 'Mentees choose, with approval',
};
const KINDS: SupporterKind[] = ['mentor', 'coach', 'advisor', 'on_demand_advisor'];

const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

/** "ongoing", or "cohort, 1 Feb – 30 Jun". */
export function kindText(p: Programme, today: Date): string {
  if (p.kind === 'ongoing') return 'ongoing';
  const span = p.startsOn && p.endsOn ? `, ${shortDate(p.startsOn, today)} – ${shortDate(p.endsOn, today)}` : '';
  return `cohort${span}`;
}

const pairsText = (c: ProgrammeCounts | undefined): string => {
  const active = c?.active ?? 0;
  const pending = c?.pending ?? 0;
  return `${active} active pair${active === 1 ? '' : 's'}${pending ? `, ${pending} pending` : ''}`;
};

export interface ProgrammeListInput {
  programmes: readonly Programme[];
  counts: ReadonlyMap<number, ProgrammeCounts>;
  isAdmin: boolean;
  today: Date;
}

/** `/mentor programmes`: a line each, and "New programme" for admins. */
export function programmesMessage(i: ProgrammeListInput): Message {
  const shown = i.programmes.slice(0, 40);
  const lines = shown.map(
    (p) =>
      `• *${inlineText(p.name, 80)}* · ${STATUS_LABEL[p.status].toLowerCase()} · ${kindText(p, i.today)} · ${pairsText(i.counts.get(p.id))}`,
  );
  const blocks: KnownBlock[] = [
    header('Programmes'),
    section(lines.join('\n') || 'No programmes yet.'),
    ...(i.programmes.length > shown.length ? [context(`and ${i.programmes.length - shown.length} more`)] : []),
    context('`/mentor programme <name>` shows one: its purpose, agreement, rhythm and managers.'),
  ];
  if (i.isAdmin) blocks.push(actions([button('New programme', ACTIONS.programmeNew, undefined, { style: 'primary' })]));
  return { text: `Programmes: ${i.programmes.length}.`, blocks };
}

export interface ProgrammePageInput {
  programme: Programme;
  terms: ProgrammeTerms;
  managers: readonly string[];
  counts: ProgrammeCounts | undefined;
  agreement: Agreement | undefined;
  /** Active supporters who have not agreed to the current version (shown to those who may edit). */
  notAgreed?: readonly string[] | undefined;
  canEdit: boolean;
  /** Whether a Join button is offered (the caller decides: an open programme, someone not running it). */
  join: boolean;
  today: Date;
}

function rhythmLines(i: ProgrammePageInput): string[] {
  const p = i.programme;
  const enrol =
    p.kind === 'cohort' && (p.enrolOpensOn || p.enrolClosesOn)
      ? [
          `*Enrolment:* ${p.enrolOpensOn ? `from ${shortDate(p.enrolOpensOn, i.today)}` : ''}${p.enrolClosesOn ? ` until ${shortDate(p.enrolClosesOn, i.today)}` : ''}`.trim(),
        ]
      : [];
  return [
    `*Status:* ${STATUS_LABEL[p.status]} · ${kindText(p, i.today)}`,
    ...enrol,
    `*Rhythm:* a meeting report every ${days(i.terms.reportEveryDays)} · up to ${i.terms.maxMentees} mentee${i.terms.maxMentees === 1 ? '' : 's'} per supporter`,
    `*Pairing:* ${PAIRING_LABEL[p.pairing]}${p.inviteOnly ? ' · invite only' : ''}${p.supportersSelfEnrol ? ' · supporters may enrol themselves' : ''}`,
    `*Managers:* ${i.managers.length ? i.managers.map(user).join(', ') : 'none (workspace admins run it)'}`,
    `*Pairs:* ${pairsText(i.counts)}`,
  ];
}

function agreementBlocks(i: ProgrammePageInput): KnownBlock[] {
  if (!i.agreement) return [section('*Support agreement:* none beyond the usual commitments.')];
  const a = i.agreement;
  const blocks: KnownBlock[] = [
    section(
      `*Support agreement* (version ${a.version}, ${shortDate(a.createdAt, i.today)})\n${quotedText(a.text, 2800)}`,
    ),
  ];
  if (i.notAgreed)
    blocks.push(
      context(
        i.notAgreed.length
          ? `Not yet agreed to this version: ${i.notAgreed.slice(0, 30).map(user).join(', ')}${i.notAgreed.length > 30 ? ` and ${i.notAgreed.length - 30} more` : ''}.`
          : 'Every active supporter has agreed to this version.',
      ),
    );
  return blocks;
}

/** `/mentor programme <name>`: its page, in a modal (Edit for those who run it, Join for others). */
export function programmePage(i: ProgrammePageInput): ModalView {
  const p = i.programme;
  const blocks: KnownBlock[] = [header(p.name)];
  if (p.purpose) blocks.push(section(quotedText(p.purpose, 2900)));
  blocks.push(section(rhythmLines(i).join('\n')), divider(), ...agreementBlocks(i));
  const buttons = [
    ...(i.canEdit ? [button('Edit', ACTIONS.programmeEdit, programmeValue(p.id))] : []),
    ...(i.join ? [button('Join', ACTIONS.programmeJoin, programmeValue(p.id), { style: 'primary' })] : []),
  ];
  if (buttons.length) blocks.push(actions(buttons));
  return modal({ callbackId: 'programme.page', title: 'Programme', close: 'Close', blocks });
}

export interface ProgrammeFormInput {
  /** Undefined for a new programme. */
  programme?: Programme | undefined;
  managers: readonly string[];
  agreement: string | undefined;
  topics: readonly Topic[];
}

const textInput = (id: string, initial: string | null | undefined, o: { multiline?: boolean; max?: number } = {}) => ({
  type: 'plain_text_input' as const,
  action_id: id,
  ...(o.multiline ? { multiline: true } : {}),
  ...(o.max ? { max_length: o.max } : {}),
  ...(initial ? { initial_value: initial } : {}),
});
const dateInput = (id: string, initial: string | null | undefined) => ({
  type: 'datepicker' as const,
  action_id: id,
  ...(initial ? { initial_date: initial } : {}),
});
const numberInput = (id: string, initial: number | null | undefined) => ({
  type: 'number_input' as const,
  action_id: id,
  is_decimal_allowed: false,
  ...(initial != null ? { initial_value: String(initial) } : {}),
});
const opt = (label: string, value: string): PlainTextOption => option(label, value);

function aboutInputs(p: Programme | undefined): KnownBlock[] {
  const statuses = (Object.keys(STATUS_LABEL) as ProgrammeStatus[]).map((s) => opt(STATUS_LABEL[s], s));
  const kinds = [opt('Ongoing', 'ongoing'), opt('Cohort (start and end dates)', 'cohort')];
  return [
    input(FIELDS.name, 'Name', textInput(FIELDS.name, p?.name, { max: 80 })),
    input(FIELDS.purpose, 'Purpose', textInput(FIELDS.purpose, p?.purpose, { multiline: true, max: 2000 }), {
      optional: true,
      hint: 'A short paragraph people read before joining.',
    }),
    input(FIELDS.status, 'Status', {
      type: 'static_select',
      action_id: FIELDS.status,
      options: statuses,
      initial_option: statuses.find((o) => o.value === (p?.status ?? 'draft')),
    }),
    input(FIELDS.kind, 'Kind', {
      type: 'radio_buttons',
      action_id: FIELDS.kind,
      options: kinds,
      initial_option: kinds.find((o) => o.value === (p?.kind ?? 'ongoing')),
    }),
    input(FIELDS.starts, 'Cohort starts', dateInput(FIELDS.starts, p?.startsOn), { optional: true }),
    input(FIELDS.ends, 'Cohort ends', dateInput(FIELDS.ends, p?.endsOn), { optional: true }),
    input(FIELDS.enrolOpens, 'Enrolment opens', dateInput(FIELDS.enrolOpens, p?.enrolOpensOn), { optional: true }),
    input(FIELDS.enrolCloses, 'Enrolment closes', dateInput(FIELDS.enrolCloses, p?.enrolClosesOn), {
      optional: true,
    }),
  ];
}

function termInputs(p: Programme | undefined, topics: readonly Topic[]): KnownBlock[] {
  const kindOpts = KINDS.map((k) => opt(SUPPORTER_KIND_LABEL[k], k));
  const topicOpts = topics.slice(0, 100).map((t) => opt(t.name, String(t.id)));
  const chosenTopics = topicOpts.filter((o) => p?.topicIds?.includes(Number(o.value)));
  const chosenKinds = kindOpts.filter((o) => p?.supporterKinds?.includes(o.value as SupporterKind));
  return [
    input(FIELDS.every, 'A meeting report every … days', numberInput(FIELDS.every, p?.reportEveryDays), {
      optional: true,
      hint: 'Leave empty for the workspace setting.',
    }),
    input(FIELDS.max, 'Mentees per supporter', numberInput(FIELDS.max, p?.maxMentees), {
      optional: true,
      hint: 'Leave empty for the workspace setting.',
    }),
    input(
      FIELDS.supporterKinds,
      'Supporter kinds',
      {
        type: 'checkboxes',
        action_id: FIELDS.supporterKinds,
        options: kindOpts,
        ...(chosenKinds.length ? { initial_options: chosenKinds } : {}),
      },
      { optional: true, hint: 'None ticked: every kind.' },
    ),
    ...(topicOpts.length
      ? [
          input(
            FIELDS.topics,
            'Topics',
            {
              type: 'multi_static_select',
              action_id: FIELDS.topics,
              placeholder: plain('All topics'),
              options: topicOpts,
              ...(chosenTopics.length ? { initial_options: chosenTopics } : {}),
            },
            { optional: true, hint: 'Leave empty for all topics.' },
          ),
        ]
      : []),
  ];
}

function pairingInputs(p: Programme | undefined): KnownBlock[] {
  const pairings = (Object.keys(PAIRING_LABEL) as Pairing[]).map((k) => opt(PAIRING_LABEL[k], k));
  const flags = [opt('Invite only', OPTION_INVITE_ONLY), opt('Supporters may enrol themselves', OPTION_SELF_ENROL)];
  const ticked = flags.filter((f) =>
    f.value === OPTION_INVITE_ONLY ? p?.inviteOnly : f.value === OPTION_SELF_ENROL ? p?.supportersSelfEnrol : false,
  );
  return [
    input(FIELDS.pairing, 'How pairs are made', {
      type: 'radio_buttons',
      action_id: FIELDS.pairing,
      options: pairings,
      initial_option: pairings.find((o) => o.value === (p?.pairing ?? 'assign')),
    }),
    input(
      FIELDS.options,
      'Enrolment',
      {
        type: 'checkboxes',
        action_id: FIELDS.options,
        options: flags,
        ...(ticked.length ? { initial_options: ticked } : {}),
      },
      { optional: true },
    ),
    input(
      FIELDS.questions,
      'Questions on joining',
      textInput(FIELDS.questions, p ? questionsText(p.questions) : '', { multiline: true, max: 2000 }),
      { optional: true, hint: 'Up to five, one a line. For a choice: Question? | first, second, third' },
    ),
  ];
}

/** New programme and Edit: one form. */
export function programmeForm(i: ProgrammeFormInput): ModalView {
  const p = i.programme;
  return modal({
    callbackId: ACTIONS.programmeSave,
    title: p ? 'Edit programme' : 'New programme',
    submit: 'Save',
    privateMetadata: programmeFormMeta(p?.id),
    blocks: [
      ...aboutInputs(p),
      ...termInputs(p, i.topics),
      ...pairingInputs(p),
      input(
        FIELDS.managers,
        'Managers',
        {
          type: 'multi_users_select',
          action_id: FIELDS.managers,
          ...(i.managers.length ? { initial_users: [...i.managers] } : {}),
        },
        { optional: true, hint: 'They run this programme, and only this one.' },
      ),
      input(
        FIELDS.agreement,
        'Support agreement',
        textInput(FIELDS.agreement, i.agreement, { multiline: true, max: AGREEMENT_MAX }),
        {
          optional: true,
          hint: 'Shown when a supporter is asked; accepting records the version. A change is sent to active supporters to agree to.',
        },
      ),
    ],
  });
}

/** The agreement in the invitation: in full when short, else a button to read it. */
export function agreementInOffer(programmeName: string | undefined, a: Agreement, mentorshipId: number): KnownBlock[] {
  const lead = `*${programmeName ? `${inlineText(programmeName, 80)}'s support agreement` : 'The support agreement'}* (accepting agrees to it)`;
  if (showsInFull(a.text)) return [section(`${lead}\n${quotedText(a.text)}`)];
  return [
    section(lead, {
      accessory: button(
        'Read the agreement',
        ACTIONS.readAgreement,
        agreeValue(a.programmeId, a.version, mentorshipId),
      ),
    }),
  ];
}

/** The agreement, whole, in a modal (from the invitation, Home or the new-version DM). */
export function agreementModal(
  programmeName: string,
  a: Agreement,
  agreedAt: string | undefined,
  today: Date,
): ModalView {
  return modal({
    callbackId: 'programme.agreement',
    title: 'Support agreement',
    close: 'Close',
    blocks: [
      section(`*${inlineText(programmeName, 80)}* · version ${a.version}`),
      section(quotedText(a.text, 2900)),
      ...(a.text.length > 2900 ? [section(quotedText(a.text.slice(2900), 2900))] : []),
      ...(agreedAt ? [context(`You agreed to it on ${shortDate(agreedAt, today)}.`)] : []),
    ],
  });
}

/** To an active supporter once the agreement changed: the new version, once, with Agree. */
export function newAgreementDm(programmeName: string, a: Agreement): Message {
  const text = `The support agreement of ${programmeName} has changed (version ${a.version}).`;
  return {
    text,
    blocks: [
      section(`*${inlineText(text)}*`),
      ...(showsInFull(a.text)
        ? [section(quotedText(a.text))]
        : [actions([button('Read the agreement', ACTIONS.readAgreement, agreeValue(a.programmeId, a.version))])]),
      actions([button('Agree', ACTIONS.agreeAgreement, agreeValue(a.programmeId, a.version), { style: 'primary' })]),
      context('Nothing ends if you do not agree; your mentorships carry on as they are.'),
    ],
  };
}

/** The same DM after Agree. */
export function agreedDm(programmeName: string, a: Agreement, today: Date): Message {
  const text = `You agreed to version ${a.version} of ${programmeName}'s support agreement on ${shortDate(today.toISOString(), today)}.`;
  return { text, blocks: [section(inlineText(text))] };
}

/** A support agreement a supporter agreed to: the newest version they agreed to, to reread from Home. */
export interface AgreedAgreement {
  programmeId: number;
  programmeName: string;
  version: number;
}

/** On a supporter's Home: a line and a Read button per programme agreement they agreed to. */
export function agreementLines(agreed: readonly AgreedAgreement[]): KnownBlock[] {
  return agreed.slice(0, 5).map((a) =>
    section(
      `:handshake: You agreed to *${inlineText(a.programmeName, 80)}*'s support agreement (version ${a.version}).`,
      {
        accessory: button('Read it again', ACTIONS.readAgreement, agreeValue(a.programmeId, a.version)),
      },
    ),
  );
}

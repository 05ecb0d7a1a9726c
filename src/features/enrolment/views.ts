import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { button, context, header, input, type Message, modal, option, plain, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, shortDate } from '../../slack/text.ts';
import type { MemberRole } from '../../storage/programme-members.ts';
import type { Programme, ProgrammeQuestion } from '../../storage/programmes.ts';
import { ANSWER_MAX } from './rules.ts';
import { joinFormMeta, joinValue } from './values.ts';

/** block_id and action_id of the join form's fields: the role, and one per question. */
export const JOIN_FORM = { role: 'join_role', question: (i: number) => `join_q_${i}` } as const;

const ROLE_LABEL: Record<MemberRole, string> = { mentee: 'A mentee', supporter: 'A supporter' };
const ROLE_HINT: Record<MemberRole, string> = {
  mentee: 'You would like support: a mentor, coach or advisor.',
  supporter: 'You would like to support others in it.',
};

const roleOption = (r: MemberRole): PlainTextOption => option(ROLE_LABEL[r], r, ROLE_HINT[r]);

/** A cohort's dates, when it has them: "Runs 12 Jan to 30 Jun · enrol until 20 Jan". */
function datesLine(p: Programme, today: Date): string | undefined {
  if (p.kind !== 'cohort') return undefined;
  const parts = [
    ...(p.startsOn && p.endsOn ? [`Runs ${shortDate(p.startsOn, today)} to ${shortDate(p.endsOn, today)}`] : []),
    ...(p.enrolClosesOn ? [`enrol until ${shortDate(p.enrolClosesOn, today)}`] : []),
  ];
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

export interface JoinListItem {
  programme: Programme;
  /** Roles they may still join in; none when they are in it in every role open to them. */
  left: MemberRole[];
  joined: MemberRole[];
}

/** `/mentor join`: the programmes open to this person, each with what it is for and a Join button. */
export function joinListMessage(items: readonly JoinListItem[], today: Date): Message {
  if (items.length === 0) {
    const text =
      'There is no programme open for you to join right now. To ask for a supporter, use `/mentor request`; to support others, `/mentor offer`.';
    return { text, blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [header('Programmes you can join')];
  for (const { programme: p, left, joined } of items.slice(0, 20)) {
    const lines = [
      `*${inlineText(p.name, 80)}*`,
      ...(p.purpose ? [inlineText(p.purpose, 600)] : []),
      ...[datesLine(p, today)].filter((l): l is string => Boolean(l)),
      ...(joined.length > 0 ? [`You joined as ${joined.map((r) => `a ${r}`).join(' and ')}.`] : []),
    ];
    blocks.push(
      left.length > 0
        ? section(lines.join('\n'), {
            accessory: button(`Join ${p.name}`, ACTIONS.programmeJoin, joinValue(p.id), {
              label: `Join ${p.name}`,
            }),
          })
        : section(lines.join('\n')),
    );
  }
  blocks.push(context('Joining asks a few questions; your answers go to the programme’s managers.'));
  return { text: `${items.length} programme${items.length === 1 ? '' : 's'} you can join.`, blocks };
}

function questionInput(q: ProgrammeQuestion, i: number): KnownBlock {
  const id = JOIN_FORM.question(i);
  if (q.choices && q.choices.length > 0)
    return input(id, q.text, {
      type: 'static_select',
      action_id: id,
      placeholder: plain('Choose one'),
      options: q.choices.slice(0, 100).map((c, n) => option(c, String(n))),
    });
  return input(id, q.text, { type: 'plain_text_input', action_id: id, multiline: true, max_length: ANSWER_MAX });
}

/** The join form: what the programme is for, the role where there is a choice, and its questions. */
export function joinModal(p: Programme, roles: readonly MemberRole[]): ModalView {
  const blocks: KnownBlock[] = [
    section(`*${inlineText(p.name, 80)}*${p.purpose ? `\n${inlineText(p.purpose, 2500)}` : ''}`),
  ];
  if (roles.length > 1)
    blocks.push(
      input(JOIN_FORM.role, 'Join as', {
        type: 'radio_buttons',
        action_id: JOIN_FORM.role,
        options: roles.map(roleOption),
        initial_option: roleOption(roles[0]!),
      }),
    );
  else if (roles[0] === 'supporter') blocks.push(context('You join as a supporter.'));
  p.questions.slice(0, 5).forEach((q, i) => {
    blocks.push(questionInput(q, i));
  });
  return modal({
    callbackId: ACTIONS.programmeJoinSubmit,
    title: 'Join a programme',
    submit: 'Join',
    blocks,
    privateMetadata: joinFormMeta(p.id, roles.length === 1 ? roles[0] : undefined),
  });
}

/** After joining: what happens next, by role. */
export function joinedText(p: Programme, role: MemberRole): string {
  const name = `*${inlineText(p.name, 80)}*`;
  return role === 'mentee'
    ? `You've joined ${name} as a mentee. Its managers will find you a supporter; to name someone you'd like, use \`/mentor request @person\`.`
    : `You've joined ${name} as a supporter. Say what you can offer with \`/mentor offer\`, and its managers can ask you to support someone.`;
}

/** Joining again in a role they are already in. */
export const alreadyJoinedText = (p: Programme, role: MemberRole): string =>
  `You're already in *${inlineText(p.name, 80)}* as a ${role}; nothing changed.`;

export const noSuchProgrammeText = (typed: string): string =>
  `I couldn't find a programme called \`${inlineText(typed.replace(/`/g, "'"), 80)}\`. \`/mentor join\` lists the programmes you can join.`;

export function joinDoneModal(text: string): ModalView {
  return modal({
    callbackId: 'programme.join.done',
    title: 'Join a programme',
    close: 'Done',
    blocks: [section(text)],
  });
}

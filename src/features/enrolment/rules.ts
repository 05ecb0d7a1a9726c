import { shortDate } from '../../slack/text.ts';
import type { MemberRole, ProgrammeMember } from '../../storage/programme-members.ts';
import type { Programme } from '../../storage/programmes.ts';

/*
 * Who may join which programme, and in which role: pure, so every way in (the list, a name typed,
 * a Join button on the programme page, the form sent) decides alike.
 */

/** The longest answer kept to a text question. */
export const ANSWER_MAX = 500;

const asDate = (day: string, today: string): string => shortDate(day, new Date(`${today}T12:00:00Z`));

/** Invited by a manager (not merely joined) in some role. */
const invitedRoles = (members: readonly ProgrammeMember[]): MemberRole[] =>
  members.filter((m) => m.addedBy !== null).map((m) => m.role);

/**
 * The roles this person may take in the programme: a mentee, and a supporter where the programme
 * takes self-enrolled supporters; in an invite-only one, only the roles a manager added them in.
 */
export function rolesOpenTo(p: Programme, members: readonly ProgrammeMember[]): MemberRole[] {
  const invited = invitedRoles(members);
  if (p.inviteOnly) return (['mentee', 'supporter'] as const).filter((r) => invited.includes(r));
  return p.supportersSelfEnrol || invited.includes('supporter') ? ['mentee', 'supporter'] : ['mentee'];
}

/** The roles they may still join in (those they already joined are done). */
export function rolesLeft(p: Programme, members: readonly ProgrammeMember[]): MemberRole[] {
  const joined = new Set(members.filter((m) => m.joinedAt !== null).map((m) => m.role));
  return rolesOpenTo(p, members).filter((r) => !joined.has(r));
}

/**
 * Why this person cannot join the programme today (their own day, YYYY-MM-DD), or undefined when
 * they may. `managers` are named in an invite-only programme's refusal, so they know whom to ask.
 */
export function joinRefusal(
  p: Programme,
  members: readonly ProgrammeMember[],
  today: string,
  managers: readonly string[] = [],
): string | undefined {
  const name = `*${p.name}*`;
  if (p.status === 'draft') {
    const opens =
      p.kind === 'cohort' && p.enrolOpensOn ? ` Enrolment is planned to open on ${asDate(p.enrolOpensOn, today)}.` : '';
    return `${name} is not open yet: its managers are still preparing it.${opens}`;
  }
  if (p.status === 'closed' || p.status === 'archived')
    return `${name} is closed, so it takes nobody new. \`/mentor join\` lists the programmes you can join.`;
  if (p.kind === 'cohort' && p.enrolOpensOn && today < p.enrolOpensOn)
    return `Enrolment for ${name} opens on ${asDate(p.enrolOpensOn, today)}. Try again from then.`;
  if (p.kind === 'cohort' && p.enrolClosesOn && today > p.enrolClosesOn)
    return `Enrolment for ${name} closed on ${asDate(p.enrolClosesOn, today)}. \`/mentor join\` lists the programmes you can join.`;
  if (rolesOpenTo(p, members).length === 0) {
    const ask = managers.length > 0 ? managers.map((m) => `<@${m}>`).join(', ') : 'its managers';
    return `${name} is by invitation only: ask ${ask} to add you.`;
  }
  return undefined;
}

/** A programme belongs in this person's `/mentor join` list: one they may join today (not the default, everyone's already). */
export const listedForJoining = (p: Programme, members: readonly ProgrammeMember[], today: string): boolean =>
  !p.isDefault && joinRefusal(p, members, today) === undefined;

/** What the form's answers come to: one per question, a missing one as empty, each cut to size. */
export function answersFor(p: Programme, given: readonly (string | undefined)[]): string[] {
  return p.questions.slice(0, 5).map((_, i) => (given[i] ?? '').trim().slice(0, ANSWER_MAX));
}

/**
 * A supporter's answer on joining a programme that names the topic a mentee needs, as a reason to
 * suggest them ('said on joining: "…public speaking…"'); undefined when none does. Plain matching
 * on the topic's name, ignoring case: cheap, and it says exactly what it found.
 */
export function answerReason(answers: readonly string[], topicName: string | null): string | undefined {
  const name = topicName?.trim().toLowerCase();
  if (!name) return undefined;
  for (const answer of answers) {
    const at = answer.toLowerCase().indexOf(name);
    if (at === -1) continue;
    const from = Math.max(0, at - 20);
    const to = Math.min(answer.length, at + name.length + 20);
    const quoted = `${from > 0 ? '…' : ''}${answer.slice(from, to).replace(/\s+/g, ' ').trim()}${to < answer.length ? '…' : ''}`;
    return `said on joining: "${quoted}"`;
  }
  return undefined;
}

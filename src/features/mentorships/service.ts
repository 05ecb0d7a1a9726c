import { reportDue } from '../../calendar/report-due.ts';
import type { Deps } from '../../deps.ts';
import { participantProblem } from '../../people/checks.ts';
import { sendDm, updateMessage } from '../../slack/dm.ts';
import { inlineText, user } from '../../slack/text.ts';
import { DuplicateMentorshipError } from '../../storage/mentorships.ts';
import type { Mentorship, SupporterKind } from '../../storage/rows.ts';
import { queueCheckins } from '../checkins/service.ts';
import { type HelpAfterEnding, settleHelpAfterEnding } from '../help-requests/after-ending.ts';
import { offerTerms } from '../programmes/agreement.ts';
import { workspaceProgrammes } from '../programmes/terms.ts';
import { isOverloaded, type SupporterLoad, toldOfEnd } from './rules.ts';
import { endedDm, endedOfferDm, loadText, newSupporterDm, offerDm, what, withdrawnDm } from './views.ts';

/*
 * The steps every way of assigning, ending and reassigning shares (modal, command, buttons), so
 * the checks, the single transaction and the messages are the same whichever way in.
 */

export interface Assignment {
  teamId: string;
  actorId: string;
  supporterId: string;
  menteeId: string;
  topicId: number | null;
  kind: SupporterKind;
  notify: boolean;
  /** The programme the pair goes in (a request's, when it answers one; a reassignment keeps the one it replaces'); unset: the default one. */
  programmeId?: number | null | undefined;
}

/** Problems keyed by the field they belong to, so a modal can show each under its input. */
export type AssignProblems = Partial<Record<'supporter' | 'mentee' | 'topic', string>>;

/** The one problem to tell where there is room for one line (a command's reply, a one-click assign). */
export const firstProblem = (p: AssignProblems): string | undefined => p.supporter ?? p.mentee ?? p.topic;

export async function assignmentProblems(
  deps: Deps,
  a: Omit<Assignment, 'actorId' | 'kind' | 'notify'>,
  opts: { replacing?: number } = {},
): Promise<AssignProblems> {
  const problems: AssignProblems = {};
  if (a.supporterId === a.menteeId)
    problems.mentee = 'Someone cannot support themselves: pick a different supporter or mentee.';
  const [s, m] = await Promise.all([
    participantProblem(deps.people, a.teamId, a.supporterId),
    a.supporterId === a.menteeId ? Promise.resolve(undefined) : participantProblem(deps.people, a.teamId, a.menteeId),
  ]);
  if (s) problems.supporter = s;
  if (m) problems.mentee = m;
  if (a.topicId !== null) {
    const topic = await deps.storage.topics.get(a.teamId, a.topicId);
    if (!topic) problems.topic = 'That topic no longer exists: pick another, or none.';
    else if (topic.archivedAt)
      problems.topic = `*${inlineText(topic.name)}* is archived, so it can't be used for new assignments: pick another, or none.`;
  }
  if (!problems.supporter && !problems.mentee) {
    const existing = await deps.storage.mentorships.findOpen(a.teamId, a.supporterId, a.menteeId, a.topicId);
    if (existing && existing.id !== opts.replacing) problems.supporter = duplicateText(existing);
  }
  return problems;
}

const duplicateText = (m: Mentorship): string =>
  `${user(m.supporterId)} already ${m.status === 'pending' ? 'has a pending assignment to support' : 'supports'} ${user(m.menteeId)} (${what(m)}).`;

/** Creates the mentorship and closes the supporter requests it answers, together. */
export async function createAssignment(
  deps: Deps,
  a: Assignment,
  end?: { id: number; reason: string | null },
): Promise<{ created: Mentorship; ended?: Mentorship; answered: number } | { duplicate: string }> {
  const { storage, now } = deps;
  // New mentorships always name their programme: the one chosen, the one a reassignment replaces,
  // else the workspace's default (read here, outside the transaction, and only when none was chosen).
  const defaultProgramme =
    a.programmeId == null ? (await storage.programmes.ensureDefault(a.teamId, now())).id : undefined;
  try {
    return await storage.transaction(async (trx) => {
      let ended: Mentorship | undefined;
      if (end) {
        ended = await storage.mentorships.end(a.teamId, end.id, a.actorId, end.reason, now(), trx);
        if (!ended) throw new EndedMeanwhile();
      }
      const created = await storage.mentorships.create(
        {
          teamId: a.teamId,
          supporterId: a.supporterId,
          menteeId: a.menteeId,
          topicId: a.topicId,
          supporterKind: a.kind,
          assignedBy: a.actorId,
          notify: a.notify,
          programmeId: a.programmeId ?? ended?.programmeId ?? defaultProgramme ?? null,
        },
        now(),
        trx,
      );
      const answered = await storage.supporterRequests.closeAnsweredBy(
        a.teamId,
        { menteeId: a.menteeId, topicId: a.topicId, mentorshipId: created.id },
        now(),
        trx,
      );
      return ended ? { created, ended, answered } : { created, answered };
    });
  } catch (error) {
    if (error instanceof DuplicateMentorshipError) {
      const existing = await storage.mentorships.findOpen(a.teamId, a.supporterId, a.menteeId, a.topicId);
      return { duplicate: existing ? duplicateText(existing) : 'That pair already has this mentorship.' };
    }
    if (error instanceof EndedMeanwhile)
      return { duplicate: 'That mentorship has already ended, so there is nothing to reassign.' };
    throw error;
  }
}

class EndedMeanwhile extends Error {}

/**
 * After an assignment is stored: the audit line, the supporter's DM when asked for, and Home
 * refreshes. `answered` requests for a supporter were closed by it: their requester was promised
 * a message, so a silent (active at once) assignment tells them now; a pending one does on Accept.
 */
export async function announceAssignment(deps: Deps, m: Mentorship, answered = 0): Promise<void> {
  const withTopic = m.topicId ? ((await deps.storage.mentorships.get(m.teamId, m.id)) ?? m) : m;
  await deps.storage.audit.record({
    teamId: m.teamId,
    actorId: m.assignedBy,
    action: 'mentorship.assigned',
    subjectType: 'mentorship',
    subjectId: m.id,
    detail: {
      supporterId: m.supporterId,
      menteeId: m.menteeId,
      topicId: m.topicId,
      kind: m.supporterKind,
      notify: m.notify,
    },
    at: deps.now(),
  });
  deps.changes.changed(m.teamId, [m.supporterId, m.menteeId, m.assignedBy]);
  if (m.status !== 'pending') {
    if (answered > 0) {
      await sendDm(deps.clientFor(m.teamId), m.menteeId, newSupporterDm(withTopic)).catch((error: unknown) =>
        deps.logger.warn(`could not tell ${m.menteeId} their request for a supporter was answered`, error),
      );
    }
    return;
  }
  try {
    // What the mentee wrote when asking for a supporter, when this assignment answers it.
    const asked = answered > 0 ? await deps.storage.supporterRequests.answeredBy(m.teamId, m.id) : undefined;
    const terms = await offerTerms(deps.storage, m, deps.now());
    const posted = await sendDm(deps.clientFor(m.teamId), m.supporterId, offerDm(withTopic, asked?.note, terms));
    await deps.storage.mentorships.setOffer(m.teamId, m.id, posted.channel, posted.ts);
  } catch (error) {
    deps.logger.warn(`could not send the assignment DM for mentorship ${m.id}`, error);
    await sendDm(deps.clientFor(m.teamId), m.assignedBy, {
      text: `I couldn't message ${user(m.supporterId)} about supporting ${user(m.menteeId)}. Please let them know; the assignment stays pending until they accept.`,
    }).catch(() => undefined);
  }
}

/** Tells the people in a mentorship it ended (kindly, never the reason), and records it. */
export async function announceEnd(
  deps: Deps,
  ended: Mentorship,
  wasStatus: Mentorship['status'],
  actorId: string,
  replacement?: Mentorship,
  /** `help`: what `settleHelpAfterEnding` already did, when the caller needed it first (to tell the one who ended it). */
  opts: { closeout?: boolean; help?: HelpAfterEnding[] } = {},
): Promise<void> {
  const m = (await deps.storage.mentorships.get(ended.teamId, ended.id)) ?? ended;
  // The open help requests it was answering close or move on before anyone is told.
  const help = opts.help ?? (await settleHelpAfterEnding(deps, m, wasStatus, actorId));
  await deps.storage.audit.record({
    teamId: m.teamId,
    actorId,
    action: 'mentorship.ended',
    subjectType: 'mentorship',
    subjectId: m.id,
    detail: { supporterId: m.supporterId, menteeId: m.menteeId, was: wasStatus },
    at: deps.now(),
  });
  const rerouted = help.flatMap((h) => (h.kind === 'kept' ? h.supporterIds : []));
  deps.changes.changed(m.teamId, [...new Set([m.supporterId, m.menteeId, actorId, ...rerouted])]);
  const client = deps.clientFor(m.teamId);
  for (const to of toldOfEnd(m, wasStatus, actorId)) {
    try {
      // A supporter who never answered gets their offer withdrawn in place rather than a new DM.
      if (wasStatus === 'pending' && to === m.supporterId && m.offerChannel && m.offerTs) {
        await updateMessage(client, { channel: m.offerChannel, ts: m.offerTs }, withdrawnDm(m));
      } else if (wasStatus !== 'pending') {
        await sendDm(client, to, endedDm(m, to, replacement, to === m.menteeId ? help : []));
      }
    } catch (error) {
      deps.logger.warn(`could not tell ${to} that mentorship ${m.id} ended`, error);
    }
  }
  // The accepted assignment DM loses its buttons: it says the mentorship ended, whoever ended it.
  if (wasStatus === 'active' && m.offerChannel && m.offerTs) {
    await updateMessage(client, { channel: m.offerChannel, ts: m.offerTs }, endedOfferDm(m, deps.now())).catch(
      (error: unknown) => deps.logger.warn(`could not update the assignment DM of mentorship ${m.id}`, error),
    );
  }
  // A short, optional, private close-out for both sides of a mentorship that had begun (not when
  // one side left the workspace: the other is told once, and the leaver can no longer answer).
  if (wasStatus === 'active' && opts.closeout !== false) {
    await queueCheckins(deps, [
      {
        teamId: m.teamId,
        kind: 'closeout',
        mentorshipId: m.id,
        reportId: null,
        personId: m.menteeId,
        otherId: m.supporterId,
      },
      {
        teamId: m.teamId,
        kind: 'closeout',
        mentorshipId: m.id,
        reportId: null,
        personId: m.supporterId,
        otherId: m.menteeId,
      },
    ]);
  }
}

/** Accept: the mentee hears who their new supporter is. */
export async function announceAccepted(deps: Deps, m: Mentorship): Promise<void> {
  await deps.storage.audit.record({
    teamId: m.teamId,
    actorId: m.supporterId,
    action: 'mentorship.accepted',
    subjectType: 'mentorship',
    subjectId: m.id,
    at: deps.now(),
  });
  deps.changes.changed(m.teamId, [m.supporterId, m.menteeId, m.assignedBy]);
  await sendDm(deps.clientFor(m.teamId), m.menteeId, newSupporterDm(m)).catch((error: unknown) =>
    deps.logger.warn(`could not tell mentee ${m.menteeId} about their new supporter`, error),
  );
}

/** The chosen supporter's current load, for the warning in the assign modal (each pair's report on its programme's rhythm). */
export async function supporterLoad(deps: Deps, teamId: string, supporterId: string): Promise<SupporterLoad> {
  const { mentorships } = deps.storage;
  const [active, openHelp, person, programmes] = await Promise.all([
    mentorships.listForSupporter(teamId, supporterId, ['active']),
    mentorships.countOpenHelpForSupporter(teamId, supporterId),
    deps.storage.people.get(teamId, supporterId),
    workspaceProgrammes(deps, teamId),
  ]);
  const now = deps.now();
  const rhythm = (m: Mentorship) => ({
    intervalDays: programmes.terms(m.programmeId).reportEveryDays,
    remindBeforeDays: deps.config.feedback.remindBeforeDays,
  });
  const overdue = active.filter(
    (m) => reportDue(m.feedbackFrom, now, rhythm(m), person?.tz).state === 'overdue',
  ).length;
  return { active: active.length, overdue, openHelp };
}

/** Mentees per supporter in the programme an assignment is for (undefined: the default programme). */
export async function maxMenteesIn(deps: Deps, teamId: string, programmeId: number | undefined): Promise<number> {
  return (await workspaceProgrammes(deps, teamId)).terms(programmeId).maxMentees;
}

/**
 * The load warning the assign modal shows, for every other way of assigning (command, reassign,
 * a suggestion's one click): the same words, or undefined when the supporter has room.
 */
export async function capacityWarning(
  deps: Deps,
  teamId: string,
  supporterId: string,
  programmeId?: number,
): Promise<string | undefined> {
  const [load, max] = await Promise.all([
    supporterLoad(deps, teamId, supporterId),
    maxMenteesIn(deps, teamId, programmeId),
  ]);
  return isOverloaded(load, max) ? loadText(supporterId, load, max) : undefined;
}

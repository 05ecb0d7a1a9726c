import { isWorkingTime, localClock } from '../../calendar/dates.ts';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { can } from '../../policy/policy.ts';
import { sendDm } from '../../slack/dm.ts';
import { showModal } from '../../slack/surface.ts';
import { dateTime, user } from '../../slack/text.ts';
import type { Mentorship } from '../../storage/rows.ts';
import { doneModal, offerAgainDm } from '../mentorships/views.ts';
import { offerTerms } from '../programmes/agreement.ts';
import { refreshOversight } from './refresh.ts';
import type { RowArgs, RowChoice } from './row.ts';
import { managesSome, notYourProgramme, withProgramme } from './scope.ts';
import { NUDGE_INTRO } from './views.ts';

/** One nudge a pair a day from the oversight view: 50 clicks sent 50 DMs in 3 s. */
export const NUDGE_GAP_MS = 24 * 60 * 60 * 1000;

/** The answer to a nudge within a day of the last one: who sent it, when, and when the next may go. */
function alreadyNudged(m: Mentorship, last: { actorId: string; at: string }, now: Date): string {
  const at = new Date(last.at);
  return (
    `${user(last.actorId)} nudged ${user(m.supporterId)} about supporting ${user(m.menteeId)} on ${dateTime(at, now)}, ` +
    `so I haven't sent another. One nudge a day is plenty: you can nudge again from ${dateTime(new Date(at.getTime() + NUDGE_GAP_MS), now)}.`
  );
}

/** "06:10 on Saturday" on the supporter's own clock. */
function theirTime(at: Date, tz: string | null | undefined): string {
  const { weekday, hour, minute } = localClock(at, tz);
  const day = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][weekday];
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} on ${day}`;
}

/**
 * "Nudge the supporter" in a pending mentorship's ⋯ menu: the offer DM again, asked kindly, in
 * the supporter's working hours. Outside them it waits in the reminder ledger (a `nudge` row, one
 * per nudge) for the sweep to send when their working day starts; inside them it is sent now,
 * claimed first like any ledger row, so the sweep never sends it again.
 */
export async function nudgeSupporter(deps: Deps, args: RowArgs, { teamId, m, back }: RowChoice): Promise<void> {
  const { body, client } = args;
  const notice = (title: string, text: string) => showModal(client, body, doneModal(title, text));
  const actor = await actorOf(deps, teamId, body.user.id, 'mentorship.nudge');
  const pair = await withProgramme(deps, teamId, m, actor);
  const programmeId = typeof pair.programmeId === 'number' ? pair.programmeId : undefined;
  if (!can(actor, 'mentorship.nudge', programmeId === undefined ? {} : { programmeId }))
    return void (await notice(
      'Nudge',
      managesSome(actor) && programmeId !== undefined
        ? await notYourProgramme(deps, teamId, programmeId)
        : await deps.people.whoCanAdminister(teamId),
    ));
  if (m.status !== 'pending')
    return void (await notice('Nudge', `${user(m.supporterId)} already answered; there is nothing to nudge.`));
  const at = deps.now();
  const claim = await deps.storage.audit.recordUnlessSince(
    { teamId, actorId: body.user.id, action: 'mentorship.nudged', subjectType: 'mentorship', subjectId: m.id, at },
    new Date(at.getTime() - NUDGE_GAP_MS),
  );
  if (!claim.recorded) return void (await notice('Already nudged', alreadyNudged(m, claim, at)));
  const { reminders } = deps.storage;
  await reminders.record(
    [
      {
        teamId,
        mentorshipId: m.id,
        recipientId: m.supporterId,
        dueOn: at.toISOString().slice(0, 10),
        kind: 'nudge',
        sequence: claim.id,
      },
    ],
    at,
  );
  const tz = (await deps.people.profile(teamId, m.supporterId).catch(() => undefined))?.tz;
  if (!isWorkingTime(at, tz)) {
    await refreshOversight(deps, teamId, back, body.user.id);
    return void (await notice(
      'Nudge on its way',
      `It's ${theirTime(at, tz)} for ${user(m.supporterId)}, outside their working hours, so I will send it when their working day starts. The programme view says when it went.`,
    ));
  }
  await sendNudgeNow(deps, teamId, m, claim.id, at);
  await refreshOversight(deps, teamId, back, body.user.id);
  await notice(
    'Nudge sent',
    `I've reminded ${user(m.supporterId)} that the request to support ${user(m.menteeId)} is waiting for their answer.`,
  );
}

/** Sends the nudge recorded as audit entry `auditId` now, unless the sweep already has it. */
async function sendNudgeNow(deps: Deps, teamId: string, m: Mentorship, auditId: number, at: Date): Promise<void> {
  const { reminders } = deps.storage;
  const row = (await reminders.pendingFor(teamId, m.supporterId)).find(
    (r) => r.kind === 'nudge' && r.mentorshipId === m.id && r.sequence === auditId,
  );
  if (!row || !(await reminders.claimMany([row.id], at)).has(row.id)) return;
  // As the invitation said it: what the mentee asked for, when the assignment answered their request.
  const asked = await deps.storage.supporterRequests.answeredBy(teamId, m.id);
  const message = offerAgainDm(m, NUDGE_INTRO, asked?.note, await offerTerms(deps.storage, m, at));
  const posted = await sendDm(deps.clientFor(teamId), m.supporterId, message).catch(async (error: unknown) => {
    // Not sent, so not a nudge: the admin may try again at once.
    await reminders.markFailed([row.id], String((error as Error).message ?? error), 'failed', at);
    await deps.storage.audit.withdraw(teamId, auditId);
    throw error;
  });
  await reminders.markSent([row.id], posted, at);
  // Accept and Decline now answer from the newest DM, which is also the one a withdrawal updates.
  await deps.storage.mentorships.setOffer(teamId, m.id, posted.channel, posted.ts);
}

import { isWorkingTime, workingHoursBetween } from '../../calendar/dates.ts';
import { updateMessage } from '../../slack/dm.ts';
import type { NewReminder, PendingReminder, WaitingOffer } from '../../storage/reminders.ts';
import type { SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';
import { offerAgainDm, offerSentAgainDm } from '../mentorships/views.ts';
import { NUDGE_INTRO } from '../oversight/views.ts';
import { offerTerms } from '../programmes/agreement.ts';
import type { OutgoingDm } from './outgoing.ts';
import { offerReminderIntro } from './views.ts';

/*
 * Offers that do not go quiet (issue 23, 11): a supporter who has not answered an assignment gets
 * one reminder, three working days on their own clock after it (or after an admin's nudge, which
 * counts as one). It is a row in the reminder ledger, `offer`, keyed by the day of the assignment,
 * so it exists once however many sweeps and instances race, and is sent like every other row:
 * claimed just before its DM goes, in the supporter's working hours (pending-reminders).
 */

const DAY_MS = 86_400_000;

/** Three working days of eight hours. */
export const OFFER_REMINDER_WORKING_HOURS = 3 * 8;

/** Records the offer reminder owed now for each assignment still unanswered. */
export async function recordOfferReminders(deps: SweepDeps, run: SweepRun): Promise<void> {
  const { storage } = deps;
  const { now, batchSize } = run;
  // Three working days take three calendar days at least: only older assignments can be owed one.
  const cutoff = new Date(now.getTime() - 3 * DAY_MS).toISOString();
  let after: { createdAt: string; id: number } | null = null;
  for (;;) {
    const batch = await storage.reminders.offersToRemind(cutoff, after, batchSize);
    if (batch.length === 0) break;
    const last = batch.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
    run.counts.scanned += batch.length;
    const owed: NewReminder[] = [];
    for (const o of batch) {
      if (!(await run.served(o.teamId))) continue;
      try {
        if (await owesReminder(deps, now, o)) owed.push(offerReminderRow(o));
      } catch (error) {
        run.skipTeam(o.teamId, error);
      }
    }
    run.counts.recorded += await storage.reminders.record(owed, now);
    await run.renew();
    if (batch.length < batchSize) break;
  }
}

export const offerReminders: SweepPhase = { name: 'offer-reminders', run: recordOfferReminders };

const offerReminderRow = (o: WaitingOffer): NewReminder => ({
  teamId: o.teamId,
  mentorshipId: o.id,
  recipientId: o.supporterId,
  dueOn: o.createdAt.slice(0, 10),
  kind: 'offer',
  sequence: 0,
});

/** Whether now, in the supporter's working hours, they have gone three working days without answering. */
async function owesReminder(deps: SweepDeps, now: Date, o: WaitingOffer): Promise<boolean> {
  const supporter = await deps.people.profile(o.teamId, o.supporterId);
  if (supporter?.isDeleted) return false;
  const tz = supporter?.tz;
  if (!isWorkingTime(now, tz)) return false;
  // An admin's nudge counts as a reminder: three working days run from the last one.
  const since = o.nudgedAt && o.nudgedAt > o.createdAt ? o.nudgedAt : o.createdAt;
  const hours = workingHoursBetween(new Date(since), now, tz, OFFER_REMINDER_WORKING_HOURS);
  return hours >= OFFER_REMINDER_WORKING_HOURS;
}

/**
 * The offer DMs a supporter's pending `offer` and `nudge` rows call for: one per assignment,
 * however many rows it has. `nudges` carry an admin's nudge and wait for working hours only;
 * `reminders` are the automatic one and also respect "fewer messages". Rows of an assignment
 * answered, withdrawn or ended meanwhile are cancelled.
 */
export async function offerDms(
  deps: SweepDeps,
  now: Date,
  teamId: string,
  rows: readonly PendingReminder[],
): Promise<{ nudges: OutgoingDm[]; reminders: OutgoingDm[] }> {
  const { storage } = deps;
  const nudges: OutgoingDm[] = [];
  const reminders: OutgoingDm[] = [];
  const stale: number[] = [];
  for (const id of new Set(rows.map((r) => r.mentorshipId!))) {
    const of = rows.filter((r) => r.mentorshipId === id);
    const m = await storage.mentorships.get(teamId, id);
    if (m?.status !== 'pending') {
      stale.push(...of.map((r) => r.id));
      continue;
    }
    const nudged = of.some((r) => r.kind === 'nudge');
    // As the invitation said it: what the mentee asked for, when the assignment answered their request.
    const asked = await storage.supporterRequests.answeredBy(teamId, m.id);
    (nudged ? nudges : reminders).push({
      rows: of,
      message: offerAgainDm(
        m,
        nudged ? NUDGE_INTRO : offerReminderIntro(m.createdAt, now),
        asked?.note,
        await offerTerms(storage, m, now),
      ),
      // Accept and Decline answer from the newest copy, which is also the one a withdrawal updates;
      // the older copy loses its buttons, so no two messages offer the same answer.
      afterSent: async (where) => {
        await storage.mentorships.setOffer(teamId, m.id, where.channel, where.ts);
        if (m.offerChannel && m.offerTs)
          await updateMessage(
            deps.clientFor(teamId),
            { channel: m.offerChannel, ts: m.offerTs },
            offerSentAgainDm(m),
          ).catch((error: unknown) =>
            deps.logger.warn(`could not retire the earlier invitation of mentorship ${m.id}`, error),
          );
      },
    });
  }
  await storage.reminders.cancel(stale);
  return { nudges, reminders };
}

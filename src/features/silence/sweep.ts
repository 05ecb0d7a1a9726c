import { isWorkingTime } from '../../calendar/dates.ts';
import { sendDm, slackErrorCode, UNREACHABLE_USER_ERRORS } from '../../slack/dm.ts';
import type { NewSilenceNotice, QuietCandidate, SilenceNotice } from '../../storage/silence.ts';
import type { SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';
import { mayNudge } from '../checkins/rules.ts';
import type { Feature } from '../feature.ts';
import { nextSilenceStep, quietSince, quietWeeks, stillQuiet, WEEK_MS } from './rules.ts';
import { type QuietPair, silenceDm } from './views.ts';

const MAX_ATTEMPTS = 5;

/**
 * The silent-partner phase of the reminder sweep: records the notices quiet pairs are owed now,
 * then sends each person what is pending for them as one DM, in their working hours and within
 * their "fewer messages" budget.
 */
export async function flagSilentPartners(deps: SweepDeps, run: SweepRun): Promise<void> {
  const { storage, config } = deps;
  if (config.silence.afterWeeks > 0) await record(deps, run);
  let page: { teamId: string; recipientId: string } | null = null;
  for (;;) {
    const recipients = await storage.silence.pendingRecipients(page, 200);
    if (recipients.length === 0) break;
    page = recipients.at(-1)!;
    for (const r of recipients) {
      if (!(await run.served(r.teamId))) continue;
      try {
        if (await sendTo(deps, run.now, r.teamId, r.recipientId)) run.counts.sent++;
      } catch (error) {
        deps.logger.warn(`silent-partner notices for ${r.recipientId} in ${r.teamId} skipped this run`, error);
      }
      // Between recipients, so a long run keeps the sweep lease.
      await run.renew();
    }
    if (recipients.length < 200) break;
  }
}

export const silentPartners: SweepPhase = { name: 'silent-partners', run: flagSilentPartners };

/** Silent partners are found by the sweep alone; its DM's buttons are served by reports, mentorships and the admin report. */
export const silence: Feature = { name: 'silence', phases: [silentPartners] };

async function record(deps: SweepDeps, run: SweepRun): Promise<void> {
  const { storage, config } = deps;
  const { now, batchSize } = run;
  const cutoff = new Date(now.getTime() - config.silence.afterWeeks * WEEK_MS).toISOString();
  const admins = new Map<string, Promise<string[]>>();
  const adminsOf = (teamId: string) => {
    let found = admins.get(teamId);
    if (!found) {
      found = deps.people.adminIds(teamId);
      admins.set(teamId, found);
    }
    return found;
  };
  let after: { feedbackFrom: string; id: number } | null = null;
  for (;;) {
    const batch: QuietCandidate[] = await storage.silence.candidates(cutoff, after, batchSize);
    if (batch.length === 0) break;
    const last = batch.at(-1)!;
    after = { feedbackFrom: last.feedbackFrom, id: last.id };
    const notices = await storage.silence.noticesFor(batch.map((m) => m.id));
    const owed: NewSilenceNotice[] = [];
    for (const m of batch) {
      if (!(await run.served(m.teamId))) continue;
      const since = quietSince(m);
      const episode = notices.filter((n) => n.mentorshipId === m.id && n.quietSince === since);
      const step = nextSilenceStep(since, now, config.silence, episode);
      if (step === 'pair') {
        for (const recipientId of [m.supporterId, m.menteeId])
          owed.push({ teamId: m.teamId, mentorshipId: m.id, quietSince: since, stage: 'pair', recipientId });
      } else if (step === 'admins') {
        try {
          // An admin who is one of the pair has had the pair's notice already.
          for (const adminId of await adminsOf(m.teamId)) {
            if (adminId !== m.supporterId && adminId !== m.menteeId)
              owed.push({
                teamId: m.teamId,
                mentorshipId: m.id,
                quietSince: since,
                stage: 'admins',
                recipientId: adminId,
              });
          }
        } catch (error) {
          deps.logger.warn(`silent partners: could not list the admins of ${m.teamId} this run`, error);
        }
      }
    }
    await storage.silence.record(owed, now);
    await run.renew();
    if (batch.length < batchSize) break;
  }
}

/** Sends one person their pending notices as one DM, if now suits them. True when it went out. */
async function sendTo(deps: SweepDeps, now: Date, teamId: string, recipientId: string): Promise<boolean> {
  const { storage, logger } = deps;
  const pending = await storage.silence.pendingFor(teamId, recipientId);
  if (pending.length === 0) return false;
  const person = await deps.people.profile(teamId, recipientId);
  if (person?.isDeleted) {
    await storage.silence.cancel(pending.map((n) => n.id));
    return false;
  }
  if (!isWorkingTime(now, person?.tz)) return false;
  if (!mayNudge(await storage.checkins.settings(teamId, recipientId), now)) return false;

  const mentorships = await storage.silence.mentorships(pending.map((n) => n.mentorshipId));
  // Reported on, checked in, or ended since the notice was recorded: no longer owed.
  const stale = pending.filter((n) => !stillQuiet(mentorships.get(n.mentorshipId), n.quietSince));
  await storage.silence.cancel(stale.map((n) => n.id));
  const claimed: SilenceNotice[] = [];
  for (const n of pending) if (!stale.includes(n) && (await storage.silence.claim(n.id, now))) claimed.push(n);
  if (claimed.length === 0) return false;

  const pairOf = (n: SilenceNotice): QuietPair => {
    const m = mentorships.get(n.mentorshipId)!;
    return {
      mentorshipId: m.id,
      supporterId: m.supporterId,
      menteeId: m.menteeId,
      topicName: m.topicName,
      weeks: quietWeeks(n.quietSince, now),
    };
  };
  const message = silenceDm({
    supporting: claimed
      .filter((n) => n.stage === 'pair' && mentorships.get(n.mentorshipId)!.supporterId === recipientId)
      .map(pairOf),
    supported: claimed
      .filter((n) => n.stage === 'pair' && mentorships.get(n.mentorshipId)!.supporterId !== recipientId)
      .map(pairOf),
    forAdmins: claimed.filter((n) => n.stage === 'admins').map(pairOf),
  });
  const ids = claimed.map((n) => n.id);
  try {
    await sendDm(deps.clientFor(teamId), recipientId, message);
    await storage.silence.markSent(ids, now);
    await storage.checkins.noteNudge(teamId, recipientId, now);
    return true;
  } catch (error) {
    const code = slackErrorCode(error) ?? (error as { code?: string }).code ?? (error as Error).message;
    if (UNREACHABLE_USER_ERRORS.has(code)) {
      logger.warn(`silent-partner notice to ${recipientId} skipped: Slack says ${code}`);
      await storage.silence.markFailed(ids, 'unreachable');
    } else {
      const givingUp = claimed.every((n) => n.attempts + 1 >= MAX_ATTEMPTS);
      logger.warn(
        `silent-partner notice to ${recipientId} failed (${code}); ${givingUp ? 'giving up' : 'will retry on the next run'}`,
      );
      await storage.silence.markFailed(ids, givingUp ? 'failed' : 'pending');
    }
    return false;
  }
}

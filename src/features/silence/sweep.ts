import { isWorkingTime } from '../../calendar/dates.ts';
import { sendDm, slackErrorCode, UNREACHABLE_USER_ERRORS } from '../../slack/dm.ts';
import type { NewSilenceNotice, QuietCandidate, SilenceNotice } from '../../storage/silence.ts';
import { eachAtMost, pageProfiles, SEND_CONCURRENCY } from '../../sweep/batches.ts';
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
  let page: Recipient | null = null;
  for (;;) {
    const recipients = await storage.silence.pendingRecipients(page, 200);
    if (recipients.length === 0) break;
    page = recipients.at(-1)!;
    const planned = await planPage(deps, run, recipients);
    // In waves (src/sweep/batches.ts): each wave's notices claimed in one statement just before
    // its DMs go, all at once, and its sends recorded in one; between waves, the lease is kept.
    for (let i = 0; i < planned.length; i += SEND_CONCURRENCY) {
      await sendWave(deps, run, planned.slice(i, i + SEND_CONCURRENCY));
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

interface Recipient {
  teamId: string;
  recipientId: string;
}

/** One person's DM of this run: their pending notices still owed, and the mentorships they are about. */
interface Planned extends Recipient {
  notices: SilenceNotice[];
  mentorships: Map<number, QuietCandidate>;
}

/**
 * Who of a page of recipients gets a DM now: their pending notices, the mentorships those are
 * about and their settings read for the whole page at once; notices no longer owed cancelled.
 */
async function planPage(deps: SweepDeps, run: SweepRun, recipients: readonly Recipient[]): Promise<Planned[]> {
  const { storage } = deps;
  const served: Recipient[] = [];
  for (const r of recipients) if (await run.served(r.teamId)) served.push(r);
  const pending = await storage.silence.pendingForMany(served);
  const mentorships = await storage.silence.mentorships([...pending.values()].flat().map((n) => n.mentorshipId));
  const settings = await storage.checkins.settingsAcross(
    served.map((r) => ({ teamId: r.teamId, userId: r.recipientId })),
  );
  const profile = await pageProfiles(deps, run.now, served);
  const cancelled: number[] = [];
  const planned: Planned[] = [];
  await eachAtMost(
    served.map((r, i) => ({ r, i })),
    SEND_CONCURRENCY,
    async ({ r, i }) => {
      const notices = pending.get(`${r.teamId}:${r.recipientId}`) ?? [];
      try {
        const person = await profile(r.teamId, r.recipientId);
        if (person?.isDeleted) return void cancelled.push(...notices.map((n) => n.id));
        if (!isWorkingTime(run.now, person?.tz) || !mayNudge(settings(r.teamId, r.recipientId), run.now)) return;
        // Reported on, checked in, or ended since the notice was recorded: no longer owed.
        const stale = notices.filter((n) => !stillQuiet(mentorships.get(n.mentorshipId), n.quietSince));
        cancelled.push(...stale.map((n) => n.id));
        const owed = notices.filter((n) => !stale.includes(n));
        if (owed.length > 0) planned[i] = { ...r, notices: owed, mentorships };
      } catch (error) {
        deps.logger.warn(`silent-partner notices for ${r.recipientId} in ${r.teamId} skipped this run`, error);
      }
    },
  );
  await storage.silence.cancel(cancelled);
  return planned.filter(Boolean);
}

/** One wave: its notices claimed in one statement, its DMs sent at once, its sends and nudges recorded in one each. */
async function sendWave(deps: SweepDeps, run: SweepRun, wave: readonly Planned[]): Promise<void> {
  const { storage, logger } = deps;
  const sent: { p: Planned; ids: number[] }[] = [];
  try {
    const claimed = await storage.silence.claimMany(
      wave.flatMap((p) => p.notices.map((n) => n.id)),
      run.now,
    );
    await Promise.all(
      wave.map(async (p) => {
        const notices = p.notices.filter((n) => claimed.has(n.id));
        const went =
          notices.length > 0 &&
          (await deliver(deps, run.now, p, notices).catch((error: unknown) => {
            logger.warn(`silent-partner notices for ${p.recipientId} in ${p.teamId} skipped this run`, error);
            return false;
          }));
        if (went) sent.push({ p, ids: notices.map((n) => n.id) });
      }),
    );
    await Promise.all([
      storage.silence.markSent(
        sent.flatMap((s) => s.ids),
        run.now,
      ),
      storage.checkins.noteNudges(
        sent.map(({ p }) => ({ teamId: p.teamId, userId: p.recipientId })),
        run.now,
      ),
    ]);
    run.counts.sent += sent.length;
  } catch (error) {
    logger.warn('silent-partner notices of one wave skipped this run', error);
  }
}

/** Sends one person the notices claimed for them as one DM. True when Slack took it; a refusal is recorded here. */
async function deliver(deps: SweepDeps, now: Date, p: Planned, claimed: readonly SilenceNotice[]): Promise<boolean> {
  const { storage, logger } = deps;
  const { teamId, recipientId, mentorships } = p;
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

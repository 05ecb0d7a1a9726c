import { isWorkingTime } from '../../calendar/dates.ts';
import { reportDue } from '../../calendar/report-due.ts';
import type { Message } from '../../slack/blocks.ts';
import { sendDm, slackErrorCode, UNREACHABLE_USER_ERRORS } from '../../slack/dm.ts';
import type { PersonSettings } from '../../storage/checkins.ts';
import { OFFER_NUDGES, type PendingReminder, recipientKey } from '../../storage/reminders.ts';
import type { Person } from '../../storage/rows.ts';
import { eachAtMost, pageProfiles, SEND_CONCURRENCY } from '../../sweep/batches.ts';
import type { SweepCounts, SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';
import { mayNudge } from '../checkins/rules.ts';
import { reportEveryDaysOf } from '../programmes/rules.ts';
import { digestScopeOf, escalatedLines, leaversFor, overdueCutoff, overduePairs, waitingOffers } from './digests.ts';
import { offerDms } from './offers.ts';
import type { OutgoingDm } from './outgoing.ts';
import { dryRunPlan } from './owed.ts';
import { adminDigest, type ReminderItem, reminderDm } from './views.ts';

/** A send that keeps failing for reasons other than an unreachable person stops after this many tries. */
const MAX_ATTEMPTS = 5;
/** Recipients pending reminders are read for, a page at a time. */
const PAGE = 200;

/** DMs in flight at once and claimed together (src/sweep/batches.ts). */
export { SEND_CONCURRENCY };

interface Recipient {
  teamId: string;
  recipientId: string;
}

/**
 * Sends what is pending, one DM per recipient: a page of recipients is planned (reads only, the
 * page's ledger rows and settings in one statement each), then sent in waves. A dry run shows
 * what the owed-reminders phase planned instead.
 */
export async function sendPendingReminders(deps: SweepDeps, run: SweepRun): Promise<void> {
  if (run.dryRun) {
    for (const entry of run.state.get(dryRunPlan).values())
      run.counts.planned.push({
        teamId: entry.teamId,
        recipientId: entry.recipientId,
        message: reminderDm(entry.items),
      });
    return;
  }
  let page: Recipient | null = null;
  for (;;) {
    const recipients = await deps.storage.reminders.pendingRecipients(page, PAGE);
    if (recipients.length === 0) break;
    page = recipients.at(-1)!;
    await sendInWaves(deps, run, await planPage(deps, run, recipients));
    if (recipients.length < PAGE) break;
  }
}

export const pendingReminders: SweepPhase = { name: 'pending-reminders', plans: true, run: sendPendingReminders };

type Planned = Recipient & { dms: OutgoingDm[] };

/**
 * A page of recipients' DMs, in the page's order. Their pending rows and settings are read for the
 * whole page at once; each recipient is then planned on its own (a few at a time: a profile may
 * be read, or asked of Slack).
 */
async function planPage(deps: SweepDeps, run: SweepRun, recipients: readonly Recipient[]): Promise<Planned[]> {
  const served: Recipient[] = [];
  for (const r of recipients) if (await run.served(r.teamId)) served.push(r);
  const pending = await deps.storage.reminders.pendingForMany(served);
  const settings = await deps.storage.checkins.settingsAcross(
    served.map((r) => ({ teamId: r.teamId, userId: r.recipientId })),
  );
  const profile = await pageProfiles(deps, run.now, served);
  const planned: Planned[] = [];
  await eachAtMost(
    served.map((r, i) => ({ r, i })),
    SEND_CONCURRENCY,
    async ({ r, i }) => {
      const rows = pending.get(recipientKey(r.teamId, r.recipientId)) ?? [];
      const nudges = settings(r.teamId, r.recipientId);
      const dms = await planPending(deps, run.now, r, rows, nudges, profile, run.counts).catch((error: unknown) => {
        run.skipTeam(r.teamId, error);
        return [];
      });
      if (dms.length > 0) planned[i] = { ...r, dms };
    },
  );
  return planned.filter(Boolean);
}

/**
 * Sends the planned DMs in waves of SEND_CONCURRENCY, each recipient's DMs one after another in
 * successive waves (never two at once to the same conversation). A wave's rows are claimed in
 * one statement just before its DMs go, all at once, so a process killed mid-wave leaves only the
 * DMs in flight `sending` (they count as sent: never twice) and every row not yet claimed stays
 * pending for the next sweep; the wave's sends are then recorded in one statement.
 */
async function sendInWaves(deps: SweepDeps, run: SweepRun, planned: readonly Planned[]): Promise<void> {
  const queue = planned.map((p) => ({ ...p, dms: [...p.dms] }));
  for (;;) {
    const wave = queue
      .filter((q) => q.dms.length > 0)
      .slice(0, SEND_CONCURRENCY)
      .map((q) => ({ recipient: q, dm: q.dms.shift()! }));
    if (wave.length === 0) return;
    try {
      await sendWave(deps, run, wave);
    } catch (error) {
      // The wave's claim or record failed: its recipients wait for the next run.
      for (const { recipient } of wave) {
        run.skipTeam(recipient.teamId, error);
        recipient.dms = [];
      }
    }
    // Per wave: a slow Slack (a 429 pauses every call) can make one page take minutes.
    await run.renew();
  }
}

interface Sent {
  recipient: Recipient;
  ids: number[];
  where: { channel: string; ts: string };
  dm: OutgoingDm;
}

/** One wave: its rows claimed in one statement, its DMs sent at once, then its sends recorded in one statement. */
async function sendWave(
  deps: SweepDeps,
  run: SweepRun,
  wave: readonly { recipient: Planned; dm: OutgoingDm }[],
): Promise<void> {
  const { reminders, checkins } = deps.storage;
  const claimed = await reminders.claimMany(
    wave.flatMap(({ dm }) => dm.rows.map((row) => row.id)),
    run.now,
  );
  const sent: Sent[] = [];
  await Promise.all(
    wave.map(async ({ recipient, dm }) => {
      const rows = dm.rows.filter((row) => claimed.has(row.id));
      if (rows.length === 0) return;
      try {
        const where = await deliver(deps, run, recipient, rows, dm.message);
        if (where) sent.push({ recipient, ids: rows.map((row) => row.id), where, dm });
      } catch (error) {
        run.skipTeam(recipient.teamId, error);
        recipient.dms = [];
      }
    }),
  );
  await Promise.all([
    reminders.markSentMany(
      sent.map((s) => ({ ids: s.ids, ...s.where })),
      run.now,
    ),
    checkins.noteNudges(
      sent.map((s) => ({ teamId: s.recipient.teamId, userId: s.recipient.recipientId })),
      run.now,
    ),
  ]);
  for (const s of sent)
    await s.dm.afterSent?.(s.where).catch((error: unknown) => run.skipTeam(s.recipient.teamId, error));
}

/**
 * What to send one recipient now, if it is their working time: their reminders as one DM and an
 * admin's digest as another. Reads, and cancels rows no longer owed; sends nothing.
 */
async function planPending(
  deps: SweepDeps,
  now: Date,
  { teamId, recipientId }: Recipient,
  pending: readonly PendingReminder[],
  nudges: PersonSettings,
  profile: (teamId: string, userId: string) => Promise<Person | undefined>,
  counts: SweepCounts,
): Promise<OutgoingDm[]> {
  const { storage } = deps;
  if (pending.length === 0) return [];
  const person = await profile(teamId, recipientId);
  if (!isWorkingTime(now, person?.tz)) return [];
  const offers = await offerDms(
    deps,
    now,
    teamId,
    pending.filter((r) => OFFER_NUDGES.includes(r.kind)),
  );
  // An admin's nudge waits for working hours, not for the "fewer messages" week: they asked for it.
  const out: OutgoingDm[] = [...offers.nudges];
  // "Fewer messages": at most one nudge a week; what waits is merged into the next DM, not lost.
  if (!mayNudge(nudges, now)) {
    if (pending.length > out.reduce((n, dm) => n + dm.rows.length, 0)) counts.heldBack++;
    return out;
  }
  // The one reminder of an unanswered assignment comes first: someone is waiting for it.
  out.push(...offers.reminders);
  if (offers.reminders.length > 0 && nudges.fewerMessages) return out;

  const stale: number[] = [];
  const reminders: { row: PendingReminder; item: ReminderItem }[] = [];
  const digestRows: PendingReminder[] = [];
  const helpRows: PendingReminder[] = [];
  for (const row of pending) {
    if (OFFER_NUDGES.includes(row.kind)) continue;
    if (row.kind === 'digest') digestRows.push(row);
    else if (row.kind === 'assistance') helpRows.push(row);
    else {
      const item = stillOwed(deps, now, row, person);
      if (item) reminders.push({ row, item });
      else stale.push(row.id);
    }
  }
  await storage.reminders.cancel(stale);

  if (reminders.length > 0) {
    out.push({ rows: reminders.map((r) => r.row), message: reminderDm(reminders.map((r) => r.item)) });
    // One nudge is this week's budget: an admin's digest waits for next week.
    if (nudges.fewerMessages) return out;
  }
  if (digestRows.length > 0 || helpRows.length > 0) {
    const digest = await pendingDigest(deps, now, { teamId, recipientId }, digestRows, helpRows);
    if (digest) out.push(digest);
  }
  return out;
}

/** A reminder row's line in the DM, or undefined when the mentorship no longer owes it. */
function stillOwed(
  deps: SweepDeps,
  now: Date,
  row: PendingReminder,
  person: Person | undefined,
): ReminderItem | undefined {
  const m = row.mentorship;
  const rhythm = {
    intervalDays: reportEveryDaysOf(m?.reportEveryDays, deps.config),
    remindBeforeDays: deps.config.feedback.remindBeforeDays,
  };
  const status = m && reportDue(m.feedbackFrom, now, rhythm, person?.tz);
  // Ended, reported on since, or snoozed since the row was recorded: no longer owed.
  if (
    !m ||
    !status ||
    m.status !== 'active' ||
    status.dueOn !== row.dueOn ||
    (m.snoozedUntil && m.snoozedUntil > now.toISOString())
  )
    return undefined;
  return { mentorshipId: m.id, menteeId: m.menteeId, topicName: m.topicName, status, everyDays: rhythm.intervalDays };
}

/** An admin's digest from their pending digest and help rows; cancels the rows when nothing is left to tell. */
async function pendingDigest(
  deps: SweepDeps,
  now: Date,
  { teamId, recipientId }: Recipient,
  digestRows: readonly PendingReminder[],
  helpRows: readonly PendingReminder[],
): Promise<OutgoingDm | undefined> {
  const { storage } = deps;
  const requests = await storage.reminders.helpByIds(helpRows.map((r) => r.helpRequestId!));
  const open = requests.filter((a) => !a.resolvedAt && !a.acknowledgedAt);
  const answered = helpRows.filter((r) => !open.some((a) => a.id === r.helpRequestId));
  await storage.reminders.cancel(answered.map((r) => r.id));
  const helpStill = helpRows.filter((r) => !answered.includes(r));
  const cutoff = overdueCutoff(deps.config, now, await deps.storage.programmePairs.shortestRhythm());
  // An admin hears of the whole workspace; a programme's manager of their programmes' pairs.
  const scope = await digestScopeOf(deps, teamId, recipientId);
  const pairs = digestRows.length > 0 ? await overduePairs(deps, now, teamId, cutoff, scope) : { shown: [], total: 0 };
  const left = digestRows.length > 0 ? await leaversFor(deps, now, teamId, recipientId, scope) : [];
  const offers = digestRows.length > 0 ? await waitingOffers(deps, teamId, now, scope) : { shown: [], total: 0 };
  if (pairs.total === 0 && open.length === 0 && left.length === 0 && offers.total === 0) {
    await storage.reminders.cancel([...digestRows, ...helpStill].map((r) => r.id));
    return undefined;
  }
  const items = await escalatedLines(deps, teamId, open);
  return {
    rows: [...digestRows, ...helpStill],
    message: adminDigest(pairs.shown, pairs.total, items, now, left, offers),
    afterSent: () =>
      storage.reminders.markEscalated(
        open.map((a) => a.id),
        now,
      ),
  };
}

/**
 * Sends the DM for rows this run has claimed. Where it went, when Slack took it (the wave records
 * it); a refusal is recorded here.
 */
async function deliver(
  deps: SweepDeps,
  run: SweepRun,
  { teamId, recipientId }: Recipient,
  claimed: readonly PendingReminder[],
  message: Message,
): Promise<{ channel: string; ts: string } | undefined> {
  const { storage, logger } = deps;
  const { now, counts } = run;
  const ids = claimed.map((r) => r.id);
  try {
    const where = await sendDm(deps.clientFor(teamId), recipientId, message);
    counts.sent++;
    return where;
  } catch (error) {
    const code = slackErrorCode(error) ?? (error as { code?: string }).code ?? (error as Error).message;
    if (UNREACHABLE_USER_ERRORS.has(code)) {
      logger.warn(`reminder to ${recipientId} skipped: Slack says ${code}`);
      await storage.reminders.markFailed(ids, code, 'unreachable', now);
      counts.unreachable++;
    } else {
      const givingUp = claimed.every((r) => r.attempts + 1 >= MAX_ATTEMPTS);
      logger.warn(
        `reminder to ${recipientId} failed (${code}); ${givingUp ? 'giving up' : 'will retry on the next run'}`,
      );
      await storage.reminders.markFailed(ids, code, givingUp ? 'failed' : 'pending', now);
      counts.retryLater++;
    }
    return undefined;
  }
}

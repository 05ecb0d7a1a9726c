import { isWorkingTime } from '../../calendar/dates.ts';
import { reportDue } from '../../calendar/report-due.ts';
import type { Message } from '../../slack/blocks.ts';
import { sendDm, slackErrorCode, UNREACHABLE_USER_ERRORS } from '../../slack/dm.ts';
import { OFFER_NUDGES, type PendingReminder } from '../../storage/reminders.ts';
import type { Person } from '../../storage/rows.ts';
import type { SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';
import { mayNudge } from '../checkins/rules.ts';
import { reportEveryDaysOf } from '../programmes/rules.ts';
import { escalatedLines, leaversFor, overdueCutoff, overduePairs, waitingOffers } from './digests.ts';
import { offerDms } from './offers.ts';
import type { OutgoingDm } from './outgoing.ts';
import { dryRunPlan } from './owed.ts';
import { adminDigest, type ReminderItem, reminderDm } from './views.ts';

/** A send that keeps failing for reasons other than an unreachable person stops after this many tries. */
const MAX_ATTEMPTS = 5;
/** Recipients pending reminders are read for, a page at a time. */
const PAGE = 200;
/**
 * DMs in flight at once. Each recipient's DMs go one after another (Slack allows about one
 * message a second per conversation), and a 429 pauses every call of that workspace's client for
 * its Retry-After (web-api), so the others wait with it instead of hammering the workspace limit.
 */
export const SEND_CONCURRENCY = 4;

interface Recipient {
  teamId: string;
  recipientId: string;
}

/**
 * Sends what is pending, one DM per recipient: a page of recipients is planned (reads only), then
 * sent a few at a time, each DM's rows claimed just before it goes. A dry run shows what the
 * owed-reminders phase planned instead.
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
  // Claims go one after another, so DMs start in the planned order on either engine (a pool
  // would let a later claim finish first); the sends themselves overlap.
  const claimInTurn = inTurn();
  let page: Recipient | null = null;
  for (;;) {
    const recipients = await deps.storage.reminders.pendingRecipients(page, PAGE);
    if (recipients.length === 0) break;
    page = recipients.at(-1)!;
    const planned: (Recipient & { dms: OutgoingDm[] })[] = [];
    for (const r of recipients) {
      if (!(await run.served(r.teamId))) continue;
      const dms = await planPending(deps, run.now, r.teamId, r.recipientId).catch((error: unknown) => {
        run.skipTeam(r.teamId, error);
        return [];
      });
      if (dms.length > 0) planned.push({ ...r, dms });
    }
    await sendAll(planned, (p) => sendTo(deps, run, p, claimInTurn));
    if (recipients.length < PAGE) break;
  }
}

export const pendingReminders: SweepPhase = { name: 'pending-reminders', plans: true, run: sendPendingReminders };

/**
 * One recipient's DMs, in order, never two at once to the same conversation. Each DM's rows are
 * claimed (one statement) just before it is sent, so a process killed mid-send leaves only the
 * DMs in flight `sending` (they count as sent: never twice); every row not yet claimed stays
 * pending for the next sweep.
 */
async function sendTo(
  deps: SweepDeps,
  run: SweepRun,
  p: Recipient & { dms: OutgoingDm[] },
  claimInTurn: InTurn,
): Promise<void> {
  try {
    for (const dm of p.dms) {
      const claimed = await claimInTurn(() =>
        deps.storage.reminders.claimMany(
          dm.rows.map((row) => row.id),
          run.now,
        ),
      );
      const rows = dm.rows.filter((row) => claimed.has(row.id));
      const where = rows.length > 0 ? await deliver(deps, run, p, rows, dm.message) : undefined;
      if (where) await dm.afterSent?.(where);
    }
  } catch (error) {
    run.skipTeam(p.teamId, error);
  }
  // Per recipient: a slow Slack (a 429 pauses every call) can make one page take minutes.
  await run.renew();
}

/**
 * What to send one recipient now, if it is their working time: their reminders as one DM and an
 * admin's digest as another. Reads, and cancels rows no longer owed; sends nothing.
 */
async function planPending(deps: SweepDeps, now: Date, teamId: string, recipientId: string): Promise<OutgoingDm[]> {
  const { storage } = deps;
  const pending = await storage.reminders.pendingFor(teamId, recipientId);
  if (pending.length === 0) return [];
  const person = await deps.people.profile(teamId, recipientId);
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
  const nudges = await storage.checkins.settings(teamId, recipientId);
  if (!mayNudge(nudges, now)) return out;
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
  const pairs = digestRows.length > 0 ? await overduePairs(deps, now, teamId, cutoff) : { shown: [], total: 0 };
  const left = digestRows.length > 0 ? await leaversFor(deps, now, teamId, recipientId) : [];
  const offers = digestRows.length > 0 ? await waitingOffers(deps, teamId, now) : { shown: [], total: 0 };
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

type InTurn = <T>(work: () => Promise<T>) => Promise<T>;

/** Runs the work given to it one piece at a time, in the order given. */
function inTurn(): InTurn {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const next = last.then(work);
    last = next.catch(() => undefined);
    return next;
  };
}

async function sendAll<T>(items: readonly T[], send: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SEND_CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await send(items[next++]!);
    }),
  );
}

/** Sends the DM for rows this run has claimed, and records the outcome. Where it went, when Slack took it. */
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
    await storage.reminders.markSent(ids, where, now);
    await storage.checkins.noteNudge(teamId, recipientId, now);
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

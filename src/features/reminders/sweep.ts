import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../../config.ts';
import { createPeopleService } from '../../people/service.ts';
import { isWorkingTime, localDay, workingHoursBetween } from '../../programme/dates.ts';
import { feedbackStatus } from '../../programme/feedback.ts';
import type { Message } from '../../slack/blocks.ts';
import { sendDm, slackErrorCode, UNREACHABLE_USER_ERRORS } from '../../slack/dm.ts';
import type { Storage } from '../../storage/index.ts';
import type { DueCandidate, NewReminder, PendingReminder } from '../../storage/reminders.ts';
import type { Person } from '../../storage/rows.ts';
import { askDueCheckins } from '../checkins/deliver.ts';
import { mayNudge } from '../checkins/rules.ts';
import { sendMeetingDayNotices } from '../reports/meeting-day.ts';
import { flagSilentPartners } from '../silence/sweep.ts';
import { decideReminder, isEscalated, SWEEP_LEASE_MS } from './rules.ts';
import {
  adminDigest,
  type EscalatedAssistance,
  type Leaver,
  type OverduePair,
  type ReminderItem,
  reminderDm,
} from './views.ts';

export interface SweepOptions {
  now: Date;
  storage: Storage;
  clientFor: (teamId: string) => WebClient;
  config: Config;
  logger: Logger;
  /** Work out and return what would be sent; write nothing and send nothing. */
  dryRun?: boolean;
  /** Who holds the lease (defaults to host, pid and a random suffix). */
  holder?: string;
  /**
   * The real clock, for the lease. `now` is the instant the sweep works as of (the sandbox moves
   * it), while the lease must expire in real time: a renewal from `now` would never move it on.
   */
  clock?: () => Date;
  batchSize?: number;
}

export interface PlannedDm {
  teamId: string;
  recipientId: string;
  message: Message;
}

export interface SweepResult {
  /** False when another instance holds the sweep lease, so this run did nothing. */
  ran: boolean;
  /** Mentorships looked at. */
  scanned: number;
  recorded: number;
  sent: number;
  retryLater: number;
  unreachable: number;
  /** Dry run: the DMs that would go out now. */
  planned: PlannedDm[];
  ms: number;
}

export const SWEEP_LEASE = 'reminder-sweep';
const LEASE_MS = SWEEP_LEASE_MS;
const DAY_MS = 86_400_000;
/** A send that keeps failing for reasons other than an unreachable person stops after this many tries. */
const MAX_ATTEMPTS = 5;

/**
 * One pass of the monthly-feedback worker (DESIGN.md "Feedback rule"). A plain function of its
 * inputs: `now` is the only clock. First it records every reminder owed now as a pending row
 * (one indexed range scan of active mentorships by feedback_from, page by page), then it sends
 * whatever is pending as one DM per recipient and marks it sent. Several instances may call it at
 * once: a lease lets one of them work, and each row is claimed by one conditional update.
 */
export async function runReminderSweep(o: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const { now, storage, config, logger } = o;
  const dryRun = o.dryRun ?? false;
  const batchSize = o.batchSize ?? 1000;
  const holder = o.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const result: SweepResult = {
    ran: false,
    scanned: 0,
    recorded: 0,
    sent: 0,
    retryLater: 0,
    unreachable: 0,
    planned: [],
    ms: 0,
  };
  const settings = {
    intervalDays: config.feedback.intervalDays,
    remindBeforeDays: config.feedback.remindBeforeDays,
    repeatDays: config.feedback.repeatDays,
  };
  const people = createPeopleService({ config, storage, logger, now: () => now, clientFor: o.clientFor });

  const clock = o.clock ?? (() => new Date());
  let renewedAt = clock();
  if (!dryRun && !(await storage.leases.acquire(SWEEP_LEASE, holder, renewedAt, LEASE_MS))) {
    logger.info('reminder sweep skipped: another instance is running it');
    result.ms = Date.now() - started;
    return result;
  }
  result.ran = true;
  /** Pushes the lease's end on, from the real clock, once a fifth of it has passed. */
  const renew = async () => {
    if (dryRun) return;
    const at = clock();
    if (at.getTime() - renewedAt.getTime() < LEASE_MS / 5) return;
    if (!(await storage.leases.acquire(SWEEP_LEASE, holder, at, LEASE_MS)))
      throw new Error('lost the reminder sweep lease');
    renewedAt = at;
  };

  /** Cached profiles; only people never seen are looked up in Slack while planning. */
  async function profiles(teamId: string, userIds: readonly string[]): Promise<Map<string, Person>> {
    const found = new Map((await storage.people.getMany(teamId, userIds)).map((p) => [p.userId, p]));
    for (const id of new Set(userIds)) {
      if (found.has(id)) continue;
      const p = await people.profile(teamId, id);
      if (p) found.set(id, p);
    }
    return found;
  }

  // The sweep works only in workspaces where Lifering is installed, and one workspace's trouble
  // (its token revoked mid-run, Slack refusing it) is logged and skipped, never the whole run.
  const servedCache = new Map<string, Promise<boolean>>();
  const served = (teamId: string): Promise<boolean> => {
    let known = servedCache.get(teamId);
    if (!known) {
      known = (async () => {
        if (await storage.installations.serves(teamId, Boolean(config.slack.oauth))) return true;
        if (config.slack.oauth || dryRun) return false;
        // One bot token: the workspace may have added the app back since it was uninstalled (no
        // event says so). If the token works there again, it is served again.
        const me = await o
          .clientFor(teamId)
          .auth.test()
          .catch(() => undefined);
        if (me?.team_id !== teamId) return false;
        await storage.installations.reinstate(teamId, now);
        logger.info(`workspace ${teamId} has Lifering installed again; its data is kept`);
        return true;
      })();
      servedCache.set(teamId, known);
    }
    return known;
  };
  const skipTeam = (teamId: string, error: unknown) =>
    logger.warn(`reminder sweep: skipped workspace ${teamId} this run`, error);

  // Dry run: what would be recorded, grouped per recipient as the send phase would.
  const plan = new Map<string, { teamId: string; recipientId: string; items: ReminderItem[] }>();

  try {
    // Phase 1a: supporters' reminders. Local days differ from UTC by under a day each way, so
    // two days of slack on the cutoff never miss a mentorship; the rules decide exactly.
    const cutoff = new Date(
      now.getTime() - (settings.intervalDays - settings.remindBeforeDays - 2) * DAY_MS,
    ).toISOString();
    let after: { feedbackFrom: string; id: number } | null = null;
    for (;;) {
      const batch: DueCandidate[] = await storage.reminders.dueCandidates(cutoff, after, batchSize);
      if (batch.length === 0) break;
      const last = batch.at(-1)!;
      after = { feedbackFrom: last.feedbackFrom, id: last.id };
      result.scanned += batch.length;
      const history = await storage.reminders.historyFor(batch.map((m) => m.id));
      const byMentorship = groupBy(history, (h) => h.mentorshipId);
      const owed: NewReminder[] = [];
      for (const [teamId, inTeam] of groupBy(batch, (m) => m.teamId)) {
        if (!(await served(teamId))) continue;
        let supporters: Map<string, Person>;
        try {
          supporters = await profiles(
            teamId,
            inTeam.map((m) => m.supporterId),
          );
        } catch (error) {
          skipTeam(teamId, error);
          continue;
        }
        for (const m of inTeam) {
          const p = supporters.get(m.supporterId);
          if (p?.isDeleted) continue;
          const tz = p?.tz ?? null;
          if (!isWorkingTime(now, tz)) continue;
          const d = decideReminder(m, byMentorship.get(m.id) ?? [], now, settings, tz);
          if (!d) continue;
          owed.push({
            teamId,
            mentorshipId: m.id,
            recipientId: m.supporterId,
            dueOn: d.dueOn,
            kind: d.kind,
            sequence: d.sequence,
          });
          if (dryRun) {
            const key = `${teamId}/${m.supporterId}`;
            const entry = plan.get(key) ?? { teamId, recipientId: m.supporterId, items: [] };
            entry.items.push({ mentorshipId: m.id, menteeId: m.menteeId, topicName: m.topicName, status: d.status });
            plan.set(key, entry);
          }
        }
      }
      if (!dryRun) {
        result.recorded += await storage.reminders.record(owed, now);
        await renew();
      } else {
        result.recorded += owed.length;
      }
      if (batch.length < batchSize) break;
    }

    // Phase 1b: the admins' daily digest.
    const digests = await planDigests(o, people, dryRun, served, skipTeam);
    result.recorded += digests.recorded;
    for (const d of digests.planned) result.planned.push(d);

    if (dryRun) {
      for (const entry of plan.values())
        result.planned.push({ teamId: entry.teamId, recipientId: entry.recipientId, message: reminderDm(entry.items) });
      return result;
    }

    // "You meet today" before anything else, to both sides of a meeting a report scheduled, in
    // their morning: it is no use a day late, so under "fewer messages" it takes the week's one
    // nudge and what else is owed (all of which is merged into a later DM, never lost) waits.
    result.sent += await sendMeetingDayNotices({
      storage,
      clientFor: o.clientFor,
      logger,
      now,
      served,
      profile: (teamId, userId) => people.profile(teamId, userId),
    });
    // Silent partners next: a notice is owed once per quiet spell and carries "Log meeting report"
    // itself, so under "fewer messages" it takes the week's one nudge and the reminder waits (merged
    // into next week's); the other way round, weekly reminders would hold it back for ever.
    result.sent += await flagSilentPartners({
      now,
      storage,
      clientFor: o.clientFor,
      config,
      logger,
      served,
      renew,
      profile: (teamId, userId) => people.profile(teamId, userId),
      adminIds: (teamId) => people.adminIds(teamId),
    });
    // Phase 3 comes after: check-in questions, which share the nudge budget the sends below use.
    // Phase 2: send what is pending, one DM per recipient: a page of recipients is planned (reads
    // only), its rows claimed in one statement, then sent a few at a time.
    let page: { teamId: string; recipientId: string } | null = null;
    for (;;) {
      const recipients = await storage.reminders.pendingRecipients(page, 200);
      if (recipients.length === 0) break;
      page = recipients.at(-1)!;
      const planned: { teamId: string; recipientId: string; dms: OutgoingDm[] }[] = [];
      for (const r of recipients) {
        if (!(await served(r.teamId))) continue;
        const dms = await planPending(o, people, r.teamId, r.recipientId).catch((error: unknown) => {
          skipTeam(r.teamId, error);
          return [];
        });
        if (dms.length > 0) planned.push({ ...r, dms });
      }
      // Claimed a chunk at a time, just before sending: a crash leaves at most a chunk 'sending',
      // which then counts as sent (never twice) rather than a page.
      for (let i = 0; i < planned.length; i += CLAIM_CHUNK) {
        const chunk = planned.slice(i, i + CLAIM_CHUNK);
        const claimed = await storage.reminders.claimMany(
          chunk.flatMap((p) => p.dms.flatMap((d) => d.rows.map((row) => row.id))),
          now,
        );
        await sendAll(chunk, async (p) => {
          try {
            // One recipient's DMs go in order, never two at once to the same conversation.
            for (const dm of p.dms) {
              const rows = dm.rows.filter((row) => claimed.has(row.id));
              if (rows.length > 0 && (await deliver(o, p.teamId, p.recipientId, rows, dm.message, result)))
                await dm.afterSent?.();
            }
          } catch (error) {
            skipTeam(p.teamId, error);
          }
          // Per recipient: a slow Slack (a 429 pauses every call) can make one chunk take minutes.
          await renew();
        });
      }
      if (recipients.length < 200) break;
    }
    // Phase 3: check-in questions the gentleness rules allow now (at most one a week a person, daytime only).
    result.sent += await askDueCheckins({
      storage,
      clientFor: o.clientFor,
      logger,
      now,
      served,
      profile: (teamId, userId) => people.profile(teamId, userId),
    });
    await purgeUninstalled(o);
    return result;
  } finally {
    if (!dryRun)
      await storage.leases
        .release(SWEEP_LEASE, holder)
        .catch((e: unknown) => logger.warn('could not release the sweep lease', e));
    result.ms = Date.now() - started;
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

type People = ReturnType<typeof createPeopleService>;

/** Admins due today's digest get a pending digest row, plus one row per call for help they have not heard of. */
async function planDigests(
  o: SweepOptions,
  people: People,
  dryRun: boolean,
  served: (teamId: string) => Promise<boolean>,
  skipTeam: (teamId: string, error: unknown) => void,
): Promise<{ recorded: number; planned: PlannedDm[] }> {
  const { now, storage, config } = o;
  const out = { recorded: 0, planned: [] as PlannedDm[] };
  const f = config.feedback;
  const overdueCutoff = new Date(now.getTime() - (f.intervalDays + f.escalateAfterDays - 2) * DAY_MS).toISOString();
  const helpCutoff = new Date(now.getTime() - f.assistanceEscalateHours * 3_600_000).toISOString();
  const unanswered = await storage.reminders.unansweredAssistance(helpCutoff);
  const leaversFrom = new Date(now.getTime() - LEAVERS_LOOKBACK_MS);
  const teams = new Set([
    ...(await storage.reminders.teamsWithFeedbackBefore(overdueCutoff)),
    ...unanswered.map((a) => a.teamId),
    ...(await storage.people.teamsWithLeftSince(leaversFrom)),
  ]);

  for (const teamId of teams) {
    if (!(await served(teamId))) continue;
    try {
      await digestsFor(teamId);
    } catch (error) {
      skipTeam(teamId, error);
    }
  }
  return out;

  async function digestsFor(teamId: string): Promise<void> {
    const pairs = await overduePairs(o, teamId, overdueCutoff);
    const help: typeof unanswered = [];
    for (const a of unanswered.filter((x) => x.teamId === teamId)) {
      const mentee = await people.profile(teamId, a.menteeId);
      const hours = workingHoursBetween(new Date(a.openedAt), now, mentee?.tz, f.assistanceEscalateHours);
      if (hours >= f.assistanceEscalateHours) help.push(a);
    }
    const anyLeft = (await storage.people.leftSince(teamId, leaversFrom, 1)).length > 0;
    if (pairs.total === 0 && help.length === 0 && !anyLeft) return;
    for (const adminId of await people.adminIds(teamId)) {
      const admin = await people.profile(teamId, adminId);
      if (admin?.isDeleted || !isWorkingTime(now, admin?.tz)) continue;
      const today = localDay(now, admin?.tz);
      if (await storage.reminders.sentTo(teamId, adminId, 'digest', today)) continue;
      const told = await storage.reminders.assistanceToldTo(
        teamId,
        adminId,
        help.map((a) => a.id),
      );
      const fresh = help.filter((a) => !told.has(a.id));
      const left = await leaversFor(o, teamId, adminId);
      if (pairs.total === 0 && fresh.length === 0 && left.length === 0) continue;
      if (dryRun) {
        out.planned.push({
          teamId,
          recipientId: adminId,
          message: adminDigest(pairs.shown, pairs.total, fresh, now, left),
        });
        out.recorded += 1 + fresh.length;
        continue;
      }
      out.recorded += await storage.reminders.record(
        [
          { teamId, mentorshipId: null, recipientId: adminId, dueOn: today, kind: 'digest', sequence: 0 },
          ...fresh.map((a) => ({
            teamId,
            mentorshipId: null,
            assistanceRequestId: a.id,
            recipientId: adminId,
            dueOn: a.openedAt.slice(0, 10),
            kind: 'assistance' as const,
            sequence: 0,
          })),
        ],
        now,
      );
    }
  }
}

/** A digest tells of people who left at most this long ago (a week of missed digests at most). */
const LEAVERS_LOOKBACK_MS = 7 * DAY_MS;

/** People who left since this admin's last digest (and within the lookback), for their next one. */
async function leaversFor(o: SweepOptions, teamId: string, adminId: string): Promise<Leaver[]> {
  const last = await o.storage.reminders.lastDigestAt(teamId, adminId);
  const floor = o.now.getTime() - LEAVERS_LOOKBACK_MS;
  const since = new Date(Math.max(floor, last ? Date.parse(last) : floor));
  return (await o.storage.people.leftSince(teamId, since)).map((p) => ({ userId: p.userId, reason: p.reason }));
}

/**
 * Deletes the data of workspaces uninstalled more than DATA_RETENTION_DAYS ago (a reinstall
 * before then keeps it). Runs at the end of a sweep, under its lease.
 */
export async function purgeUninstalled(
  o: Pick<SweepOptions, 'now' | 'storage' | 'config' | 'logger'>,
): Promise<number> {
  const cutoff = new Date(o.now.getTime() - o.config.dataRetentionDays * DAY_MS);
  let purged = 0;
  for (const install of await o.storage.installations.uninstalledBefore(cutoff)) {
    try {
      const counts = await o.storage.installations.purge(install);
      if (!counts) continue;
      purged++;
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      o.logger.info(
        `purged the data of ${install.isEnterpriseInstall ? 'organisation' : 'workspace'} ${install.id}: uninstalled ${install.uninstalledAt}, kept ${o.config.dataRetentionDays} days; ${rows} rows deleted`,
      );
    } catch (error) {
      o.logger.error(`purging the data of ${install.id} failed; the next sweep tries again`, error);
    }
  }
  return purged;
}

/** The team's pairs overdue past ESCALATE_AFTER_DAYS, worst first, days counted on the supporter's clock. */
async function overduePairs(
  o: SweepOptions,
  teamId: string,
  cutoff: string,
): Promise<{ shown: OverduePair[]; total: number }> {
  const { storage, config, now } = o;
  const f = config.feedback;
  const LIMIT = 500;
  const rows = await storage.reminders.overdueInTeam(teamId, cutoff, LIMIT);
  const tz = new Map(
    (
      await storage.people.getMany(
        teamId,
        rows.map((r) => r.supporterId),
      )
    ).map((p) => [p.userId, p.tz]),
  );
  const pairs: OverduePair[] = [];
  for (const r of rows) {
    const s = feedbackStatus(r.feedbackFrom, now, f, tz.get(r.supporterId));
    if (isEscalated(s, f.escalateAfterDays))
      pairs.push({
        supporterId: r.supporterId,
        menteeId: r.menteeId,
        topicName: r.topicName,
        daysOverdue: s.daysOverdue,
      });
  }
  // Past the first page the exact count is close enough: the digest says "…and N more".
  const total = rows.length < LIMIT ? pairs.length : await storage.reminders.countOverdueInTeam(teamId, cutoff);
  return { shown: pairs.slice(0, 15), total };
}

/** A DM the sweep is about to send, and the ledger rows it settles. */
interface OutgoingDm {
  rows: PendingReminder[];
  message: Message;
  afterSent?: () => Promise<void>;
}

/**
 * What to send one recipient now, if it is their working time: their reminders as one DM and an
 * admin's digest as another. Reads, and cancels rows no longer owed; sends nothing.
 */
async function planPending(
  o: SweepOptions,
  people: People,
  teamId: string,
  recipientId: string,
): Promise<OutgoingDm[]> {
  const { now, storage, config } = o;
  const out: OutgoingDm[] = [];
  const pending = await storage.reminders.pendingFor(teamId, recipientId);
  if (pending.length === 0) return out;
  const person = await people.profile(teamId, recipientId);
  if (!isWorkingTime(now, person?.tz)) return out;
  // "Fewer messages": at most one nudge a week; what waits is merged into the next DM, not lost.
  const nudges = await storage.checkins.settings(teamId, recipientId);
  if (!mayNudge(nudges, now)) return out;

  const stale: number[] = [];
  const reminders: { row: PendingReminder; item: ReminderItem }[] = [];
  const digestRows: PendingReminder[] = [];
  const helpRows: PendingReminder[] = [];
  for (const row of pending) {
    if (row.kind === 'digest') digestRows.push(row);
    else if (row.kind === 'assistance') helpRows.push(row);
    else {
      const m = row.mentorship;
      const status = m && feedbackStatus(m.feedbackFrom, now, config.feedback, person?.tz);
      // Ended, reported on since, or snoozed since the row was recorded: no longer owed.
      if (
        !m ||
        !status ||
        m.status !== 'active' ||
        status.dueOn !== row.dueOn ||
        (m.snoozedUntil && m.snoozedUntil > now.toISOString())
      ) {
        stale.push(row.id);
        continue;
      }
      reminders.push({ row, item: { mentorshipId: m.id, menteeId: m.menteeId, topicName: m.topicName, status } });
    }
  }
  await storage.reminders.cancel(stale);

  if (reminders.length > 0) {
    out.push({ rows: reminders.map((r) => r.row), message: reminderDm(reminders.map((r) => r.item)) });
    // One nudge is this week's budget: an admin's digest waits for next week.
    if (nudges.fewerMessages) return out;
  }
  if (digestRows.length > 0 || helpRows.length > 0) {
    const requests = await storage.reminders.assistanceByIds(helpRows.map((r) => r.assistanceRequestId!));
    const open = requests.filter((a) => !a.resolvedAt && !a.acknowledgedAt);
    const answered = helpRows.filter((r) => !open.some((a) => a.id === r.assistanceRequestId));
    await storage.reminders.cancel(answered.map((r) => r.id));
    const helpStill = helpRows.filter((r) => !answered.includes(r));
    const overdueCutoff = new Date(
      now.getTime() - (config.feedback.intervalDays + config.feedback.escalateAfterDays - 2) * DAY_MS,
    ).toISOString();
    const pairs = digestRows.length > 0 ? await overduePairs(o, teamId, overdueCutoff) : { shown: [], total: 0 };
    const left = digestRows.length > 0 ? await leaversFor(o, teamId, recipientId) : [];
    if (pairs.total === 0 && open.length === 0 && left.length === 0) {
      await storage.reminders.cancel([...digestRows, ...helpStill].map((r) => r.id));
      return out;
    }
    const items: EscalatedAssistance[] = open.map((a) => ({
      menteeId: a.menteeId,
      topicName: a.topicName,
      note: a.note,
      openedAt: a.openedAt,
    }));
    out.push({
      rows: [...digestRows, ...helpStill],
      message: adminDigest(pairs.shown, pairs.total, items, now, left),
      afterSent: () =>
        storage.reminders.markEscalated(
          open.map((a) => a.id),
          now,
        ),
    });
  }
  return out;
}

/**
 * DMs in flight at once. Each recipient's DMs go one after another (Slack allows about one
 * message a second per conversation), and a 429 pauses every call of that workspace's client for
 * its Retry-After (web-api), so the others wait with it instead of hammering the workspace limit.
 */
export const SEND_CONCURRENCY = 4;
/** Recipients whose rows are claimed together, in one statement. */
const CLAIM_CHUNK = 25;

async function sendAll<T>(items: readonly T[], send: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SEND_CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await send(items[next++]!);
    }),
  );
}

/** Sends the DM for rows this run has claimed, and records the outcome. True when Slack took the message. */
async function deliver(
  o: SweepOptions,
  teamId: string,
  recipientId: string,
  claimed: readonly PendingReminder[],
  message: Message,
  result: SweepResult,
): Promise<boolean> {
  const { storage, logger, now } = o;
  const ids = claimed.map((r) => r.id);
  try {
    const where = await sendDm(o.clientFor(teamId), recipientId, message);
    await storage.reminders.markSent(ids, where, now);
    await storage.checkins.noteNudge(teamId, recipientId, now);
    result.sent++;
    return true;
  } catch (error) {
    const code = slackErrorCode(error) ?? (error as { code?: string }).code ?? (error as Error).message;
    if (UNREACHABLE_USER_ERRORS.has(code)) {
      logger.warn(`reminder to ${recipientId} skipped: Slack says ${code}`);
      await storage.reminders.markFailed(ids, code, 'unreachable', now);
      result.unreachable++;
    } else {
      const givingUp = claimed.every((r) => r.attempts + 1 >= MAX_ATTEMPTS);
      logger.warn(
        `reminder to ${recipientId} failed (${code}); ${givingUp ? 'giving up' : 'will retry on the next run'}`,
      );
      await storage.reminders.markFailed(ids, code, givingUp ? 'failed' : 'pending', now);
      result.retryLater++;
    }
    return false;
  }
}

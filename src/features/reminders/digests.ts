import { isWorkingTime, localDay, workingHoursBetween } from '../../calendar/dates.ts';
import { reportDue } from '../../calendar/report-due.ts';
import type { Config } from '../../config.ts';
import type { ProgrammeScope } from '../../storage/programme-scope.ts';
import type { UnansweredHelp, WaitingOffer } from '../../storage/reminders.ts';
import type { SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';
import { alertRecipients } from '../help-requests/rules.ts';
import { STALE_PENDING_DAYS } from '../oversight/rules.ts';
import { reportEveryDaysOf } from '../programmes/rules.ts';
import { isEscalated } from './rules.ts';
import { adminDigest, type EscalatedHelp, type Leaver, type OverduePair } from './views.ts';

const DAY_MS = 86_400_000;

/** A digest tells of people who left at most this long ago (a week of missed digests at most). */
const LEAVERS_LOOKBACK_MS = 7 * DAY_MS;

/**
 * Pairs whose report is this overdue go in the admins' digest: the SQL cutoff, widened to the
 * shortest rhythm of any programme (`shortest`); each pair's own rhythm decides exactly.
 */
export const overdueCutoff = (config: Config, now: Date, shortest?: number): string =>
  new Date(
    now.getTime() -
      (Math.min(config.feedback.intervalDays, shortest ?? Number.POSITIVE_INFINITY) +
        config.feedback.escalateAfterDays -
        2) *
        DAY_MS,
  ).toISOString();

/** Assignments unanswered this long go in the admins' digest: as long as Home's "needs you" waits. */
export const pendingCutoff = (now: Date): string => new Date(now.getTime() - STALE_PENDING_DAYS * DAY_MS).toISOString();

/** Unanswered assignments shown in one digest (each a line; the rest are counted). */
const DIGEST_OFFERS = 15;

export type WaitingOffers = { shown: WaitingOffer[]; total: number };

/** A team's assignments (of the programmes in scope) unanswered for over a week, the longest waiting first. */
export const waitingOffers = (
  deps: SweepDeps,
  teamId: string,
  now: Date,
  scope: ProgrammeScope = 'all',
): Promise<WaitingOffers> => deps.storage.reminders.pendingInTeam(teamId, pendingCutoff(now), DIGEST_OFFERS, scope);

/**
 * Who gets the digest, and of what: workspace admins the whole workspace's, each programme's
 * managers who are not admins their programmes' pairs only.
 */
export async function digestRecipients(
  deps: SweepDeps,
  teamId: string,
): Promise<{ recipientId: string; scope: ProgrammeScope }[]> {
  const admins = await deps.people.adminIds(teamId);
  const managers = new Map<string, number[]>();
  for (const p of await deps.storage.programmes.list(teamId))
    for (const id of await deps.storage.programmes.managers(teamId, p.id))
      if (!admins.includes(id)) managers.set(id, [...(managers.get(id) ?? []), p.id]);
  return [
    ...admins.map((recipientId) => ({ recipientId, scope: 'all' as const })),
    ...[...managers].map(([recipientId, scope]) => ({ recipientId, scope })),
  ];
}

/** What a digest's recipient may be told of when it goes: everything for an admin, their programmes for a manager. */
export async function digestScopeOf(deps: SweepDeps, teamId: string, recipientId: string): Promise<ProgrammeScope> {
  if ((await deps.people.adminIds(teamId)).includes(recipientId) || (await deps.people.isAdmin(teamId, recipientId)))
    return 'all';
  return [...(await deps.people.manages(teamId, recipientId))];
}

/** The calls for help of the mentees of the programmes in scope (a pending or active pair there). */
export async function helpInScope(
  deps: SweepDeps,
  teamId: string,
  help: readonly UnansweredHelp[],
  scope: ProgrammeScope,
): Promise<UnansweredHelp[]> {
  if (scope === 'all') return [...help];
  if (scope.length === 0) return [];
  const fallback = (await deps.storage.programmes.ensureDefault(teamId, new Date())).id;
  const kept: UnansweredHelp[] = [];
  for (const a of help) {
    const pairs = await deps.storage.mentorships.listForMentee(teamId, a.menteeId);
    if (pairs.some((m) => scope.includes(m.programmeId ?? fallback))) kept.push(a);
  }
  return kept;
}

/** What the admins of every workspace might be told today, read once for the whole run. */
interface DigestScope {
  overdueCutoff: string;
  unanswered: UnansweredHelp[];
  leaversFrom: Date;
}

/** Admins due today's digest get a pending digest row, plus one row per call for help they have not heard of. */
export async function recordAdminDigests(deps: SweepDeps, run: SweepRun): Promise<void> {
  const { storage, config } = deps;
  const { now } = run;
  const helpCutoff = new Date(now.getTime() - config.feedback.helpEscalateHours * 3_600_000).toISOString();
  const scope: DigestScope = {
    overdueCutoff: overdueCutoff(config, now, await storage.programmePairs.shortestRhythm()),
    unanswered: await storage.reminders.unansweredHelp(helpCutoff),
    leaversFrom: new Date(now.getTime() - LEAVERS_LOOKBACK_MS),
  };
  const teams = new Set([
    ...(await storage.reminders.teamsWithFeedbackBefore(scope.overdueCutoff)),
    ...scope.unanswered.map((a) => a.teamId),
    ...(await storage.people.teamsWithLeftSince(scope.leaversFrom)),
    ...(await storage.reminders.teamsWithPendingBefore(pendingCutoff(now))),
  ]);
  for (const teamId of teams) {
    if (!(await run.served(teamId))) continue;
    try {
      await digestsFor(deps, run, scope, teamId);
    } catch (error) {
      run.skipTeam(teamId, error);
    }
  }
}

export const adminDigests: SweepPhase = { name: 'admin-digests', plans: true, run: recordAdminDigests };

async function digestsFor(deps: SweepDeps, run: SweepRun, scope: DigestScope, teamId: string): Promise<void> {
  const { storage, people } = deps;
  const f = deps.config.feedback;
  const pairs = await overduePairs(deps, run.now, teamId, scope.overdueCutoff);
  const help: UnansweredHelp[] = [];
  for (const a of scope.unanswered.filter((x) => x.teamId === teamId)) {
    const mentee = await people.profile(teamId, a.menteeId);
    const hours = workingHoursBetween(new Date(a.openedAt), run.now, mentee?.tz, f.helpEscalateHours);
    if (hours >= f.helpEscalateHours) help.push(a);
  }
  const anyLeft = (await storage.people.leftSince(teamId, scope.leaversFrom, 1)).length > 0;
  const offers = await waitingOffers(deps, teamId, run.now);
  if (pairs.total === 0 && help.length === 0 && !anyLeft && offers.total === 0) return;
  for (const { recipientId, scope: theirs } of await digestRecipients(deps, teamId)) {
    const news =
      theirs === 'all'
        ? { pairs, help, offers }
        : {
            pairs: await overduePairs(deps, run.now, teamId, scope.overdueCutoff, theirs),
            help: await helpInScope(deps, teamId, help, theirs),
            offers: await waitingOffers(deps, teamId, run.now, theirs),
          };
    await digestFor(deps, run, teamId, recipientId, news, theirs);
  }
}

/** One admin's digest for today, if they are in working hours and have not had it yet. */
async function digestFor(
  deps: SweepDeps,
  run: SweepRun,
  teamId: string,
  adminId: string,
  news: {
    pairs: { shown: OverduePair[]; total: number };
    help: readonly UnansweredHelp[];
    offers: WaitingOffers;
  },
  scope: ProgrammeScope,
): Promise<void> {
  const { pairs, help, offers } = news;
  const { storage, people } = deps;
  const { now } = run;
  const admin = await people.profile(teamId, adminId);
  if (admin?.isDeleted || !isWorkingTime(now, admin?.tz)) return;
  const today = localDay(now, admin?.tz);
  if (await storage.reminders.sentTo(teamId, adminId, 'digest', today)) return;
  const told = await storage.reminders.helpToldTo(
    teamId,
    adminId,
    help.map((a) => a.id),
  );
  const fresh = help.filter((a) => !told.has(a.id));
  const left = await leaversFor(deps, now, teamId, adminId, scope);
  if (pairs.total === 0 && fresh.length === 0 && left.length === 0 && offers.total === 0) return;
  if (run.dryRun) {
    run.counts.planned.push({
      teamId,
      recipientId: adminId,
      message: adminDigest(pairs.shown, pairs.total, await escalatedLines(deps, teamId, fresh), now, left, offers),
    });
    run.counts.recorded += 1 + fresh.length;
    return;
  }
  run.counts.recorded += await storage.reminders.record(
    [
      { teamId, mentorshipId: null, recipientId: adminId, dueOn: today, kind: 'digest', sequence: 0 },
      ...fresh.map((a) => ({
        teamId,
        mentorshipId: null,
        helpRequestId: a.id,
        recipientId: adminId,
        dueOn: a.openedAt.slice(0, 10),
        kind: 'assistance' as const,
        sequence: 0,
      })),
    ],
    now,
  );
}

/**
 * The digest's lines for unanswered help requests, each marked when the mentee has no active
 * supporter who would hear of it (their mentorship ended): the admins are asked to assign someone,
 * never to have a word with a supporter who is gone.
 */
export async function escalatedLines(
  deps: SweepDeps,
  teamId: string,
  requests: readonly UnansweredHelp[],
): Promise<EscalatedHelp[]> {
  const lines: EscalatedHelp[] = [];
  for (const a of requests) {
    const active = await deps.storage.mentorships.listForMentee(teamId, a.menteeId, ['active']);
    lines.push({
      menteeId: a.menteeId,
      topicId: a.topicId,
      topicName: a.topicName,
      note: a.note,
      openedAt: a.openedAt,
      noSupporter: alertRecipients(active, a.topicId).length === 0,
    });
  }
  return lines;
}

/**
 * People who left since this admin's last digest (and within the lookback), for their next one:
 * the workspace's news, so a programme's manager (`scope` not all) is not told it.
 */
export async function leaversFor(
  deps: SweepDeps,
  now: Date,
  teamId: string,
  adminId: string,
  scope: ProgrammeScope = 'all',
): Promise<Leaver[]> {
  if (scope !== 'all') return [];
  const last = await deps.storage.reminders.lastDigestAt(teamId, adminId);
  const floor = now.getTime() - LEAVERS_LOOKBACK_MS;
  const since = new Date(Math.max(floor, last ? Date.parse(last) : floor));
  return (await deps.storage.people.leftSince(teamId, since)).map((p) => ({ userId: p.userId, reason: p.reason }));
}

/** The team's pairs overdue past ESCALATE_AFTER_DAYS, worst first, days counted on the supporter's clock. */
export async function overduePairs(
  deps: SweepDeps,
  now: Date,
  teamId: string,
  cutoff: string,
  scope: ProgrammeScope = 'all',
): Promise<{ shown: OverduePair[]; total: number }> {
  const { storage, config } = deps;
  const f = config.feedback;
  const LIMIT = 500;
  const rows = await storage.reminders.overdueInTeam(teamId, cutoff, LIMIT, scope);
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
    const rhythm = { ...f, intervalDays: reportEveryDaysOf(r.reportEveryDays, config) };
    const s = reportDue(r.feedbackFrom, now, rhythm, tz.get(r.supporterId));
    if (isEscalated(s, f.escalateAfterDays))
      pairs.push({
        supporterId: r.supporterId,
        menteeId: r.menteeId,
        topicName: r.topicName,
        daysOverdue: s.daysOverdue,
      });
  }
  // Past the first page the exact count is close enough: the digest says "…and N more".
  const total = rows.length < LIMIT ? pairs.length : await storage.reminders.countOverdueInTeam(teamId, cutoff, scope);
  return { shown: pairs.slice(0, 15), total };
}

import { isWorkingTime } from '../../calendar/dates.ts';
import type { Config } from '../../config.ts';
import { slot } from '../../deps.ts';
import type { DueCandidate, NewReminder, ReminderHistory } from '../../storage/reminders.ts';
import type { Person } from '../../storage/rows.ts';
import type { SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';
import { reportEveryDaysOf } from '../programmes/rules.ts';
import { decideReminder, type ReminderSettings } from './rules.ts';
import type { ReminderItem } from './views.ts';

const DAY_MS = 86_400_000;

/** Dry run: what would be recorded, grouped per recipient as the send phase would; pending-reminders shows it. */
export const dryRunPlan = slot(() => new Map<string, { teamId: string; recipientId: string; items: ReminderItem[] }>());

/** A pair's reminder settings: its programme's rhythm (null: FEEDBACK_INTERVAL_DAYS), the rest the settings'. */
const settingsOf = (config: Config, reportEveryDays?: number | null): ReminderSettings => ({
  intervalDays: reportEveryDaysOf(reportEveryDays, config),
  remindBeforeDays: config.feedback.remindBeforeDays,
  repeatDays: config.feedback.repeatDays,
});

/**
 * Records every supporter's reminder owed now as a pending row: one indexed range scan of active
 * mentorships by feedback_from, page by page.
 */
export async function recordOwedReminders(deps: SweepDeps, run: SweepRun): Promise<void> {
  const { storage, config } = deps;
  const { now, batchSize } = run;
  // Local days differ from UTC by under a day each way, so two days of slack on the cutoff never
  // miss a mentorship; the rules decide exactly.
  // The SQL cutoff widens to the shortest rhythm of any programme; each pair's own decides exactly.
  const settings = settingsOf(config, await storage.programmePairs.shortestRhythm());
  settings.intervalDays = Math.min(settings.intervalDays, config.feedback.intervalDays);
  const cutoff = new Date(
    now.getTime() - (settings.intervalDays - settings.remindBeforeDays - 2) * DAY_MS,
  ).toISOString();
  let after: { feedbackFrom: string; id: number } | null = null;
  for (;;) {
    const batch: DueCandidate[] = await storage.reminders.dueCandidates(cutoff, after, batchSize);
    if (batch.length === 0) break;
    const last = batch.at(-1)!;
    after = { feedbackFrom: last.feedbackFrom, id: last.id };
    run.counts.scanned += batch.length;
    const owed = await owedIn(deps, run, batch);
    if (!run.dryRun) {
      run.counts.recorded += await storage.reminders.record(owed, now);
      await run.renew();
    } else {
      run.counts.recorded += owed.length;
    }
    if (batch.length < batchSize) break;
  }
}

export const owedReminders: SweepPhase = { name: 'owed-reminders', plans: true, run: recordOwedReminders };

/** The reminders one page of candidates is owed now, in the workspaces the app serves. */
async function owedIn(deps: SweepDeps, run: SweepRun, batch: readonly DueCandidate[]): Promise<NewReminder[]> {
  const history = await deps.storage.reminders.historyFor(batch.map((m) => m.id));
  const byMentorship = groupBy(history, (h) => h.mentorshipId);
  const owed: NewReminder[] = [];
  for (const [teamId, inTeam] of groupBy(batch, (m) => m.teamId)) {
    if (!(await run.served(teamId))) continue;
    let supporters: Map<string, Person>;
    try {
      supporters = await profiles(
        deps,
        teamId,
        inTeam.map((m) => m.supporterId),
      );
    } catch (error) {
      run.skipTeam(teamId, error);
      continue;
    }
    for (const m of inTeam) {
      const reminder = owedFor(deps, run, m, supporters.get(m.supporterId), byMentorship.get(m.id) ?? []);
      if (reminder) owed.push(reminder);
    }
  }
  return owed;
}

/** The reminder one mentorship is owed now, if any; a dry run also adds it to the plan. */
function owedFor(
  deps: SweepDeps,
  run: SweepRun,
  m: DueCandidate,
  supporter: Person | undefined,
  history: readonly ReminderHistory[],
): NewReminder | undefined {
  const { now } = run;
  if (supporter?.isDeleted) return undefined;
  const tz = supporter?.tz ?? null;
  if (!isWorkingTime(now, tz)) return undefined;
  const d = decideReminder(m, history, now, settingsOf(deps.config, m.reportEveryDays), tz);
  if (!d) return undefined;
  const teamId = m.teamId;
  if (run.dryRun) {
    const plan = run.state.get(dryRunPlan);
    const key = `${teamId}/${m.supporterId}`;
    const entry = plan.get(key) ?? { teamId, recipientId: m.supporterId, items: [] };
    entry.items.push({ mentorshipId: m.id, menteeId: m.menteeId, topicName: m.topicName, status: d.status });
    plan.set(key, entry);
  }
  return { teamId, mentorshipId: m.id, recipientId: m.supporterId, dueOn: d.dueOn, kind: d.kind, sequence: d.sequence };
}

/** Cached profiles; only people never seen are looked up in Slack while planning. */
async function profiles(deps: SweepDeps, teamId: string, userIds: readonly string[]): Promise<Map<string, Person>> {
  const found = new Map((await deps.storage.people.getMany(teamId, userIds)).map((p) => [p.userId, p]));
  for (const id of new Set(userIds)) {
    if (found.has(id)) continue;
    const p = await deps.people.profile(teamId, id);
    if (p) found.set(id, p);
  }
  return found;
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

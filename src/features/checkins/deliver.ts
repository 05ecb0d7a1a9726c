import { sendDm } from '../../slack/dm.ts';
import type { Checkin } from '../../storage/checkins.ts';
import type { SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';
import { mayAsk, pickQuestion } from './rules.ts';
import { checkinDm } from './views.ts';

/**
 * Asks the waiting check-in questions the gentleness rules allow now: one per person at most,
 * claimed before sending so two instances never ask the same one. A question held back stays
 * waiting for a later sweep; expired and superseded ones are dropped.
 */
export async function askDueCheckins(deps: SweepDeps, run: SweepRun): Promise<void> {
  const waiting = await deps.storage.checkins.waiting(2000);
  const byPerson = new Map<string, Checkin[]>();
  for (const c of waiting) {
    const key = `${c.teamId}\u0000${c.personId}`;
    byPerson.set(key, [...(byPerson.get(key) ?? []), c]);
  }
  let asked = 0;
  for (const list of byPerson.values()) {
    const { teamId, personId } = list[0]!;
    if (!(await run.served(teamId))) continue;
    try {
      if (await askOne(deps, run.now, teamId, personId, list)) asked++;
    } catch (error) {
      // One workspace or person failing (Slack unreachable for them) does not stop the others.
      deps.logger.warn(`check-ins for ${personId} in ${teamId} skipped this run`, error);
    }
  }
  run.counts.sent += asked;
}

export const checkinQuestions: SweepPhase = { name: 'checkin-questions', run: askDueCheckins };

async function askOne(deps: SweepDeps, now: Date, teamId: string, personId: string, list: Checkin[]): Promise<boolean> {
  const { storage } = deps;
  const { ask, drop } = pickQuestion(list, now);
  await storage.checkins.cancel(
    drop.map((c) => c.id),
    now,
  );
  if (!ask) return false;
  const [settings, person] = await Promise.all([
    storage.checkins.settings(teamId, personId),
    deps.people.profile(teamId, personId).catch(() => undefined),
  ]);
  if (person?.isDeleted) {
    await storage.checkins.cancel([ask.id], now);
    return false;
  }
  if (!mayAsk(settings, now, person?.tz)) return false;
  if (!(await storage.checkins.claim(ask.id, now))) return false;
  try {
    const posted = await sendDm(deps.clientFor(teamId), personId, checkinDm(ask, now));
    await storage.checkins.setMessage(ask.id, posted);
    await storage.checkins.noteNudge(teamId, personId, now, true);
    return true;
  } catch (error) {
    // Claimed and not sent: at most one question lost, never one asked twice.
    deps.logger.warn(`could not ask check-in ${ask.id} of ${personId}`, error);
    return false;
  }
}

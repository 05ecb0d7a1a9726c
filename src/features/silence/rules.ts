import type { SilenceStage, SilenceStatus } from '../../storage/silence.ts';

/*
 * Silent partners, as pure rules. A mentorship goes quiet at the later of its feedback clock
 * (acceptance or the last meeting report) and the last answered check-in. Quiet for `afterWeeks`:
 * both sides are told, with the no-blame way out. Still quiet `escalateWeeks` after that: admins.
 */
export const WEEK_MS = 7 * 86_400_000;

export interface SilenceSettings {
  /** 0: never. */
  afterWeeks: number;
  escalateWeeks: number;
}

export function quietSince(m: { feedbackFrom: string; lastCheckinAt: string | null }): string {
  return m.lastCheckinAt !== null && m.lastCheckinAt > m.feedbackFrom ? m.lastCheckinAt : m.feedbackFrom;
}

/** Whole weeks of quiet at `now`. */
export const quietWeeks = (since: string, now: Date): number =>
  Math.floor((now.getTime() - Date.parse(since)) / WEEK_MS);

/**
 * What this quiet episode is owed now, given the notices already recorded for it: the pair's
 * notice, then (once it went out long enough ago, or could reach nobody) the admins'. Nothing
 * while the pair's notice is still waiting to be sent (the "fewer messages" week, their night).
 * A notice left `sending` by a crash has no send time: it counts as one that reached nobody.
 */
export function nextSilenceStep(
  since: string,
  now: Date,
  s: SilenceSettings,
  episode: readonly { stage: SilenceStage; status: SilenceStatus; sentAt: string | null }[],
): SilenceStage | undefined {
  if (s.afterWeeks <= 0) return undefined;
  if (now.getTime() - Date.parse(since) < s.afterWeeks * WEEK_MS) return undefined;
  const pair = episode.filter((n) => n.stage === 'pair');
  if (pair.length === 0) return 'pair';
  if (episode.some((n) => n.stage === 'admins')) return undefined;
  if (pair.some((n) => n.status === 'pending')) return undefined;
  const sent = pair.flatMap((n) => (n.status === 'sent' && n.sentAt ? [Date.parse(n.sentAt)] : []));
  // Nobody in the pair could be told: the admins are the only ones left to hear of it.
  if (sent.length === 0) return 'admins';
  return now.getTime() - Math.min(...sent) >= s.escalateWeeks * WEEK_MS ? 'admins' : undefined;
}

/** Whether a recorded notice still holds: the mentorship is active and quiet since the same instant. */
export const stillQuiet = (
  m: { status: string; feedbackFrom: string; lastCheckinAt: string | null } | undefined,
  since: string,
): boolean => m !== undefined && m.status === 'active' && quietSince(m) === since;

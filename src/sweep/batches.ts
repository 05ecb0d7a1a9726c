import type { Person } from '../storage/rows.ts';
import type { SweepDeps } from './phase.ts';

/**
 * DMs in flight at once, for every phase that sends. Each recipient's DMs go one after another
 * (Slack allows about one message a second per conversation), and a 429 pauses every call of
 * that workspace's client for its Retry-After (web-api), so the others wait with it instead of
 * hammering the workspace limit. It is also the size of a wave: the DMs claimed together in one
 * statement, all in flight at once, so a process killed mid-wave loses at most these.
 */
export const SEND_CONCURRENCY = 4;

/** Works through the items, at most `n` at a time, in the order given. */
export async function eachAtMost<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * A page of recipients' profiles, read in one statement per workspace; a profile older than
 * PEOPLE_CACHE_MINUTES (or never read) is asked of the people service, which refreshes it from Slack.
 */
export async function pageProfiles(
  deps: SweepDeps,
  now: Date,
  recipients: readonly { teamId: string; recipientId: string }[],
): Promise<(teamId: string, userId: string) => Promise<Person | undefined>> {
  const found = new Map<string, Person>();
  const maxAgeMs = deps.config.peopleCacheMinutes * 60_000;
  for (const teamId of new Set(recipients.map((r) => r.teamId))) {
    const ids = recipients.filter((r) => r.teamId === teamId).map((r) => r.recipientId);
    for (const p of await deps.storage.people.getMany(teamId, ids))
      if (p.fetchedAt !== null && now.getTime() - Date.parse(p.fetchedAt) < maxAgeMs)
        found.set(`${teamId}:${p.userId}`, p);
  }
  return async (teamId, userId) => found.get(`${teamId}:${userId}`) ?? deps.people.profile(teamId, userId);
}

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

import type { WebClient } from '@slack/web-api';
import { type Deps, slot } from '../../deps.ts';
import { publishHome } from './publish.ts';

/**
 * The page of mentees each person last looked at, by `team:user`, so a refresh after a change
 * keeps them there. In memory only: after a restart, or on another instance, Home simply starts
 * at page 1.
 */
const pages = slot(() => new Map<string, number>());
/** One publish at a time per person, so the last one out reflects the latest change. */
const queues = slot(() => new Map<string, Promise<void>>());

/** Publishes one person's Home after any publish already under way; `page` moves them to that page. */
export function refreshHome(deps: Deps, client: WebClient, teamId: string, userId: string, page?: number) {
  const shownPages = deps.state.get(pages);
  const running = deps.state.get(queues);
  const key = `${teamId}:${userId}`;
  if (page !== undefined) shownPages.set(key, page);
  const run = async () => {
    const shown = await publishHome(deps, client, teamId, userId, shownPages.get(key) ?? 1);
    shownPages.set(key, shown);
  };
  const next = (running.get(key) ?? Promise.resolve()).then(run, run);
  running.set(key, next);
  void next
    .finally(() => {
      if (running.get(key) === next) running.delete(key);
    })
    .catch(() => undefined);
  return next;
}

/** After a change: the Home of each person it concerns, redrawn. */
export async function refreshHomes(deps: Deps, teamId: string, userIds: readonly string[]): Promise<void> {
  const client = deps.clientFor(teamId);
  await Promise.all(
    userIds.map((userId) =>
      refreshHome(deps, client, teamId, userId).catch((error: unknown) =>
        deps.logger.warn(`could not refresh the Home of ${userId}`, error),
      ),
    ),
  );
}

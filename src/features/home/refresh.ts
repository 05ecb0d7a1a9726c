import type { WebClient } from '@slack/web-api';
import { type Deps, slot } from '../../deps.ts';
import { Backlog } from './backlog.ts';
import { publishHome } from './publish.ts';
import { erasedHome } from './views.ts';

/**
 * The page of mentees each person last looked at, by `team:user`, so a refresh after a change
 * keeps them there. In memory only: after a restart, or on another instance, Home simply starts
 * at page 1.
 */
const pages = slot(() => new Map<string, number>());
/**
 * Redraws after changes, two at a time per instance: each is about ten queries (some in parallel),
 * so two leave most of the database pool of ten to requests that have not been acked yet.
 */
const AFTER_CHANGES = 2;
const backlog = slot(() => new Backlog(AFTER_CHANGES));
/** One publish at a time per person, so the last one out reflects the latest change. */
const queues = slot(() => new Map<string, Promise<void>>());

/** Runs `publish` for one person after any publish of their Home already under way. */
function inTurn(deps: Deps, key: string, publish: () => Promise<void>): Promise<void> {
  const running = deps.state.get(queues);
  const next = (running.get(key) ?? Promise.resolve()).then(publish, publish);
  running.set(key, next);
  void next
    .finally(() => {
      if (running.get(key) === next) running.delete(key);
    })
    .catch(() => undefined);
  return next;
}

/** Publishes one person's Home after any publish already under way; `page` moves them to that page. */
export function refreshHome(deps: Deps, client: WebClient, teamId: string, userId: string, page?: number) {
  const shownPages = deps.state.get(pages);
  const key = `${teamId}:${userId}`;
  if (page !== undefined) shownPages.set(key, page);
  return inTurn(deps, key, async () => {
    const shown = await publishHome(deps, client, teamId, userId, shownPages.get(key) ?? 1);
    shownPages.set(key, shown);
  });
}

/**
 * After a person's data was erased: their Home stops showing it, without being drawn anew
 * (drawing it reads their Slack profile into the cache the erasure has just emptied). Opening the
 * tab draws it as usual.
 */
export function clearHome(deps: Deps, client: WebClient, teamId: string, userId: string): Promise<void> {
  return inTurn(deps, `${teamId}:${userId}`, async () => {
    await client.views.publish({ user_id: userId, view: erasedHome() });
  });
}

/**
 * After a change: the Home of each person it concerns, redrawn when the backlog gives it a turn.
 * A person already waiting for one is not queued again: their redraw reads the change too.
 */
export async function refreshHomes(deps: Deps, teamId: string, userIds: readonly string[]): Promise<void> {
  const client = deps.clientFor(teamId);
  const queue = deps.state.get(backlog);
  await Promise.all(
    userIds.map((userId) =>
      queue
        .add(`${teamId}:${userId}`, () => refreshHome(deps, client, teamId, userId))
        .catch((error: unknown) => deps.logger.warn(`could not refresh the Home of ${userId}`, error)),
    ),
  );
}

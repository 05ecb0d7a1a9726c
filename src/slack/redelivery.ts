import type { Logger, Middleware } from '@slack/bolt';
import { within } from '../deadline.ts';
import { noteOutcome } from '../observability/context.ts';
import type { Storage } from '../storage/index.ts';

/** How long a delivery waits to be recorded (against repeats) before it is handled anyway. */
const CLAIM_WAIT_MS = 1_000;
/** Slack retries within minutes; a day of remembered deliveries is plenty and keeps the table small. */
const DELIVERIES_KEPT_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** The key a delivery is remembered by, or undefined for what needs no guard. */
export function deliveryKey(body: {
  event_id?: string;
  trigger_id?: string;
  type?: string;
  command?: unknown;
}): string | undefined {
  if (body.event_id) return `event:${body.event_id}`;
  // Slash commands are left out: Slack never redelivers them, and each one's effect is already
  // guarded (unique open mentorship, one open request), so the hot path skips a write.
  // Form submissions are not keyed either: each one's effect is guarded where it is stored.
  if (typeof body.command === 'string' || body.type === 'view_submission') return undefined;
  return body.trigger_id ? `trigger:${body.trigger_id}` : undefined;
}

/**
 * Bolt global middleware that drops redelivered events and interactions, so nothing is stored
 * or sent twice: Slack retries an event it thinks was not received, and a click can arrive twice.
 */
export function skipRedeliveries(deps: { storage: Storage; logger: Logger; now: () => Date }): Middleware<never> {
  const { storage, logger, now } = deps;
  const middleware = async ({ body, next, ack }: MiddlewareArgs) => {
    const key = deliveryKey(body);
    if (!key) return next();
    const teamId = body.team_id ?? body.team?.id ?? body.user?.team_id ?? 'unknown';
    // If the delivery cannot be recorded (the database busy or down), it is handled anyway: the
    // listener's own writes fail the same way and it tells the person, and every effect has its
    // own guard against repeats (conditional updates, unique keys).
    // Bounded too: this runs before the listener can ack, and a database that does not answer
    // must not take the ack past Slack's 3 s. A claim that comes back late is treated the same way.
    const claim = storage.events.claim(teamId, key, now()).catch((error: unknown) => {
      logger.warn(`could not record delivery ${key}`, error);
      return true;
    });
    const claimed = await within(claim, CLAIM_WAIT_MS, 'late' as const);
    if (claimed === 'late') logger.warn(`recording delivery ${key} is taking too long; handling it anyway`);
    if (!claimed) {
      noteOutcome('repeat');
      logger.info(`skipping a repeat delivery of ${key}`);
      if (ack) await ack();
      return;
    }
    await next();
  };
  return middleware as unknown as Middleware<never>;
}

interface MiddlewareArgs {
  body: {
    event_id?: string;
    trigger_id?: string;
    type?: string;
    command?: unknown;
    team_id?: string;
    team?: { id?: string } | null;
    user?: { team_id?: string };
  };
  next: () => Promise<void>;
  ack?: () => Promise<void>;
}

/** Forgets remembered deliveries older than a day, now and every hour, until stopped. */
export function forgetOldDeliveries(deps: {
  storage: Storage;
  logger: Logger;
  now: () => Date;
  inFlight: { track: (work: Promise<unknown>) => void };
}): { stop(): Promise<void> } {
  const { storage, logger, now, inFlight } = deps;
  const prune = () =>
    inFlight.track(
      storage.events
        .forgetBefore(new Date(now().getTime() - DELIVERIES_KEPT_MS))
        .catch((error: unknown) => logger.warn('pruning processed events failed', error)),
    );
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS).unref();
  return { stop: async () => clearInterval(timer) };
}

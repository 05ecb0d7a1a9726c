import type { Logger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.ts';
import { observeSlackCalls, type SlackCallRecorder } from '../observability/slack-calls.ts';

/** web-api's default base URL, where SLACK_API_URL is unset. */
const SLACK_API_URL = 'https://slack.com/api/';

/**
 * How every Web API client retries. web-api's default is ten retries over about half an hour, which
 * would hold a click's follow-up (and shutdown, which waits for it) that long while Slack is down.
 * People are waiting on these calls, so: a 5xx or a dropped connection is retried twice within
 * about 1.5 s, and a 429 after its Retry-After (web-api pauses every call on that client for that
 * long), then the call fails and the person is told to try again. A call that uses a trigger id
 * (opening a modal) is never tried past the trigger's 3 s (TriggerClock below). Failures that retrying cannot fix
 * (invalid_auth, user_not_found, any ok:false answer) are never retried. The reminder sweep needs
 * no more than this: it records what it could not send and sends it on its next run.
 */
export const SLACK_RETRY = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 1000, randomize: true } as const;

/**
 * Each HTTP request to Slack gives up after this long: a hung Slack must not stall a listener, the
 * sweep, or shutdown (which waits for follow-ups) for minutes. Slack answers in well under a second.
 */
export const SLACK_TIMEOUT_MS = 10_000;

/** Slack accepts a trigger id for 3 s after the click (or command) that made it. */
export const TRIGGER_LIFETIME_MS = 3_000;
/** How long a trigger's arrival is remembered: well past any retry of a call that uses it. */
const TRIGGER_MEMORY_MS = 60_000;
/** The methods Lifering calls with a trigger id. */
const TRIGGER_METHODS = new Set(['views.open', 'views.push']);

/**
 * When each trigger id reached this instance (`received`, where deliveries enter), so that a call
 * using it is not tried once Slack would only refuse it: a retry after a 5xx or a dropped
 * connection, or a wait for a 429's Retry-After, that ends past the trigger's 3 s is pointless.
 * One per app instance; the clock is the real one, as Slack's is.
 */
export class TriggerClock {
  private readonly arrivals = new Map<string, number>();
  constructor(private readonly clock: () => number = Date.now) {}

  received(triggerId: string): void {
    const now = this.clock();
    // Arrivals are in time order: forget from the oldest until one is recent.
    for (const [id, at] of this.arrivals) {
      if (now - at < TRIGGER_MEMORY_MS) break;
      this.arrivals.delete(id);
    }
    if (!this.arrivals.has(triggerId)) this.arrivals.set(triggerId, now);
  }

  /** When Slack stops taking `triggerId`: 3 s after it arrived (or, not seen arriving, after its first use). */
  expiresAt(triggerId: string): number {
    if (!this.arrivals.has(triggerId)) this.received(triggerId);
    return (this.arrivals.get(triggerId) ?? this.clock()) + TRIGGER_LIFETIME_MS;
  }

  now(): number {
    return this.clock();
  }
}

/** A Web API answer made here, as Slack would give it (web-api turns `ok: false` into its platform error, never retried). */
const answered = (body: Record<string, unknown>): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

function triggerOf(input: string | URL | Request, init: RequestInit | undefined): string | undefined {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = url.slice(url.lastIndexOf('/') + 1);
  if (!TRIGGER_METHODS.has(method) || typeof init?.body !== 'string') return undefined;
  return new URLSearchParams(init.body).get('trigger_id') ?? undefined;
}

/**
 * A call that uses a trigger id, through `send` only while Slack still takes it: past its 3 s it is
 * answered `expired_trigger_id` here, as Slack would, and a 429 whose Retry-After ends past it is
 * answered `ratelimited` at once instead of waited out (the person is told Slack asked us to slow
 * down). Either answer ends web-api's retries.
 */
async function withinTrigger(triggers: TriggerClock, triggerId: string, send: () => Promise<Response>) {
  const expiresAt = triggers.expiresAt(triggerId);
  if (triggers.now() >= expiresAt) return answered({ ok: false, error: 'expired_trigger_id' });
  const response = await send();
  if (response.status !== 429) return response;
  const wait = Number(response.headers.get('retry-after')) * 1000;
  if (Number.isFinite(wait) && triggers.now() + wait < expiresAt) return response;
  await response.body?.cancel();
  return answered({ ok: false, error: 'ratelimited' });
}

/**
 * The options every client of the app, the sweep and `npm run remind` is built with; `triggers`
 * (the app's) keeps calls that use a trigger id within its lifetime; `calls` (metrics on) counts
 * every request that goes to Slack.
 */
export function slackClientOptions(
  config: Config,
  logger: Logger,
  extra: WebClientOptions = {},
  triggers?: TriggerClock,
  calls?: SlackCallRecorder,
): WebClientOptions {
  const timeout = extra.timeout ?? SLACK_TIMEOUT_MS;
  // Bolt answers through response_url with the clients' fetch, which has no timeout of its own
  // (web-api passes its own signal for Web API calls, and that one is kept).
  const bounded: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeout) });
  const send = calls ? observeSlackCalls(bounded, config.slack.apiUrl ?? SLACK_API_URL, calls) : bounded;
  return {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: SLACK_RETRY,
    timeout,
    fetch: (input, init) => {
      const triggerId = triggers && triggerOf(input, init);
      return triggers && triggerId ? withinTrigger(triggers, triggerId, () => send(input, init)) : send(input, init);
    },
    ...extra,
    logger,
  };
}

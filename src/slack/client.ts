import type { Logger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.ts';

/**
 * How every Web API client retries. web-api's default is ten retries over about half an hour, which
 * would hold a click's follow-up (and shutdown, which waits for it) that long while Slack is down.
 * People are waiting on these calls, so: a 5xx or a dropped connection is retried twice within
 * about 1.5 s, and a 429 after its Retry-After (web-api pauses every call on that client for that
 * long), then the call fails and the person is told to try again. Failures that retrying cannot fix
 * (invalid_auth, user_not_found, any ok:false answer) are never retried. The reminder sweep needs
 * no more than this: it records what it could not send and sends it on its next run.
 */
export const SLACK_RETRY = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 1000, randomize: true } as const;

/**
 * Each HTTP request to Slack gives up after this long: a hung Slack must not stall a listener, the
 * sweep, or shutdown (which waits for follow-ups) for minutes. Slack answers in well under a second.
 */
export const SLACK_TIMEOUT_MS = 10_000;

/** The options every client of the app, the sweep and `npm run remind` is built with. */
export function slackClientOptions(config: Config, logger: Logger, extra: WebClientOptions = {}): WebClientOptions {
  const timeout = extra.timeout ?? SLACK_TIMEOUT_MS;
  return {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: SLACK_RETRY,
    timeout,
    // Bolt answers through response_url with the clients' fetch, which has no timeout of its own
    // (web-api passes its own signal for Web API calls, and that one is kept).
    fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeout) }),
    ...extra,
    logger,
  };
}

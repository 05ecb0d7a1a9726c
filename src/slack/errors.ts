import { randomBytes } from 'node:crypto';
import type { Logger } from '@slack/bolt';
import { noteOutcome } from '../observability/context.ts';

/** How web-api 8 words the error a 429 leaves once the client's retries are used up. */
const RATE_LIMIT_EXCEEDED = /^A rate limit was exceeded\b/;

/**
 * Whether Slack's rate limit is why a call failed: a 429 refused at once (`rejectRateLimitedCalls`),
 * an ok:false `ratelimited` answer, or a 429 that outlasted the retries, which web-api 8 throws as a
 * request error (code `slack_webapi_request_error`) around a plain "A rate limit was exceeded"
 * Error. Bolt and web-api wrap errors in `original`, and some code in `cause`: those are followed.
 */
export function isRateLimited(error: unknown): boolean {
  let e = error as {
    code?: unknown;
    data?: { error?: unknown };
    message?: unknown;
    original?: unknown;
    cause?: unknown;
  };
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    if (e.code === 'slack_webapi_rate_limited_error' || e.data?.error === 'ratelimited') return true;
    if (typeof e.message === 'string' && RATE_LIMIT_EXCEEDED.test(e.message)) return true;
    e = (e.original ?? e.cause) as typeof e;
  }
  return false;
}

/**
 * What a person sees when something fails on our side: no stack trace, a next step, and a
 * reference that matches the log line so an admin can find it.
 */
export function unexpectedFailure(logger: Logger, what: string, error: unknown): string {
  const ref = randomBytes(3).toString('hex');
  noteOutcome('error');
  logger.error(`${what} failed (ref ${ref})`, error);
  const cause = isRateLimited(error) ? 'Slack is asking us to slow down' : 'something went wrong on our side';
  return `Sorry, that didn't work: ${cause}. Please try again in a minute; if it keeps happening, give your Lifering admin the reference \`${ref}\`.`;
}

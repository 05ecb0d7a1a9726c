import { randomBytes } from 'node:crypto';
import type { Logger } from '@slack/bolt';

/**
 * What a person sees when something fails on our side: no stack trace, a next step, and a
 * reference that matches the log line so an admin can find it.
 */
export function unexpectedFailure(logger: Logger, what: string, error: unknown): string {
  const ref = randomBytes(3).toString('hex');
  logger.error(`${what} failed (ref ${ref})`, error);
  const code = (error as { data?: { error?: string }; code?: string } | null)?.data?.error;
  const cause =
    code === 'ratelimited' || (error as { code?: string } | null)?.code === 'slack_webapi_rate_limited_error'
      ? 'Slack is asking us to slow down'
      : 'something went wrong on our side';
  return `Sorry, that didn't work: ${cause}. Please try again in a minute; if it keeps happening, give your Lifering admin the reference \`${ref}\`.`;
}

import { WebAPIRateLimitedError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { isRateLimited } from '../../src/slack/errors.ts';

describe('isRateLimited', () => {
  const exceeded = Object.assign(new Error('An HTTP protocol error occurred: statusCode = 429'), {
    code: 'slack_webapi_request_error',
    original: new Error('A rate limit was exceeded (url: https://slack.com/api/views.open, retry-after: 1)'),
  });
  it.each([
    ['a 429 past the retries (web-api 8)', exceeded, true],
    ['the same wrapped by Bolt', { code: 'slack_bolt_unknown_error', original: exceeded }, true],
    ['a 429 refused at once (rejectRateLimitedCalls)', new WebAPIRateLimitedError(30), true],
    ['an ok:false ratelimited answer', { code: 'slack_webapi_platform_error', data: { error: 'ratelimited' } }, true],
    ['a server error', { code: 'slack_webapi_http_error', statusCode: 503 }, false],
    ['a platform error', { code: 'slack_webapi_platform_error', data: { error: 'invalid_auth' } }, false],
    ['a database error', new Error('SQLITE_BUSY'), false],
    ['nothing', undefined, false],
  ])('%s', (_, error, expected) => {
    expect(isRateLimited(error)).toBe(expected);
  });
});

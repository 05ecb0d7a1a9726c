import { describe, expect, it } from 'vitest';
import { installFailure } from '../../src/installations/pages.ts';

describe('the page for an install that did not finish', () => {
  it.each([
    [{ code: 'slack_oauth_installer_authorization_error' }, 200, /You cancelled/],
    [{ code: 'slack_oauth_invalid_state' }, 400, /expired or was already used/],
    [{ code: 'slack_oauth_missing_state' }, 400, /expired or was already used/],
    [{ code: 'slack_oauth_missing_code' }, 400, /Slack did not accept the install:/],
    [{ code: 'slack_webapi_platform_error', data: { error: 'invalid_code' } }, 400, /\(it said invalid_code\)/],
    [{ code: 'slack_oauth_unknown_error' }, 500, /could not finish the install on its side/],
    [{}, 500, /could not finish the install on its side/],
  ])('%o answers %i', (error, status, says) => {
    const failure = installFailure(error);
    expect(failure.status).toBe(status);
    expect(failure.says.join(' ')).toMatch(says);
    expect(failure.says.join(' ')).toMatch(/Nothing was installed/);
  });
});

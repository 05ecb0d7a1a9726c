import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import { type CheckResult, failed, passed, warned } from './result.ts';

/** What one `auth.test` with a workspace's token told the doctor. */
export interface TokenProbe {
  /** How the lines name it: the workspace, or SLACK_BOT_TOKEN before Slack said which. */
  who: string;
  /** Slack's error code, or why Slack could not be asked. */
  error?: string;
  /** The token's scopes, from the `x-oauth-scopes` header (web-api's response_metadata.scopes). */
  scopes?: string[];
  /** Slack's clock, from the answer's `Date` header. */
  slackTime?: Date;
  /** The local clock when that answer arrived. */
  localTime?: Date;
}

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** Asks Slack about a token once, with no retries: the doctor reports, it does not wait Slack out. */
export async function probeToken(
  token: string,
  who: string,
  options: { apiUrl?: string; now: () => Date },
): Promise<TokenProbe> {
  const heard: Pick<TokenProbe, 'slackTime' | 'localTime'> = {};
  const client = new WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logger: quiet,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      const date = response.headers.get('date');
      heard.localTime = options.now();
      if (date && !Number.isNaN(Date.parse(date))) heard.slackTime = new Date(date);
      return response;
    },
  });
  try {
    const answer = await client.auth.test();
    const name = answer.team ? `${answer.team} (${answer.team_id})` : (answer.enterprise_id ?? who);
    return { who: `Workspace ${name}`, scopes: answer.response_metadata?.scopes ?? [], ...heard };
  } catch (error) {
    const e = error as { data?: { error?: string }; message?: string };
    return { who, error: e.data?.error ?? `Slack could not be reached (${e.message ?? String(error)})`, ...heard };
  }
}

/** Slack's answers for a token that no longer works: only installing again gives a new one. */
const GONE = new Set(['token_revoked', 'invalid_auth', 'account_inactive', 'not_authed']);

export function checkToken(probe: TokenProbe, reinstall: string): CheckResult {
  if (!probe.error) return passed(`${probe.who}: the bot token works`);
  if (GONE.has(probe.error))
    return failed(`${probe.who}: Slack refuses the bot token (${probe.error})`, `reinstall Lifering: ${reinstall}`);
  if (probe.error === 'token_expired')
    return failed(
      `${probe.who}: the bot token has expired (token_expired)`,
      `start Lifering, which renews it before it expires; if it stays expired, reinstall Lifering: ${reinstall}`,
    );
  return failed(
    `${probe.who}: ${probe.error}`,
    'check SLACK_API_URL (unset for Slack itself) and the network to slack.com',
  );
}

/** The token's scopes against the manifest's: a scope missing fails each call that needs it with missing_scope. */
export function checkScopes(probe: TokenProbe, wanted: readonly string[], reinstall: string): CheckResult | undefined {
  if (probe.error || !probe.scopes) return undefined;
  if (probe.scopes.length === 0)
    return warned(`${probe.who}: Slack did not say which scopes the token has`, 'nothing to do unless calls fail');
  const missing = wanted.filter((scope) => !probe.scopes?.includes(scope));
  if (missing.length === 0) return passed(`${probe.who}: has every bot scope manifest.yml asks for`);
  const list = missing.join(', ');
  return failed(
    `${probe.who}: the token lacks the ${list} scope${missing.length > 1 ? 's' : ''} manifest.yml asks for`,
    `check that your Slack app at https://api.slack.com/apps lists ${list} under OAuth & Permissions (paste manifest.yml), then reinstall Lifering: ${reinstall}`,
  );
}

/**
 * Bolt refuses a request whose signed timestamp is more than 5 minutes older than the local clock
 * (verify-request.ts checks staleness only), so a clock that far ahead refuses all of Slack.
 */
export const SIGNATURE_WINDOW_S = 300;
/** Skew worth fixing before it reaches the window (and reminders go out at the wrong hour). */
export const SKEW_WARNING_S = 60;

/** The local clock against Slack's, from the first answer that carried a Date header. */
export function checkClock(probes: readonly TokenProbe[]): CheckResult {
  const heard = probes.find((p) => p.slackTime && p.localTime);
  if (!heard?.slackTime || !heard.localTime)
    return warned(
      'Clock: not compared, no answer from Slack carried a Date header',
      'run the doctor again once Slack answers',
    );
  const skew = Math.round((heard.localTime.getTime() - heard.slackTime.getTime()) / 1000);
  const off = `${Math.abs(skew)} s ${skew >= 0 ? 'ahead of' : 'behind'} Slack's`;
  const sync = 'synchronise this machine’s clock (NTP: timedatectl set-ntp true, or chrony)';
  if (skew > SIGNATURE_WINDOW_S)
    return failed(`Clock: ${off}; every request from Slack looks older than 5 minutes and is refused`, sync);
  if (Math.abs(skew) > SKEW_WARNING_S)
    return warned(`Clock: ${off}; requests from Slack are refused once it runs 5 minutes ahead`, sync);
  return passed(`Clock: within ${Math.abs(skew)} s of Slack's`);
}

import { type Config, ConfigError, loadConfig } from '../../config.ts';
import { type CheckResult, failed, passed } from './result.ts';

/** Every setting as the app reads it at start; each problem is a line of its own, with its fix. */
export function checkSettings(env: Record<string, string | undefined>): { results: CheckResult[]; config?: Config } {
  try {
    const config = loadConfig(env);
    const mode = config.slack.oauth ? 'OAuth (many workspaces)' : 'one workspace (SLACK_BOT_TOKEN)';
    const reach = config.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${config.port}`;
    return { results: [passed(`Settings: ${mode}, ${reach}`)], config };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      results: error.problems.map((problem) =>
        failed(`Settings: ${problem}`, 'set it in the environment or in .env; .env.example documents every setting'),
      ),
    };
  }
}

/** Slack's signing secrets are 32 lowercase hex characters (Basic Information > App Credentials). */
const SIGNING_SECRET = /^[0-9a-f]{32}$/;

/**
 * The signing secret's shape: a wrong one (a token or the client secret pasted instead) makes
 * every request from Slack fail its signature check, and the app looks dead from Slack.
 */
export function checkSigningSecret(env: Record<string, string | undefined>): CheckResult {
  const secret = env.SLACK_SIGNING_SECRET?.trim() ?? '';
  const socket = Boolean(env.SLACK_APP_TOKEN?.trim());
  if (!secret)
    return socket
      ? passed('Signing secret: not needed in Socket Mode')
      : failed('Signing secret: SLACK_SIGNING_SECRET is not set', copySecret);
  if (SIGNING_SECRET.test(secret)) return passed('Signing secret: 32 hex characters, as Slack makes them');
  const looks = /^xox|^xapp-/.test(secret)
    ? 'it looks like a token, not the signing secret'
    : `it has ${secret.length} characters where Slack's has 32 lowercase hex characters`;
  return failed(`Signing secret: SLACK_SIGNING_SECRET is not a Slack signing secret (${looks})`, copySecret);
}

const copySecret =
  "copy the Signing Secret from your Slack app's Basic Information page (App Credentials) at https://api.slack.com/apps into SLACK_SIGNING_SECRET";

import type { Config } from '../config.ts';

/**
 * Where Lifering is installed again in a workspace (to grant a scope added since, or after its
 * token was revoked), for a sentence such as "Reinstall Lifering from …": the install page in
 * OAuth mode, the Slack app's own page with one bot token.
 */
export function reinstallFrom(config: Config): string {
  const oauth = config.slack.oauth;
  if (!oauth) return "your Slack app's OAuth & Permissions page at https://api.slack.com/apps (Reinstall to Workspace)";
  // The install page sits beside the redirect URL (/slack/oauth_redirect → /slack/install).
  return oauth.redirectUri ? new URL('install', oauth.redirectUri).href : "Lifering's /slack/install page";
}

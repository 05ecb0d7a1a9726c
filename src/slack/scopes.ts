/**
 * The bot scopes an OAuth install asks for. They must equal manifest.yml's
 * oauth_config.scopes.bot (a test compares them), since Slack grants what the install URL asks.
 */
export const BOT_SCOPES = ['commands', 'chat:write', 'users:read', 'files:write', 'im:write'] as const;

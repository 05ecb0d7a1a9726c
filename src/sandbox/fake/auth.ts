// Tokens and who is calling: the check every authenticated method goes through, auth.test,
// team.info and Socket Mode's apps.connections.open.

import { failure } from './results.ts';
import type { FakeState } from './state.ts';
import type { FakeToken, Result } from './types.ts';

/**
 * Checks the token a call came with and, when it works, makes its workspace (or organisation)
 * the caller's. Socket Mode connects with the app-level token; every other method wants a bot
 * token, which reaches only its own workspace (or organisation).
 */
export function authorise(s: FakeState, method: string, given: string | undefined): Result | undefined {
  if (!given) return failure('not_authed');
  if (method === 'apps.connections.open') return given === s.appToken ? undefined : failure('invalid_auth');
  const t = s.tokens.get(given);
  if (!t) return failure('invalid_auth');
  if (t.revoked) return failure('token_revoked');
  if (t.expiresAt !== undefined && s.now() >= t.expiresAt) return failure('token_expired');
  s.caller = { teamId: t.teamId, enterpriseId: t.enterpriseId };
  return undefined;
}

export function appsConnectionsOpen(s: FakeState): Result {
  return { ok: true, url: `${s.origin.replace(/^http/, 'ws')}/socket-mode` };
}

export function authTest(s: FakeState): Result {
  const w = s.callerWorkspace();
  if (!w) {
    // An organisation-wide token: Slack answers with the organisation, no team.
    return {
      ok: true,
      url: `https://${s.caller.enterpriseId?.toLowerCase()}.enterprise.slack.com/`,
      team: null,
      team_id: null,
      enterprise_id: s.caller.enterpriseId,
      user_id: null,
      bot_id: null,
      is_enterprise_install: true,
    };
  }
  return {
    ok: true,
    url: `https://${w.domain}.slack.com/`,
    team: w.name,
    user: s.users.get(w.botUserId)?.name ?? 'lifering',
    team_id: w.id,
    user_id: w.botUserId,
    bot_id: w.botId,
    ...(w.enterpriseId ? { enterprise_id: w.enterpriseId } : {}),
    is_enterprise_install: false,
  };
}

export function teamInfo(s: FakeState): Result {
  const w = s.callerWorkspace() ?? s.workspaces.get(s.teamId)!;
  return {
    ok: true,
    team: { id: w.id, name: w.name, domain: w.domain, email_domain: '', icon: { image_default: true } },
  };
}

/** Tokens issued for a workspace (or its organisation) that still work. */
export function liveTokensOf(s: FakeState, team: string): FakeToken[] {
  const org = s.workspaces.get(team)?.enterpriseId;
  return [...s.tokens.values()].filter(
    (t) => !t.revoked && (t.teamId === team || (t.teamId === null && org !== undefined && t.enterpriseId === org)),
  );
}

/** What Slack does when the app is uninstalled from a workspace: its tokens stop working. */
export function revokeTokensOf(s: FakeState, team: string): void {
  for (const t of s.tokens.values())
    if (t.teamId === team || (t.teamId === null && t.enterpriseId === team)) t.revoked = true;
  for (const r of s.refreshTokens.values())
    if (r.teamId === team || (r.teamId === null && r.enterpriseId === team)) r.used = true;
}

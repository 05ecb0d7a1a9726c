// OAuth v2: the authorize page (the person approves at once), oauth.v2.access for a code or a
// refresh token, and oauth.v2.exchange to turn a long-lived token into a rotating one.

import { randomBytes } from 'node:crypto';
import { failure, missing, str } from './results.ts';
import type { FakeState } from './state.ts';
import type { FakeToken, JsonObject, RefreshGrant, Reply, Result } from './types.ts';

/** Slack's authorization codes are valid for ten minutes. */
const CODE_TTL_MS = 600_000;

interface Issued {
  token: FakeToken;
  refreshToken?: string;
}

function issueToken(s: FakeState, teamId: string | null, enterpriseId: string | null, rotating: boolean): Issued {
  const id = randomBytes(12).toString('hex');
  const granted = s.grantsScopes.get(teamId ?? enterpriseId ?? '') ?? '';
  const fakeToken: FakeToken = {
    token: rotating ? `xoxe.xoxb-1-${id}` : `xoxb-${(teamId ?? enterpriseId ?? 'x').slice(1)}-${id}`,
    teamId,
    enterpriseId,
    revoked: false,
    scopes: granted.split(',').filter(Boolean),
    ...(rotating && s.oauthApp ? { expiresAt: s.now() + s.oauthApp.expiresIn * 1000 } : {}),
  };
  s.tokens.set(fakeToken.token, fakeToken);
  if (!rotating) return { token: fakeToken };
  const refreshToken = `xoxe-1-${randomBytes(16).toString('hex')}`;
  s.refreshTokens.set(refreshToken, { teamId, enterpriseId, used: false });
  return { token: fakeToken, refreshToken };
}

/** The oauth.v2.access / oauth.v2.exchange answer for a freshly issued bot token. */
function tokenAnswer(
  s: FakeState,
  teamId: string | null,
  enterpriseId: string | null,
  issued: Issued,
  userId?: string,
): Result {
  const w = teamId ? s.workspaces.get(teamId) : undefined;
  const org = enterpriseId ? { id: enterpriseId, name: `Org ${enterpriseId}` } : null;
  return {
    ok: true,
    app_id: s.appId,
    ...(userId ? { authed_user: { id: userId } } : {}),
    scope: s.grantsScopes.get(teamId ?? enterpriseId ?? '') ?? '',
    token_type: 'bot',
    access_token: issued.token.token,
    bot_user_id: w?.botUserId ?? `U0ORGBOT`,
    ...(issued.refreshToken && s.oauthApp
      ? { refresh_token: issued.refreshToken, expires_in: s.oauthApp.expiresIn }
      : {}),
    team: w ? { id: w.id, name: w.name } : null,
    enterprise: org ?? (w?.enterpriseId ? { id: w.enterpriseId, name: `Org ${w.enterpriseId}` } : null),
    is_enterprise_install: teamId === null,
  };
}

function clientProblem(s: FakeState, a: JsonObject): Result | undefined {
  if (!s.oauthApp) return failure('invalid_client_id');
  if (str(a, 'client_id') !== s.oauthApp.clientId) return failure('invalid_client_id');
  if (str(a, 'client_secret') !== s.oauthApp.clientSecret) return failure('bad_client_secret');
  return undefined;
}

export function oauthV2Access(s: FakeState, a: JsonObject): Result {
  const problem = clientProblem(s, a);
  if (problem) return problem;
  return str(a, 'grant_type') === 'refresh_token' ? refreshAccess(s, a) : codeAccess(s, a);
}

function refreshAccess(s: FakeState, a: JsonObject): Result {
  const refreshToken = str(a, 'refresh_token');
  const entry: RefreshGrant | undefined = refreshToken ? s.refreshTokens.get(refreshToken) : undefined;
  // Each refresh token works once: a second instance refreshing with it would be refused.
  if (!entry || entry.used) return failure('invalid_refresh_token');
  const installed = [...s.tokens.values()].some(
    (t) => t.teamId === entry.teamId && t.enterpriseId === entry.enterpriseId && !t.revoked,
  );
  if (!installed) return failure('invalid_refresh_token');
  entry.used = true;
  return tokenAnswer(s, entry.teamId, entry.enterpriseId, issueToken(s, entry.teamId, entry.enterpriseId, true));
}

function codeAccess(s: FakeState, a: JsonObject): Result {
  const code = str(a, 'code');
  if (!code) return missing('code');
  const grant = s.grants.get(code);
  if (!grant || grant.clientId !== s.oauthApp?.clientId || s.now() - grant.issuedAt > CODE_TTL_MS)
    return failure('invalid_code');
  if (grant.used) return failure('code_already_used');
  if (grant.redirectUri !== undefined && str(a, 'redirect_uri') !== grant.redirectUri)
    return failure('bad_redirect_uri');
  grant.used = true;
  s.grantsScopes.set(grant.teamId ?? grant.enterpriseId ?? '', grant.scopes);
  return tokenAnswer(
    s,
    grant.teamId,
    grant.enterpriseId,
    issueToken(s, grant.teamId, grant.enterpriseId, s.oauthApp?.tokenRotation ?? false),
    grant.userId,
  );
}

// Turns a long-lived bot token into a rotating one (after token rotation is switched on).
export function oauthV2Exchange(s: FakeState, a: JsonObject, given: string | undefined): Result {
  const problem = clientProblem(s, a);
  if (problem) return problem;
  const old = given ? s.tokens.get(given) : undefined;
  if (!old || old.revoked) return failure('invalid_auth');
  if (old.expiresAt !== undefined) return failure('token_already_rotating');
  old.revoked = true;
  // The rotating token keeps the scopes the long-lived one was granted.
  const install = old.teamId ?? old.enterpriseId ?? '';
  if (!s.grantsScopes.has(install)) s.grantsScopes.set(install, old.scopes.join(','));
  return tokenAnswer(s, old.teamId, old.enterpriseId, issueToken(s, old.teamId, old.enterpriseId, true));
}

/** GET /oauth/v2/authorize: the person approves at once (as `user`, in `team`) and is sent to the redirect URL. */
export function authorizePage(s: FakeState, query: URLSearchParams): Reply {
  const page = (status: number, text: string): Reply => ({ status, body: text });
  const app = s.oauthApp;
  if (!app || query.get('client_id') !== app.clientId) return page(400, 'invalid_client_id');
  const scopes = query.get('scope') ?? '';
  if (scopes === '') return page(400, 'invalid_scope');
  const redirectUri = query.get('redirect_uri') ?? undefined;
  if (redirectUri !== undefined ? !app.redirectUrls.includes(redirectUri) : app.redirectUrls.length === 0)
    return page(400, 'bad_redirect_uri');
  const enterpriseId = query.get('enterprise');
  const team = enterpriseId ? null : (query.get('team') ?? s.teamId);
  if (team !== null && !s.workspaces.has(team)) return page(400, 'invalid_team');
  const userId =
    query.get('user') ??
    [...s.users.values()].find((u) => !u.is_bot && (team === null || u.team_id === team))?.id ??
    'U0INSTALLER';
  const code = `${Date.now()}.${randomBytes(12).toString('hex')}`;
  s.grants.set(code, {
    clientId: app.clientId,
    teamId: team,
    enterpriseId: enterpriseId ?? (team ? (s.workspaces.get(team)?.enterpriseId ?? null) : null),
    userId,
    scopes,
    redirectUri,
    issuedAt: s.now(),
    used: false,
  });
  // An organisation-wide grant's token is for the organisation, not a workspace.
  if (enterpriseId) s.grants.get(code)!.teamId = null;
  const target = new URL(redirectUri ?? app.redirectUrls[0]!);
  target.searchParams.set('code', code);
  const state = query.get('state');
  if (state !== null) target.searchParams.set('state', state);
  return { status: 302, body: '', headers: { Location: target.toString() } };
}

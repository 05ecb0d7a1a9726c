import { createHash } from 'node:crypto';
import type { WebClientOptions } from '@slack/web-api';

/** Slack refused a call because the install lacks a scope: for the workspace's admins' Home. */
export interface ScopeRefusal {
  /** The Web API method Slack refused, e.g. chat.postMessage. */
  method: string;
  /** The scope it needs, as Slack's `needed` says (a comma-separated list when any one will do). */
  needed: string;
  /** When Slack last refused it. */
  at: string;
}

/** How long admins are told after the last refusal, when nothing has succeeded since. */
export const SCOPE_NOTICE_DAYS = 7;

/** Tokens are kept as a fingerprint only: this map must not become another copy of every token. */
const fingerprint = (token: string): string => createHash('sha256').update(token).digest('base64url');

const parsed = (body: string): { ok?: boolean; error?: string; needed?: string } => {
  try {
    return JSON.parse(body) as { ok?: boolean; error?: string; needed?: string };
  } catch {
    return {};
  }
};

/**
 * The missing_scope answers Slack gave this instance, per install (by its token), in memory: each
 * instance learns from its own calls, and a refusal that matters recurs at the next call that
 * needs the scope, so nothing is stored. A refusal is forgotten when the same method later
 * succeeds, when Slack's `x-oauth-scopes` shows the token has the scope, or after a week.
 */
export class ScopeRefusals {
  private readonly refused = new Map<string, ScopeRefusal>();

  constructor(private readonly now: () => Date) {}

  /** Notes Slack's answer (`body`, and its `x-oauth-scopes` header) to one call made with `token`. */
  heard(token: string, method: string, body: string, granted: string | null): void {
    if (body.includes('"missing_scope"')) {
      const answer = parsed(body);
      if (answer.error === 'missing_scope')
        this.refused.set(fingerprint(token), { method, needed: answer.needed ?? '', at: this.now().toISOString() });
      return;
    }
    if (this.refused.size === 0) return;
    const key = fingerprint(token);
    const refusal = this.refused.get(key);
    if (!refusal) return;
    const scopes = granted?.split(',').map((s) => s.trim()) ?? [];
    const has = refusal.needed.split(',').some((scope) => scopes.includes(scope.trim()));
    if (has || (method === refusal.method && parsed(body).ok === true)) this.refused.delete(key);
  }

  /** What to tell the admins of the install whose token `token` gives, if anything. */
  async about(token: () => Promise<string | undefined>): Promise<ScopeRefusal | undefined> {
    if (this.refused.size === 0) return undefined;
    const current = await token().catch(() => undefined);
    if (!current) return undefined;
    const key = fingerprint(current);
    const refusal = this.refused.get(key);
    if (!refusal) return undefined;
    if (this.now().getTime() - Date.parse(refusal.at) < SCOPE_NOTICE_DAYS * 86_400_000) return refusal;
    this.refused.delete(key);
    return undefined;
  }
}

const webApiMethod = (input: string | URL): string | undefined => {
  const url = typeof input === 'string' ? input : input.href;
  return /\/api\/([\w.]+)(?:\?|$)/.exec(url)?.[1];
};

/**
 * Client options whose Web API answers `refusals` hears, for every client built with them (Bolt's,
 * the sweep's, each workspace's). The body is read here once and handed on whole.
 */
export function hearScopeRefusals(options: WebClientOptions, refusals: ScopeRefusals): WebClientOptions {
  const send = options.fetch ?? fetch;
  return {
    ...options,
    fetch: async (input, init) => {
      const response = await send(input, init);
      const method = webApiMethod(input);
      const token = /^Bearer (.+)$/.exec(new Headers(init?.headers).get('authorization') ?? '')?.[1];
      if (!method || !token || !response.headers.get('content-type')?.includes('json')) return response;
      const body = await response.text();
      refusals.heard(token, method, body, response.headers.get('x-oauth-scopes'));
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers.entries()],
      });
    },
  };
}

// One fake workspace's state: every collection the Web API methods read and change, in one
// object the method handlers take as their first argument. Tests see the same collections
// through the FakeSlack object, so they stay plain Maps and arrays.

import { randomBytes } from 'node:crypto';
import type {
  Caller,
  FakeOAuthApp,
  FakeSlackOptions,
  FakeToken,
  FakeUser,
  FakeWorkspace,
  Fault,
  Grant,
  RecordedCall,
  RefreshGrant,
  ResponseUrlContext,
  StoredFile,
  StoredMessage,
  StoredView,
  Trigger,
} from './types.ts';

/** A call to a method that a test holds back until it releases it. */
export interface Hold {
  gate: Promise<void>;
  release: () => void;
}

// Deterministic so a test can predict a DM id without calling conversations.open.
export const dmChannel = (userId: string): string => `D${userId.slice(1)}`;

export class FakeState {
  readonly now: () => number;
  readonly token: string;
  readonly appToken: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId = 'A0LIFERING';
  readonly teamDomain = 'lifering-test';

  readonly calls: RecordedCall[] = [];
  readonly messages: StoredMessage[] = [];
  readonly users = new Map<string, FakeUser>();
  /** People the app's token may not look up (users.info answers user_not_visible). */
  readonly hidden = new Set<string>();
  /** Slack Connect members of other organisations that users.info shows (UserInput `connect`). */
  readonly connected = new Set<string>();
  readonly views = new Map<string, StoredView>();
  readonly homeViews = new Map<string, StoredView>();
  readonly stacks = new Map<string, string[]>(); // root view id -> ids, root first
  readonly stackOwners = new Map<string, string>(); // root view id -> user id
  readonly files = new Map<string, StoredFile>();
  readonly triggers = new Map<string, Trigger>();
  readonly responseUrls = new Map<string, ResponseUrlContext>();
  readonly faults = new Map<string, Required<Fault>[]>();
  readonly holds = new Map<string, Hold>();
  readonly openedDms = new Set<string>();
  readonly workspaces = new Map<string, FakeWorkspace>();
  readonly tokens = new Map<string, FakeToken>();
  readonly grants = new Map<string, Grant>();
  /** refresh token -> the install it renews; each one works once. */
  readonly refreshTokens = new Map<string, RefreshGrant>();
  /** Scopes granted per install (team or enterprise id), so a refresh answers with the same ones. */
  readonly grantsScopes = new Map<string, string>();
  readonly oauthApp: FakeOAuthApp | undefined;

  /** Who the Web API call being answered was made as (set from its token; handlers run synchronously). */
  caller: Caller;
  /** `http://127.0.0.1:PORT`, once the server listens. */
  origin = '';
  private counter = 0;
  private lastTsMicros = 0;

  constructor(opts: FakeSlackOptions) {
    this.now = opts.now ?? Date.now;
    this.token = opts.token ?? 'xoxb-test-token';
    this.appToken = opts.appToken ?? 'xapp-1-test-app-token';
    this.teamId = opts.teamId ?? 'T0LIFERING';
    this.botUserId = opts.botUserId ?? 'U0LIFEBOT';
    this.botId = opts.botId ?? 'B0LIFEBOT';
    this.oauthApp = opts.oauth
      ? { redirectUrls: [], tokenRotation: false, expiresIn: 43_200, ...opts.oauth }
      : undefined;
    this.caller = { teamId: this.teamId, enterpriseId: null };
  }

  /** The next number of the fake's one counter (ids and trigger ids share it). */
  count(): number {
    return ++this.counter;
  }

  nextId(prefix: string): string {
    return `${prefix}${String(this.count()).padStart(9, '0')}`;
  }

  newHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  // Message timestamps must be unique per channel and increase, even within one millisecond.
  nextTs(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  /** True when the caller's token may see data of `team`: its own workspace, or its organisation's. */
  reaches(team: string): boolean {
    return (
      this.caller.teamId === team ||
      (this.caller.enterpriseId !== null && this.workspaces.get(team)?.enterpriseId === this.caller.enterpriseId)
    );
  }

  /** A user as the caller's token sees them: another workspace's people do not exist for it. */
  userFor(id: string): FakeUser | undefined {
    const u = this.users.get(id);
    return u && this.reaches(u.team_id) ? u : undefined;
  }

  dmOwner(channel: string): FakeUser | undefined {
    return [...this.users.values()].find((u) => dmChannel(u.id) === channel && this.reaches(u.team_id));
  }

  callerWorkspace(): FakeWorkspace | undefined {
    return this.caller.teamId ? this.workspaces.get(this.caller.teamId) : undefined;
  }

  /** Clears faults, calls, messages, views, files, triggers and response URLs; keeps users. */
  reset(): void {
    for (const hold of this.holds.values()) hold.release();
    this.holds.clear();
    const stores = [
      this.views,
      this.homeViews,
      this.stacks,
      this.stackOwners,
      this.files,
      this.triggers,
      this.responseUrls,
      this.faults,
      this.openedDms,
    ];
    for (const store of stores) store.clear();
    this.calls.splice(0);
    this.messages.splice(0);
  }
}

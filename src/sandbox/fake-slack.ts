// An in-memory Slack Web API on 127.0.0.1, used by the end-to-end tests and by the browser
// sandbox (`npm run sandbox`). The app reaches it through `slackApiUrl`; it answers like Slack
// (HTTP 200 + {ok:false,error} for platform errors, 429 + Retry-After for rate limits) and
// rejects what Slack rejects. All state is plain data on the returned object so tests and the
// sandbox page can inspect it.

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseForm } from 'node:querystring';
import { checkMessage, validateView } from './block-limits.ts';

export type JsonObject = Record<string, unknown>;

export interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_admin: boolean;
  is_owner: boolean;
  tz: string;
  tz_label: string;
  tz_offset: number;
  profile: { display_name: string; real_name: string; email: string };
  /** Enterprise Grid: the person as a member of the organisation (its admins and owners are set here). */
  enterprise_user?: {
    id: string;
    enterprise_id: string;
    enterprise_name: string;
    is_admin: boolean;
    is_owner: boolean;
    teams: string[];
  };
}

export interface UserInput {
  id: string;
  name?: string;
  real_name?: string;
  display_name?: string;
  email?: string;
  tz?: string;
  tz_label?: string;
  tz_offset?: number;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  team_id?: string;
  /** An admin of the Grid organisation the user's workspace belongs to (users.info `enterprise_user.is_admin`). */
  org_admin?: boolean;
  /**
   * Someone the app's token may not look up (another organisation's member met through Slack
   * Connect): users.info answers `user_not_visible`, as Slack does.
   */
  hidden?: boolean;
}

export interface RecordedCall {
  /** Web API method, or 'response_url' / 'file_upload' for those endpoints. */
  method: string;
  args: JsonObject;
  token: string | undefined;
  status: number;
  response: JsonObject;
  at: number;
}

export interface MessageContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

export interface StoredMessage extends MessageContent {
  channel: string;
  ts: string;
  thread_ts?: string;
  files?: JsonObject[];
  /** Set for chat.postEphemeral and ephemeral response_url replies. */
  ephemeralTo?: string;
  /** When it was posted on the (simulated) clock, in ms. `ts` also orders messages, so it never goes back; this can. */
  postedAt?: number;
  deleted: boolean;
  /** Earlier versions, oldest first; the fields above are the latest. */
  history: MessageContent[];
}

export interface StoredView extends JsonObject {
  id: string;
  type: string;
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  external_id: string;
  state: { values: JsonObject };
}

export interface StoredFile {
  id: string;
  filename: string;
  length: number;
  title: string;
  bytes?: Buffer;
  completed: boolean;
}

export interface Fault {
  error?: string;
  status?: number;
  retryAfter?: number;
  times?: number;
}

/** A workspace the fake knows, each with its own bot user. */
export interface FakeWorkspace {
  id: string;
  name: string;
  domain: string;
  /** Set for a workspace of an Enterprise Grid organisation. */
  enterpriseId?: string;
  botUserId: string;
  botId: string;
}

/** What a token may reach: one workspace, or (an organisation-wide install) every workspace of an organisation. */
export interface FakeToken {
  token: string;
  teamId: string | null;
  enterpriseId: string | null;
  /** ms since epoch (the fake's clock); set for rotating tokens. */
  expiresAt?: number;
  revoked: boolean;
}

/** The Slack app as registered with Slack, for the OAuth flow. */
export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
  /** oauth_config.redirect_urls; a redirect_uri must be one of them. */
  redirectUrls: string[];
  /** settings.token_rotation_enabled: installs get an expiring token and a refresh token. */
  tokenRotation: boolean;
  /** Lifetime of a rotating token in seconds (Slack: 43,200, twelve hours). */
  expiresIn: number;
}

export interface FakeSlackOptions {
  token?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  users?: UserInput[];
  now?: () => number;
  /** The app-level token (xapp-…) that apps.connections.open accepts, for Socket Mode. */
  appToken?: string;
  /** Enables oauth.v2.access / the authorize page for this app registration. */
  oauth?: Partial<FakeOAuthApp> & { clientId: string; clientSecret: string };
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/`, for the web-api `slackApiUrl` option. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly token: string;
  readonly appToken: string;
  /** The fake's HTTP server, so a Socket Mode endpoint can share its port. */
  readonly server: import('node:http').Server;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly appId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly calls: RecordedCall[];
  readonly messages: StoredMessage[];
  readonly users: Map<string, FakeUser>;
  /** Every live view by id: modal stacks and published Home tabs. */
  readonly views: Map<string, StoredView>;
  readonly homeViews: Map<string, StoredView>;
  readonly files: Map<string, StoredFile>;
  readonly workspaces: Map<string, FakeWorkspace>;
  /** Every token the fake has issued or was started with, by token. */
  readonly tokens: Map<string, FakeToken>;
  /** The OAuth app registration, when `oauth` was given (tests may change it, e.g. turn rotation on). */
  readonly oauthApp: FakeOAuthApp | undefined;

  addUser(user: UserInput): FakeUser;
  /** Adds a workspace (and its bot user); its users are added with `team_id`. */
  addWorkspace(w: { id: string; name?: string; domain?: string; enterpriseId?: string }): FakeWorkspace;
  /** Tokens issued for a workspace (or its organisation) that still work. */
  liveTokensOf(teamId: string): FakeToken[];
  /** What Slack does when the app is uninstalled from a workspace: its tokens stop working. */
  revokeTokensOf(teamId: string): void;
  dmChannel(userId: string): string;
  /**
   * A trigger id valid for 3 s, usable once. `viewId` says which modal a views.push targets;
   * `userId` is who acted, so a modal opened with it belongs to them (`openModals`).
   */
  issueTriggerId(context?: { viewId?: string; userId?: string }): string;
  /** A response_url; `messageTs` lets replace_original/delete_original act on that message. */
  responseUrl(context?: { channel?: string; userId?: string; messageTs?: string }): string;
  /** Messages in a channel (a user id means their DM), oldest first, deleted ones left out. */
  messagesIn(channel: string): StoredMessage[];
  view(viewId: string): StoredView | undefined;
  /** The modal stack holding `viewId`, root first. */
  viewStack(viewId: string): StoredView[];
  /** The newest modal stack opened for `userId` (through a trigger issued with their id), root first. */
  openModals(userId: string): StoredView[];
  /**
   * Stores what a Slack client shows when an ack itself carries a message (a slash command
   * answered in its ack): ephemeral to `userId` unless `inChannel`.
   */
  showAckReply(channel: string, userId: string, content: MessageContent, inChannel?: boolean): StoredMessage;
  /** Applies a view_submission ack body; returns Slack-style problems if it would fail. */
  applyViewSubmissionAck(viewId: string, ack: unknown): string[];
  /** The user closed `viewId`: it and the views pushed above it go away. */
  closeView(viewId: string): void;

  callsTo(method: string): RecordedCall[];
  lastCall(method: string): RecordedCall | undefined;
  clearCalls(): void;
  /** Successful chat.postMessage calls to the user or their DM channel, in order. */
  dmsTo(userId: string): RecordedCall[];
  fail(method: string, fault?: Fault): void;
  /**
   * Holds the next call to `method` (or 'response_url') as a slow Slack would, until the returned
   * function is called; later calls are answered as usual. Tests use it to make two requests
   * overlap, or to see that the app gives up on a call that hangs.
   */
  hold(method: string): () => void;
  /** Clears faults, calls, messages, views, files, triggers and response URLs; keeps users. */
  reset(): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: JsonObject | string;
  headers?: Record<string, string>;
}

interface Trigger {
  issuedAt: number;
  used: boolean;
  viewId?: string;
  userId?: string;
}

interface ResponseUrlContext {
  channel?: string;
  userId?: string;
  messageTs?: string;
}

type Result = JsonObject & { ok: boolean };
type Handler = (args: JsonObject) => Result;

interface Grant {
  clientId: string;
  teamId: string | null;
  enterpriseId: string | null;
  userId: string;
  scopes: string;
  redirectUri: string | undefined;
  issuedAt: number;
  used: boolean;
}

/** Slack's authorization codes are valid for ten minutes. */
const CODE_TTL_MS = 600_000;

const TRIGGER_TTL_MS = 3000;
const MAX_VIEW_STACK = 3;
const MAX_VIEW_BYTES = 250_000;
// Form fields that Slack clients send JSON-encoded.
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'files', 'metadata'];
// Slack ignores JSON bodies on these methods (it reads form fields only).
const FORM_ONLY_METHODS = new Set(['files.getUploadURLExternal']);

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (args: JsonObject, key: string): string | undefined => {
  const v = args[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};
const failure = (error: string, messages?: string[]): Result =>
  messages && messages.length > 0 ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
const missing = (...fields: string[]): Result =>
  failure(
    'invalid_arguments',
    fields.map((f) => `[ERROR] missing required field: ${f}`),
  );
const firstMissing = (args: JsonObject, ...fields: string[]): Result | undefined => {
  const absent = fields.filter((f) => args[f] === undefined || args[f] === '');
  return absent.length > 0 ? missing(...absent) : undefined;
};

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const now = opts.now ?? Date.now;
  const token = opts.token ?? 'xoxb-test-token';
  const appToken = opts.appToken ?? 'xapp-1-test-app-token';
  const teamId = opts.teamId ?? 'T0LIFERING';
  const botUserId = opts.botUserId ?? 'U0LIFEBOT';
  const botId = opts.botId ?? 'B0LIFEBOT';
  const appId = 'A0LIFERING';
  const teamDomain = 'lifering-test';

  const calls: RecordedCall[] = [];
  const messages: StoredMessage[] = [];
  const users = new Map<string, FakeUser>();
  const views = new Map<string, StoredView>();
  const homeViews = new Map<string, StoredView>();
  const stacks = new Map<string, string[]>(); // root view id -> ids, root first
  const stackOwners = new Map<string, string>(); // root view id -> user id
  const files = new Map<string, StoredFile>();
  const triggers = new Map<string, Trigger>();
  const responseUrls = new Map<string, ResponseUrlContext>();
  const faults = new Map<string, Required<Fault>[]>();
  const openedDms = new Set<string>();
  const workspaces = new Map<string, FakeWorkspace>();
  const tokens = new Map<string, FakeToken>();
  const grants = new Map<string, Grant>();
  /** refresh token -> the install it renews; each one works once. */
  const refreshTokens = new Map<string, { teamId: string | null; enterpriseId: string | null; used: boolean }>();
  const oauthApp: FakeOAuthApp | undefined = opts.oauth
    ? { redirectUrls: [], tokenRotation: false, expiresIn: 43_200, ...opts.oauth }
    : undefined;
  /** Who the Web API call being answered was made as (set from its token; handlers run synchronously). */
  let caller: { teamId: string | null; enterpriseId: string | null } = { teamId, enterpriseId: null };
  let counter = 0;
  let lastTsMicros = 0;
  let origin = '';

  const nextId = (prefix: string): string => `${prefix}${String(++counter).padStart(9, '0')}`;
  const newHash = (): string => `${Math.floor(now() / 1000)}.${randomBytes(4).toString('hex')}`;

  // Message timestamps must be unique per channel and increase, even within one millisecond.
  function nextTs(): string {
    const micros = Math.max(Math.floor(now() * 1000), lastTsMicros + 1);
    lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  const hidden = new Set<string>();
  function addUser(u: UserInput): FakeUser {
    const name = u.name ?? u.id.toLowerCase();
    const realName = u.real_name ?? name;
    const tz = u.tz ?? 'Europe/London';
    const user: FakeUser = {
      id: u.id,
      team_id: u.team_id ?? teamId,
      name,
      real_name: realName,
      deleted: u.deleted ?? false,
      is_bot: u.is_bot ?? false,
      is_admin: u.is_admin ?? false,
      is_owner: u.is_owner ?? false,
      tz,
      tz_label: u.tz_label ?? (tz === 'Europe/London' ? 'Greenwich Mean Time' : tz),
      tz_offset: u.tz_offset ?? 0,
      profile: {
        display_name: u.display_name ?? realName,
        real_name: realName,
        email: u.email ?? `${name}@lifering.test`,
      },
    };
    const enterpriseId = workspaces.get(user.team_id)?.enterpriseId;
    if (enterpriseId) {
      user.enterprise_user = {
        id: user.id,
        enterprise_id: enterpriseId,
        enterprise_name: enterpriseId,
        is_admin: u.org_admin ?? false,
        is_owner: false,
        teams: [user.team_id],
      };
    }
    if (u.hidden) hidden.add(user.id);
    else hidden.delete(user.id);
    users.set(user.id, user);
    return user;
  }

  // Deterministic so a test can predict a DM id without calling conversations.open.
  const dmChannel = (userId: string): string => `D${userId.slice(1)}`;
  /** True when the caller's token may see data of `team`: its own workspace, or its organisation's. */
  const reaches = (team: string): boolean =>
    caller.teamId === team ||
    (caller.enterpriseId !== null && workspaces.get(team)?.enterpriseId === caller.enterpriseId);
  /** A user as the caller's token sees them: another workspace's people do not exist for it. */
  const userFor = (id: string): FakeUser | undefined => {
    const u = users.get(id);
    return u && reaches(u.team_id) ? u : undefined;
  };
  const dmOwner = (channel: string): FakeUser | undefined =>
    [...users.values()].find((u) => dmChannel(u.id) === channel && reaches(u.team_id));
  const callerWorkspace = (): FakeWorkspace | undefined => (caller.teamId ? workspaces.get(caller.teamId) : undefined);

  /** Maps a channel argument to the conversation id Slack would report, or an error. */
  function resolveChannel(channel: string): string | Result {
    if (/^[UW]/.test(channel)) {
      const user = userFor(channel);
      if (!user) return failure('channel_not_found');
      return user.deleted ? failure('is_archived') : dmChannel(channel);
    }
    if (channel.startsWith('D')) {
      const user = dmOwner(channel);
      if (!user) return failure('channel_not_found');
      return user.deleted ? failure('is_archived') : channel;
    }
    return /^[CG][A-Z0-9]+$/.test(channel) ? channel : failure('channel_not_found');
  }

  function contentProblem(content: { text?: unknown; blocks?: unknown; attachments?: unknown }): Result | undefined {
    const problem = checkMessage(content);
    return problem ? failure(problem.error, problem.messages) : undefined;
  }

  function contentOf(args: JsonObject): MessageContent {
    const content: MessageContent = { text: typeof args.text === 'string' ? args.text : '' };
    if (Array.isArray(args.blocks)) content.blocks = args.blocks;
    if (Array.isArray(args.attachments)) content.attachments = args.attachments;
    return content;
  }

  function storeMessage(channel: string, content: MessageContent, extra: Partial<StoredMessage> = {}): StoredMessage {
    const message: StoredMessage = {
      channel,
      ts: nextTs(),
      postedAt: now(),
      ...content,
      deleted: false,
      history: [],
      ...extra,
    };
    messages.push(message);
    return message;
  }

  const findMessage = (channel: string, ts: string): StoredMessage | undefined =>
    messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted && !m.ephemeralTo);

  function updateMessage(message: StoredMessage, args: JsonObject): void {
    message.history.push({ text: message.text, blocks: message.blocks, attachments: message.attachments });
    // Slack keeps blocks/attachments that chat.update leaves out.
    if (typeof args.text === 'string') message.text = args.text;
    if (Array.isArray(args.blocks)) message.blocks = args.blocks;
    if (Array.isArray(args.attachments)) message.attachments = args.attachments;
  }

  const messageJson = (m: StoredMessage): JsonObject => slackMessage(m, { botUserId, botId, appId, teamId });

  // ---- views ----

  /** `selfId` is the view being replaced, which may keep its own external_id. */
  function viewProblem(view: unknown, expectedType: 'modal' | 'home', selfId?: string): Result | undefined {
    if (!isObj(view)) return failure('invalid_arguments', ['[ERROR] must be an object [json-pointer:/view]']);
    if (Buffer.byteLength(JSON.stringify(view)) > MAX_VIEW_BYTES) return failure('view_too_large');
    if (view.type !== expectedType) {
      return failure('invalid_arguments', [
        `[ERROR] must be one of the following: ${expectedType} [json-pointer:/view/type]`,
      ]);
    }
    const messages = validateView(view);
    if (messages.length > 0) return failure('invalid_arguments', messages);
    const ext = view.external_id;
    if (
      typeof ext === 'string' &&
      ext !== '' &&
      [...views.values()].some((v) => v.external_id === ext && v.id !== selfId)
    ) {
      return failure('duplicate_external_id');
    }
    return undefined;
  }

  function makeView(input: JsonObject, id: string, rootId: string, previousId: string | null): StoredView {
    const view: StoredView = {
      team_id: teamId,
      blocks: [],
      private_metadata: '',
      callback_id: '',
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      app_id: appId,
      app_installed_team_id: teamId,
      bot_id: botId,
      ...input,
      id,
      type: String(input.type),
      external_id: typeof input.external_id === 'string' ? input.external_id : '',
      hash: newHash(),
      root_view_id: rootId,
      previous_view_id: previousId,
      state: { values: {} },
    };
    views.set(id, view);
    return view;
  }

  function replaceView(old: StoredView, input: JsonObject): StoredView {
    const view = makeView(
      { ...input, external_id: input.external_id ?? old.external_id },
      old.id,
      old.root_view_id,
      old.previous_view_id,
    );
    view.state = old.state;
    if (old.type === 'home') {
      for (const [user, v] of homeViews) if (v.id === old.id) homeViews.set(user, view);
    }
    return view;
  }

  const stackOf = (viewId: string): string[] | undefined => [...stacks.values()].find((ids) => ids.includes(viewId));

  function pushView(stack: string[], input: JsonObject): StoredView {
    const root = stack[0] ?? '';
    const view = makeView(input, nextId('V'), root, stack[stack.length - 1] ?? null);
    stack.push(view.id);
    return view;
  }

  function dropViews(viewId: string): void {
    const stack = stackOf(viewId);
    if (!stack) return;
    for (const id of stack.splice(stack.indexOf(viewId))) views.delete(id);
    if (stack.length === 0) {
      stacks.delete(viewId);
      stackOwners.delete(viewId);
    }
  }

  function useTrigger(id: string): Trigger | Result {
    const trigger = triggers.get(id);
    if (!trigger) return failure('invalid_trigger_id');
    if (trigger.used) return failure('exchanged_trigger_id');
    if (now() - trigger.issuedAt >= TRIGGER_TTL_MS) return failure('expired_trigger_id');
    return trigger;
  }

  // ---- Web API methods ----

  const methods: Record<string, Handler> = {
    'apps.connections.open': () => ({ ok: true, url: `${origin.replace(/^http/, 'ws')}/socket-mode` }),
    'auth.test': () => {
      const w = callerWorkspace();
      if (!w) {
        // An organisation-wide token: Slack answers with the organisation, no team.
        return {
          ok: true,
          url: `https://${caller.enterpriseId?.toLowerCase()}.enterprise.slack.com/`,
          team: null,
          team_id: null,
          enterprise_id: caller.enterpriseId,
          user_id: null,
          bot_id: null,
          is_enterprise_install: true,
        };
      }
      return {
        ok: true,
        url: `https://${w.domain}.slack.com/`,
        team: w.name,
        user: users.get(w.botUserId)?.name ?? 'lifering',
        team_id: w.id,
        user_id: w.botUserId,
        bot_id: w.botId,
        ...(w.enterpriseId ? { enterprise_id: w.enterpriseId } : {}),
        is_enterprise_install: false,
      };
    },

    'team.info': () => {
      const w = callerWorkspace() ?? workspaces.get(teamId)!;
      return {
        ok: true,
        team: { id: w.id, name: w.name, domain: w.domain, email_domain: '', icon: { image_default: true } },
      };
    },

    'chat.postMessage': (a) => {
      const channel = str(a, 'channel');
      if (!channel) return missing('channel');
      const problem = contentProblem(a);
      if (problem) return problem;
      const resolved = resolveChannel(channel);
      if (typeof resolved !== 'string') return resolved;
      const threadTs = str(a, 'thread_ts');
      const m = storeMessage(resolved, contentOf(a), threadTs ? { thread_ts: threadTs } : {});
      return { ok: true, channel: resolved, ts: m.ts, message: messageJson(m) };
    },

    'chat.postEphemeral': (a) => {
      const absent = firstMissing(a, 'channel', 'user');
      if (absent) return absent;
      const problem = contentProblem(a);
      if (problem) return problem;
      const resolved = resolveChannel(String(a.channel));
      if (typeof resolved !== 'string') return resolved;
      const user = userFor(String(a.user));
      if (!user || user.deleted) return failure('user_not_in_channel');
      const m = storeMessage(resolved, contentOf(a), { ephemeralTo: user.id });
      return { ok: true, message_ts: m.ts };
    },

    'chat.update': (a) => {
      const absent = firstMissing(a, 'channel', 'ts');
      if (absent) return absent;
      const resolved = resolveChannel(String(a.channel));
      if (typeof resolved !== 'string') return resolved;
      const m = findMessage(resolved, String(a.ts));
      if (!m) return failure('message_not_found');
      const merged = {
        text: a.text ?? m.text,
        blocks: a.blocks ?? m.blocks,
        attachments: a.attachments ?? m.attachments,
      };
      const problem = contentProblem(merged);
      if (problem) return problem;
      updateMessage(m, a);
      return { ok: true, channel: resolved, ts: m.ts, text: m.text, message: messageJson(m) };
    },

    'chat.delete': (a) => {
      const absent = firstMissing(a, 'channel', 'ts');
      if (absent) return absent;
      const resolved = resolveChannel(String(a.channel));
      if (typeof resolved !== 'string') return resolved;
      const m = findMessage(resolved, String(a.ts));
      if (!m) return failure('message_not_found');
      m.deleted = true;
      return { ok: true, channel: resolved, ts: m.ts };
    },

    'conversations.open': (a) => {
      const ids = (str(a, 'users') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (ids.length === 0) {
        const channel = str(a, 'channel');
        if (!channel) return failure('users_list_not_supplied');
        return dmOwner(channel) ? { ok: true, channel: { id: channel } } : failure('channel_not_found');
      }
      for (const id of ids) {
        const user = userFor(id);
        if (!user) return failure('user_not_found');
        if (user.deleted) return failure('user_disabled');
      }
      const [only] = ids;
      if (ids.length === 1 && only) {
        const id = dmChannel(only);
        const alreadyOpen = openedDms.has(id);
        openedDms.add(id);
        return alreadyOpen
          ? { ok: true, no_op: true, already_open: true, channel: { id } }
          : { ok: true, channel: { id } };
      }
      const mpim = `G${createHash('sha1')
        .update([...ids].sort().join(','))
        .digest('hex')
        .slice(0, 10)
        .toUpperCase()}`;
      return { ok: true, channel: { id: mpim } };
    },

    'users.info': (a) => {
      const id = str(a, 'user');
      if (!id) return missing('user');
      if (hidden.has(id)) return failure('user_not_visible');
      const user = userFor(id);
      return user ? { ok: true, user } : failure('user_not_found');
    },

    'users.list': (a) => {
      const all = [...users.values()].filter((u) => reaches(u.team_id));
      const cursor = str(a, 'cursor');
      const start = cursor === undefined ? 0 : decodeCursor(cursor);
      if (start === undefined || start > all.length) return failure('invalid_cursor');
      const limit = Number(a.limit ?? 0);
      const end = limit > 0 ? start + limit : all.length;
      const next = end < all.length ? encodeCursor(end) : '';
      return {
        ok: true,
        members: all.slice(start, end),
        cache_ts: Math.floor(now() / 1000),
        response_metadata: { next_cursor: next },
      };
    },

    'views.open': (a) => {
      const absent = firstMissing(a, 'trigger_id', 'view');
      if (absent) return absent;
      const problem = viewProblem(a.view, 'modal');
      if (problem) return problem;
      const trigger = useTrigger(String(a.trigger_id));
      if ('ok' in trigger) return trigger;
      // A trigger id comes from one workspace's interaction; another workspace's token cannot use it.
      if (trigger.userId && users.has(trigger.userId) && !userFor(trigger.userId)) return failure('invalid_trigger_id');
      trigger.used = true;
      const id = nextId('V');
      stacks.set(id, [id]);
      if (trigger.userId) stackOwners.set(id, trigger.userId);
      return { ok: true, view: makeView(a.view as JsonObject, id, id, null) };
    },

    'views.push': (a) => {
      const absent = firstMissing(a, 'trigger_id', 'view');
      if (absent) return absent;
      const problem = viewProblem(a.view, 'modal');
      if (problem) return problem;
      const trigger = useTrigger(String(a.trigger_id));
      if ('ok' in trigger) return trigger;
      // A trigger from a modal pushes onto that modal; otherwise the newest modal.
      const stack = trigger.viewId ? stackOf(trigger.viewId) : [...stacks.values()].at(-1);
      if (!stack) return failure('not_found');
      if (stack.length >= MAX_VIEW_STACK) return failure('push_limit_reached');
      trigger.used = true;
      return { ok: true, view: pushView(stack, a.view as JsonObject) };
    },

    'views.update': (a) => {
      const viewId = str(a, 'view_id');
      const externalId = str(a, 'external_id');
      if (!viewId && !externalId) return missing('view_id');
      if (a.view === undefined) return missing('view');
      const old = viewId ? views.get(viewId) : [...views.values()].find((v) => v.external_id === externalId);
      if (!old) return failure('not_found');
      const hash = str(a, 'hash');
      if (hash && hash !== old.hash) return failure('hash_conflict');
      const problem = viewProblem(a.view, old.type === 'home' ? 'home' : 'modal', old.id);
      if (problem) return problem;
      return { ok: true, view: replaceView(old, a.view as JsonObject) };
    },

    'views.publish': (a) => {
      const absent = firstMissing(a, 'user_id', 'view');
      if (absent) return absent;
      const userId = String(a.user_id);
      if (!userFor(userId)) return failure('user_not_found');
      const old = homeViews.get(userId);
      const hash = str(a, 'hash');
      if (old && hash && hash !== old.hash) return failure('hash_conflict');
      const problem = viewProblem(a.view, 'home', old?.id);
      if (problem) return problem;
      const input = a.view as JsonObject;
      const id = old?.id ?? nextId('V');
      const view = old ? replaceView(old, input) : makeView(input, id, id, null);
      homeViews.set(userId, view);
      return { ok: true, view };
    },

    'files.getUploadURLExternal': (a) => {
      const absent = firstMissing(a, 'filename', 'length');
      if (absent) return absent;
      const length = Number(a.length);
      if (!Number.isInteger(length) || length <= 0) {
        return failure('invalid_arguments', ['[ERROR] must be greater than 0 [json-pointer:/length]']);
      }
      const id = nextId('F');
      files.set(id, { id, filename: String(a.filename), length, title: String(a.filename), completed: false });
      return { ok: true, upload_url: `${origin}/upload/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (a) => {
      if (a.files === undefined) return missing('files');
      if (!Array.isArray(a.files) || a.files.length === 0) {
        return failure('invalid_arguments', ['[ERROR] must be a non-empty array [json-pointer:/files]']);
      }
      const picked: StoredFile[] = [];
      for (const entry of a.files) {
        const file = isObj(entry) && typeof entry.id === 'string' ? files.get(entry.id) : undefined;
        if (!file?.bytes) return failure('file_not_found');
        if (isObj(entry) && typeof entry.title === 'string') file.title = entry.title;
        picked.push(file);
      }
      const channelId = str(a, 'channel_id');
      let channel: string | undefined;
      if (channelId) {
        const resolved = resolveChannel(channelId);
        if (typeof resolved !== 'string') return resolved;
        channel = resolved;
      }
      for (const file of picked) file.completed = true;
      const json = picked.map((f) => fileJson(f));
      if (channel) {
        const threadTs = str(a, 'thread_ts');
        storeMessage(
          channel,
          { text: str(a, 'initial_comment') ?? '' },
          { files: json, ...(threadTs ? { thread_ts: threadTs } : {}) },
        );
      }
      return { ok: true, files: json };
    },
  };

  // ---- OAuth ----

  function issueToken(
    teamId: string | null,
    enterpriseId: string | null,
    rotating: boolean,
  ): { token: FakeToken; refreshToken?: string } {
    const id = randomBytes(12).toString('hex');
    const fakeToken: FakeToken = {
      token: rotating ? `xoxe.xoxb-1-${id}` : `xoxb-${(teamId ?? enterpriseId ?? 'x').slice(1)}-${id}`,
      teamId,
      enterpriseId,
      revoked: false,
      ...(rotating && oauthApp ? { expiresAt: now() + oauthApp.expiresIn * 1000 } : {}),
    };
    tokens.set(fakeToken.token, fakeToken);
    if (!rotating) return { token: fakeToken };
    const refreshToken = `xoxe-1-${randomBytes(16).toString('hex')}`;
    refreshTokens.set(refreshToken, { teamId, enterpriseId, used: false });
    return { token: fakeToken, refreshToken };
  }

  /** The oauth.v2.access / oauth.v2.exchange answer for a freshly issued bot token. */
  function tokenAnswer(
    teamId: string | null,
    enterpriseId: string | null,
    issued: { token: FakeToken; refreshToken?: string },
    userId?: string,
  ): Result {
    const w = teamId ? workspaces.get(teamId) : undefined;
    const org = enterpriseId ? { id: enterpriseId, name: `Org ${enterpriseId}` } : null;
    return {
      ok: true,
      app_id: appId,
      ...(userId ? { authed_user: { id: userId } } : {}),
      scope: grantsScopes.get(teamId ?? enterpriseId ?? '') ?? '',
      token_type: 'bot',
      access_token: issued.token.token,
      bot_user_id: w?.botUserId ?? `U0ORGBOT`,
      ...(issued.refreshToken && oauthApp
        ? { refresh_token: issued.refreshToken, expires_in: oauthApp.expiresIn }
        : {}),
      team: w ? { id: w.id, name: w.name } : null,
      enterprise: org ?? (w?.enterpriseId ? { id: w.enterpriseId, name: `Org ${w.enterpriseId}` } : null),
      is_enterprise_install: teamId === null,
    };
  }
  /** Scopes granted per install (team or enterprise id), so a refresh answers with the same ones. */
  const grantsScopes = new Map<string, string>();

  function clientProblem(a: JsonObject): Result | undefined {
    if (!oauthApp) return failure('invalid_client_id');
    if (str(a, 'client_id') !== oauthApp.clientId) return failure('invalid_client_id');
    if (str(a, 'client_secret') !== oauthApp.clientSecret) return failure('bad_client_secret');
    return undefined;
  }

  const oauthMethods: Record<string, (args: JsonObject, given: string | undefined) => Result> = {
    'oauth.v2.access': (a) => {
      const problem = clientProblem(a);
      if (problem) return problem;
      if (str(a, 'grant_type') === 'refresh_token') {
        const refreshToken = str(a, 'refresh_token');
        const entry = refreshToken ? refreshTokens.get(refreshToken) : undefined;
        // Each refresh token works once: a second instance refreshing with it would be refused.
        if (!entry || entry.used) return failure('invalid_refresh_token');
        const installed = [...tokens.values()].some(
          (t) => t.teamId === entry.teamId && t.enterpriseId === entry.enterpriseId && !t.revoked,
        );
        if (!installed) return failure('invalid_refresh_token');
        entry.used = true;
        const answer = tokenAnswer(
          entry.teamId,
          entry.enterpriseId,
          issueToken(entry.teamId, entry.enterpriseId, true),
        );
        return answer;
      }
      const code = str(a, 'code');
      if (!code) return missing('code');
      const grant = grants.get(code);
      if (!grant || grant.clientId !== oauthApp?.clientId || now() - grant.issuedAt > CODE_TTL_MS)
        return failure('invalid_code');
      if (grant.used) return failure('code_already_used');
      if (grant.redirectUri !== undefined && str(a, 'redirect_uri') !== grant.redirectUri)
        return failure('bad_redirect_uri');
      grant.used = true;
      grantsScopes.set(grant.teamId ?? grant.enterpriseId ?? '', grant.scopes);
      return tokenAnswer(
        grant.teamId,
        grant.enterpriseId,
        issueToken(grant.teamId, grant.enterpriseId, oauthApp?.tokenRotation ?? false),
        grant.userId,
      );
    },

    // Turns a long-lived bot token into a rotating one (after token rotation is switched on).
    'oauth.v2.exchange': (a, given) => {
      const problem = clientProblem(a);
      if (problem) return problem;
      const old = given ? tokens.get(given) : undefined;
      if (!old || old.revoked) return failure('invalid_auth');
      if (old.expiresAt !== undefined) return failure('token_already_rotating');
      old.revoked = true;
      return tokenAnswer(old.teamId, old.enterpriseId, issueToken(old.teamId, old.enterpriseId, true));
    },
  };

  /** GET /oauth/v2/authorize: the person approves at once (as `user`, in `team`) and is sent to the redirect URL. */
  function handleAuthorize(query: URLSearchParams): Reply {
    const page = (status: number, text: string): Reply => ({ status, body: text });
    if (!oauthApp || query.get('client_id') !== oauthApp.clientId) return page(400, 'invalid_client_id');
    const scopes = query.get('scope') ?? '';
    if (scopes === '') return page(400, 'invalid_scope');
    const redirectUri = query.get('redirect_uri') ?? undefined;
    if (redirectUri !== undefined ? !oauthApp.redirectUrls.includes(redirectUri) : oauthApp.redirectUrls.length === 0)
      return page(400, 'bad_redirect_uri');
    const enterpriseId = query.get('enterprise');
    const team = enterpriseId ? null : (query.get('team') ?? teamId);
    if (team !== null && !workspaces.has(team)) return page(400, 'invalid_team');
    const userId =
      query.get('user') ??
      [...users.values()].find((u) => !u.is_bot && (team === null || u.team_id === team))?.id ??
      'U0INSTALLER';
    const code = `${Date.now()}.${randomBytes(12).toString('hex')}`;
    grants.set(code, {
      clientId: oauthApp.clientId,
      teamId: team,
      enterpriseId: enterpriseId ?? (team ? (workspaces.get(team)?.enterpriseId ?? null) : null),
      userId,
      scopes,
      redirectUri,
      issuedAt: now(),
      used: false,
    });
    // An organisation-wide grant's token is for the organisation, not a workspace.
    if (enterpriseId) grants.get(code)!.teamId = null;
    const target = new URL(redirectUri ?? oauthApp.redirectUrls[0]!);
    target.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, body: '', headers: { Location: target.toString() } };
  }

  function fileJson(f: StoredFile): JsonObject {
    return {
      id: f.id,
      name: f.filename,
      title: f.title,
      size: f.bytes?.length ?? f.length,
      user: botUserId,
      created: Math.floor(now() / 1000),
      permalink: `https://${teamDomain}.slack.com/files/${botUserId}/${f.id}/${f.filename}`,
    };
  }

  // ---- faults and recording ----

  function takeFault(method: string): Reply | undefined {
    const queue = faults.get(method);
    const fault = queue?.[0];
    if (!queue || !fault) return undefined;
    if (--fault.times <= 0) queue.shift();
    if (fault.status === 429) {
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'Retry-After': String(fault.retryAfter) },
      };
    }
    return { status: fault.status, body: { ok: false, error: fault.error } };
  }

  function record(method: string, args: JsonObject, token: string | undefined, reply: Reply): Reply {
    const response = typeof reply.body === 'string' ? { text: reply.body } : reply.body;
    calls.push({ method, args, token, status: reply.status, response, at: now() });
    return reply;
  }

  function handleApi(method: string, args: JsonObject, given: string | undefined): Reply {
    const fault = takeFault(method);
    if (fault) return fault;
    const oauth = oauthMethods[method];
    if (oauth) return { status: 200, body: oauth(args, given) };
    const handler = methods[method];
    if (!handler) return { status: 200, body: failure('unknown_method') };
    if (!given) return { status: 200, body: failure('not_authed') };
    // Socket Mode connects with the app-level token; every other method wants a bot token, which
    // reaches only its own workspace (or organisation).
    if (method === 'apps.connections.open') {
      if (given !== appToken) return { status: 200, body: failure('invalid_auth') };
    } else {
      const t = tokens.get(given);
      if (!t) return { status: 200, body: failure('invalid_auth') };
      if (t.revoked) return { status: 200, body: failure('token_revoked') };
      if (t.expiresAt !== undefined && now() >= t.expiresAt) return { status: 200, body: failure('token_expired') };
      caller = { teamId: t.teamId, enterpriseId: t.enterpriseId };
    }
    return { status: 200, body: handler(args) };
  }

  function handleUpload(fileId: string, body: Buffer, contentType: string): Reply {
    const fault = takeFault('file_upload');
    if (fault) return fault;
    const file = files.get(fileId);
    if (!file) return { status: 404, body: 'file_not_found' };
    file.bytes = contentType.startsWith('multipart/form-data') ? (multipartFile(body, contentType) ?? body) : body;
    return { status: 200, body: `OK - ${file.bytes.length}` };
  }

  function handleResponseUrl(id: string, args: JsonObject): Reply {
    const fault = takeFault('response_url');
    if (fault) return fault;
    const context = responseUrls.get(id);
    if (!context) return { status: 404, body: failure('no_service') };
    // A response_url from an ephemeral message may replace or delete that message (for its owner only).
    const target =
      context.messageTs && context.channel
        ? messages.find(
            (m) =>
              m.channel === context.channel &&
              m.ts === context.messageTs &&
              !m.deleted &&
              (!m.ephemeralTo || m.ephemeralTo === context.userId),
          )
        : undefined;
    if (args.delete_original === true || args.delete_original === 'true') {
      if (target) target.deleted = true;
      return { status: 200, body: { ok: true } };
    }
    const problem = contentProblem(args);
    // Slack answers a bad response_url post with a non-2xx status, which makes Bolt's respond() throw.
    if (problem) return { status: 400, body: problem };
    if ((args.replace_original === true || args.replace_original === 'true') && target) updateMessage(target, args);
    else if (context.channel) {
      const inChannel = args.response_type === 'in_channel';
      storeMessage(
        context.channel,
        contentOf(args),
        inChannel || !context.userId ? {} : { ephemeralTo: context.userId },
      );
    }
    return { status: 200, body: { ok: true } };
  }

  // ---- HTTP ----

  async function route(req: IncomingMessage): Promise<Reply> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const body = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    if (req.method === 'GET' && path === '/oauth/v2/authorize') {
      const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      return record('oauth_authorize', Object.fromEntries(query), undefined, handleAuthorize(query));
    }
    if (req.method !== 'POST') return { status: 405, body: 'method_not_allowed' };
    const api = /^\/api\/([\w.]+)$/.exec(path);
    if (api?.[1]) {
      const method = api[1];
      const args =
        FORM_ONLY_METHODS.has(method) && contentType.startsWith('application/json') ? {} : parseArgs(body, contentType);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
      delete args.token;
      return record(method, args, token, handleApi(method, args, token));
    }
    const upload = /^\/upload\/(\w+)$/.exec(path);
    if (upload?.[1]) {
      const args = { file_id: upload[1], content_type: contentType, body_bytes: body.length };
      return record('file_upload', args, undefined, handleUpload(upload[1], body, contentType));
    }
    const respond = /^\/respond\/(\w+)$/.exec(path);
    if (respond?.[1]) {
      const args = parseArgs(body, contentType);
      return record('response_url', args, undefined, handleResponseUrl(respond[1], args));
    }
    return { status: 404, body: 'not_found' };
  }

  const holds = new Map<string, { gate: Promise<void>; release: () => void }>();
  function gateFor(req: IncomingMessage): Promise<void> {
    const url = req.url ?? '';
    const method = /^\/api\/([\w.]+)/.exec(url)?.[1] ?? (url.startsWith('/respond/') ? 'response_url' : undefined);
    const hold = method ? holds.get(method) : undefined;
    if (!method || !hold) return Promise.resolve();
    holds.delete(method);
    return hold.gate;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    gateFor(req)
      .then(() => route(req))
      .catch(
        (error: unknown): Reply => ({
          status: 500,
          body: { ok: false, error: 'fake_slack_crashed', detail: String(error) },
        }),
      )
      .then((reply) => send(res, reply));
  });
  // Outlive the clients' idle keep-alive sockets, so a client never reuses one the fake just closed (ECONNRESET).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function addWorkspace(w: { id: string; name?: string; domain?: string; enterpriseId?: string }): FakeWorkspace {
    const n = workspaces.size;
    const workspace: FakeWorkspace = {
      id: w.id,
      name: w.name ?? `Workspace ${w.id}`,
      domain: w.domain ?? w.id.toLowerCase(),
      ...(w.enterpriseId ? { enterpriseId: w.enterpriseId } : {}),
      botUserId: n === 0 ? botUserId : `U0BOT${w.id.slice(1)}`,
      botId: n === 0 ? botId : `B0BOT${w.id.slice(1)}`,
    };
    workspaces.set(workspace.id, workspace);
    if (!users.has(workspace.botUserId))
      addUser({
        id: workspace.botUserId,
        name: 'lifering',
        real_name: 'Lifering',
        is_bot: true,
        team_id: workspace.id,
      });
    return workspace;
  }

  for (const u of opts.users ?? []) addUser(u);
  addWorkspace({ id: teamId, name: 'Lifering Test', domain: teamDomain });
  tokens.set(token, { token, teamId, enterpriseId: null, revoked: false });

  return {
    url: `${origin}/api/`,
    origin,
    token,
    appToken,
    server,
    teamId,
    teamDomain,
    appId,
    botUserId,
    botId,
    calls,
    messages,
    users,
    views,
    homeViews,
    files,
    workspaces,
    tokens,
    oauthApp,
    addUser,
    addWorkspace,
    dmChannel,

    liveTokensOf(team) {
      const org = workspaces.get(team)?.enterpriseId;
      return [...tokens.values()].filter(
        (t) => !t.revoked && (t.teamId === team || (t.teamId === null && org !== undefined && t.enterpriseId === org)),
      );
    },

    revokeTokensOf(team) {
      for (const t of tokens.values())
        if (t.teamId === team || (t.teamId === null && t.enterpriseId === team)) t.revoked = true;
      for (const r of refreshTokens.values())
        if (r.teamId === team || (r.teamId === null && r.enterpriseId === team)) r.used = true;
    },

    issueTriggerId(context = {}) {
      const id = `${1_000_000_000 + ++counter}.${Math.floor(now() / 1000)}.${randomBytes(16).toString('hex')}`;
      triggers.set(id, {
        issuedAt: now(),
        used: false,
        ...(context.viewId ? { viewId: context.viewId } : {}),
        ...(context.userId ? { userId: context.userId } : {}),
      });
      return id;
    },

    responseUrl(context = {}) {
      const id = randomBytes(12).toString('hex');
      responseUrls.set(id, context);
      return `${origin}/respond/${id}`;
    },

    messagesIn(channel) {
      const id = /^[UW]/.test(channel) ? dmChannel(channel) : channel;
      return messages.filter((m) => m.channel === id && !m.deleted);
    },

    view: (viewId) => views.get(viewId),

    viewStack(viewId) {
      return (stackOf(viewId) ?? []).flatMap((id) => views.get(id) ?? []);
    },

    openModals(userId) {
      const roots = [...stackOwners].filter(([, owner]) => owner === userId).map(([root]) => root);
      const root = roots.at(-1);
      return root ? (stacks.get(root) ?? []).flatMap((id) => views.get(id) ?? []) : [];
    },

    showAckReply(channel, userId, content, inChannel = false) {
      return storeMessage(channel, content, inChannel ? {} : { ephemeralTo: userId });
    },

    applyViewSubmissionAck(viewId, ack) {
      const current = views.get(viewId);
      if (!current) return [`[ERROR] view ${viewId} is not open`];
      if (ack === '' || ack === undefined || ack === null) {
        dropViews(viewId);
        return [];
      }
      if (!isObj(ack)) return ['[ERROR] ack body must be empty or a JSON object'];
      const action = ack.response_action;
      if (action === 'errors') return [];
      if (action === 'clear') {
        dropViews(stackOf(viewId)?.[0] ?? viewId);
        return [];
      }
      if (action !== 'update' && action !== 'push') return [`[ERROR] unsupported response_action: ${String(action)}`];
      const problems = validateView(ack.view);
      if (problems.length > 0 || !isObj(ack.view)) return problems;
      if (action === 'update') {
        replaceView(current, ack.view);
        return [];
      }
      const stack = stackOf(viewId);
      if (!stack || stack.length >= MAX_VIEW_STACK) return ['push_limit_reached'];
      pushView(stack, ack.view);
      return [];
    },

    closeView: dropViews,

    callsTo: (method) => calls.filter((c) => c.method === method),
    lastCall: (method) => calls.filter((c) => c.method === method).at(-1),
    clearCalls: () => void calls.splice(0),

    dmsTo(userId) {
      const dm = dmChannel(userId);
      return calls.filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.response.ok === true &&
          (c.args.channel === userId || c.args.channel === dm),
      );
    },

    fail(method, fault = {}) {
      const rateLimited = fault.retryAfter !== undefined || fault.status === 429;
      const full: Required<Fault> = {
        status: rateLimited ? 429 : (fault.status ?? 200),
        error: fault.error ?? (fault.status ? 'internal_error' : 'fatal_error'),
        retryAfter: fault.retryAfter ?? 1,
        times: fault.times ?? 1,
      };
      faults.set(method, [...(faults.get(method) ?? []), full]);
    },

    hold(method) {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      holds.set(method, { gate, release });
      return release;
    },

    reset() {
      for (const hold of holds.values()) hold.release();
      holds.clear();
      for (const store of [views, homeViews, stacks, stackOwners, files, triggers, responseUrls, faults, openedDms])
        store.clear();
      calls.splice(0);
      messages.splice(0);
    },

    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** The `message` object Slack returns for a stored message (also used in block_actions payloads). */
export function slackMessage(
  m: StoredMessage,
  ids: { botUserId: string; botId: string; appId: string; teamId: string },
): JsonObject {
  return {
    type: 'message',
    user: ids.botUserId,
    bot_id: ids.botId,
    app_id: ids.appId,
    team: ids.teamId,
    text: m.text,
    ts: m.ts,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.files ? { files: m.files } : {}),
    ...(m.history.length > 0 ? { edited: { user: ids.botUserId, ts: m.ts } } : {}),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const isText = typeof reply.body === 'string';
  res.writeHead(reply.status, {
    'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...reply.headers,
  });
  res.end(isText ? reply.body : JSON.stringify(reply.body));
}

/** Form or JSON body to an args object; JSON-encoded form fields are decoded. */
function parseArgs(body: Buffer, contentType: string): JsonObject {
  const text = body.toString('utf8');
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text || '{}');
      return isObj(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  const args: JsonObject = {};
  for (const [key, value] of Object.entries(parseForm(text))) {
    const v = Array.isArray(value) ? value.at(-1) : value;
    args[key] = JSON_FIELDS.includes(key) && typeof v === 'string' ? parseJsonField(v) : v;
  }
  return args;
}

// Unparsable JSON is kept as the raw string so validation reports invalid_blocks_format.
function parseJsonField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The first file part of a multipart/form-data body (web-api's filesUploadV2 sends one). */
function multipartFile(body: Buffer, contentType: string): Buffer | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) return undefined;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // drop the CRLFs around the part
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1 && /filename=/i.test(part.subarray(0, split).toString())) return part.subarray(split + 4);
    start = next;
  }
  return undefined;
}

const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');
function decodeCursor(cursor: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  return match?.[1] ? Number(match[1]) : undefined;
}

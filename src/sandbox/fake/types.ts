// The fake Slack's data: what it stores and answers, and what tests read off it.

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
  /**
   * A member of another organisation met through Slack Connect whom the app's token may look up:
   * users.info answers with their own `team_id` and their own organisation's admin flags.
   */
  connect?: boolean;
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
  /**
   * The bot scopes granted to it, sent back in each answer's `x-oauth-scopes` header. A method
   * that needs one it lacks is answered `missing_scope`, as Slack does. Tests may change it.
   */
  scopes: string[];
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
  /** The scopes granted to `token` (default: every bot scope Lifering asks for). */
  scopes?: string[];
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

/** An HTTP answer of the fake, before it is sent (and recorded). */
export interface Reply {
  status: number;
  body: JsonObject | string;
  headers?: Record<string, string>;
}

/** A Web API answer: Slack says `ok` and, when not, why. */
export type Result = JsonObject & { ok: boolean };

export interface Trigger {
  issuedAt: number;
  used: boolean;
  viewId?: string;
  userId?: string;
}

export interface ResponseUrlContext {
  channel?: string;
  userId?: string;
  messageTs?: string;
}

/** Who the Web API call being answered was made as. */
export interface Caller {
  teamId: string | null;
  enterpriseId: string | null;
}

/** An authorization code the authorize page handed out, for oauth.v2.access to exchange. */
export interface Grant {
  clientId: string;
  teamId: string | null;
  enterpriseId: string | null;
  userId: string;
  scopes: string;
  redirectUri: string | undefined;
  issuedAt: number;
  used: boolean;
}

/** The install a refresh token renews; each one works once. */
export interface RefreshGrant {
  teamId: string | null;
  enterpriseId: string | null;
  used: boolean;
}

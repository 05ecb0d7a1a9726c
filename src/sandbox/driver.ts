// Sends the app exactly what Slack sends: signed slash commands, interactivity
// payloads and Events API envelopes. The tests and the browser sandbox both use it. With a FakeSlack it draws trigger ids and
// response URLs from the fake, reads messages and views from it, and applies
// view_submission acks to it, so a test can walk a whole flow.

import { createHmac, randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';
import { stringify as formEncode } from 'node:querystring';
import { type FakeSlack, type JsonObject, type StoredMessage, type StoredView, slackMessage } from './fake-slack.ts';
import { escapeLikeSlack, type SlackDirectory } from './slack-escape.ts';

export interface DriverOptions {
  /** The app's Events/interactivity endpoint, e.g. http://127.0.0.1:PORT/slack/events. */
  appUrl: string;
  /** Channels and user groups Slack would recognise in typed command text (people come from the fake). */
  channels?: Record<string, string>;
  usergroups?: Record<string, string>;
  signingSecret: string;
  fake?: FakeSlack;
  teamId?: string;
  now?: () => number;
}

export interface DriverResponse {
  status: number;
  /** Parsed JSON when the app answered JSON, else the text ('' for an empty ack). */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** For view submissions: problems Slack would report with the ack's view (empty if none). */
  viewErrors?: string[];
}

export interface DeliveryOptions {
  teamId?: string;
  /** Use this trigger id instead of a fresh one. */
  triggerId?: string;
  retryNum?: number;
  retryReason?: string;
}

export interface CommandOptions extends DeliveryOptions {
  command?: string;
  channelId?: string;
  /** The text is already as Slack sends it (escaped, markup written out): send it unchanged. */
  escaped?: boolean;
}

export interface ActionInput extends JsonObject {
  action_id: string;
  block_id?: string;
  value?: string;
  type?: string;
}

export interface BlockActionOptions extends DeliveryOptions {
  container?: 'message' | 'view';
  channelId?: string;
  messageTs?: string;
  viewId?: string;
  view?: JsonObject;
  /** `state.values` of the view or message at the time of the click. */
  values?: StateValues;
}

export interface EventOptions extends DeliveryOptions {
  eventId?: string;
  /** The envelope's `event_time` in seconds, when the event happened (default: now). */
  eventTime?: number;
}

export interface RawOptions {
  signature?: string;
  timestamp?: number;
  headers?: Record<string, string>;
}

export type StateValue = JsonObject & { type: string };
export type StateValues = Record<string, Record<string, StateValue>>;

const VERIFICATION_TOKEN = 'legacy-verification-token';
const FORM = 'application/x-www-form-urlencoded'; // Bolt compares this with ===, so no charset.

/** The v0 signature Slack puts in X-Slack-Signature. */
export function signRequest(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** What every request the driver builds draws on; `last` and `eventCounter` change as it sends. */
interface DriverContext {
  opts: DriverOptions;
  fake: FakeSlack | undefined;
  now: () => number;
  defaultTeam: string;
  appId: string;
  teamDomain: string;
  channels: Record<string, string>;
  eventCounter: number;
  last: { body: string; contentType: string } | undefined;
}

export function createDriver(opts: DriverOptions) {
  const d: DriverContext = {
    opts,
    fake: opts.fake,
    now: opts.now ?? Date.now,
    defaultTeam: opts.teamId ?? opts.fake?.teamId ?? 'T0LIFERING',
    appId: opts.fake?.appId ?? 'A0LIFERING',
    teamDomain: opts.fake?.teamDomain ?? 'lifering-test',
    channels: { general: 'C0GENERAL', ...opts.channels },
    eventCounter: 0,
    last: undefined,
  };
  return {
    raw: (body: string, contentType: string, o: RawOptions = {}) => raw(d, body, contentType, o),

    /** Sends the previous request's body again, freshly signed, as Slack's retry of it. */
    redeliver: (retryNum = 1, retryReason = 'http_timeout') => redeliver(d, retryNum, retryReason),

    /**
     * A slash command with `typed` as the person typed it: sent escaped and link-rewritten as
     * Slack does for a command with should_escape (src/sandbox/slack-escape.ts). Write a mention
     * picked from Slack's list as `<@U123>`; a typed `@handle` of someone in the fake becomes one too.
     */
    command: (userId: string, typed: string, o: CommandOptions = {}) => command(d, userId, typed, o),

    blockAction: (userId: string, action: ActionInput, o: BlockActionOptions = {}) => blockAction(d, userId, action, o),

    submitView: (userId: string, viewIdOrView: string | JsonObject, values: StateValues, o: DeliveryOptions = {}) =>
      submitView(d, userId, viewIdOrView, values, o),

    closeView: (userId: string, viewIdOrView: string | JsonObject, o: DeliveryOptions = {}) =>
      closeView(d, userId, viewIdOrView, o),

    /**
     * A `block_suggestion` (what Slack sends to fill an external_select as the person types);
     * the ack body holds `options` or `option_groups`.
     */
    blockSuggestion: (
      userId: string,
      suggestion: { action_id: string; block_id: string; value: string },
      o: DeliveryOptions & { viewId?: string } = {},
    ) => blockSuggestion(d, userId, suggestion, o),

    event: (ev: JsonObject & { type: string }, o: EventOptions = {}) => event(d, ev, o),

    /** Any interactivity payload (a shortcut, a recorded payload), signed and form-encoded as Slack sends it. */
    interaction: (payload: JsonObject, o: DeliveryOptions = {}) => sendPayload(d, payload, o),

    appHomeOpened: (userId: string, o: EventOptions & { tab?: 'home' | 'messages' } = {}) =>
      appHomeOpened(d, userId, o),

    urlVerification: (challenge: string) => urlVerification(d, challenge),
  };
}

export type Driver = ReturnType<typeof createDriver>;

// ---- what each delivery sends ----

function redeliver(d: DriverContext, retryNum: number, retryReason: string): Promise<DriverResponse> {
  if (!d.last) throw new Error('driver: nothing was sent yet');
  return raw(d, d.last.body, d.last.contentType, { headers: retryHeaders({ retryNum, retryReason }) });
}

function command(d: DriverContext, userId: string, typed: string, o: CommandOptions): Promise<DriverResponse> {
  const teamId = o.teamId ?? d.defaultTeam;
  const text = o.escaped ? typed : escapeLikeSlack(typed, directory(d, teamId));
  const channelId = o.channelId ?? 'C0GENERAL';
  // Field order follows a real slash command request.
  const body = formEncode({
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: d.teamDomain,
    channel_id: channelId,
    channel_name: channelId.startsWith('D') ? 'directmessage' : 'general',
    user_id: userId,
    user_name: userName(d, userId),
    command: o.command ?? '/mentor',
    text,
    api_app_id: d.appId,
    is_enterprise_install: 'false',
    response_url: d.fake?.responseUrl({ channel: channelId, userId }) ?? fakeHookUrl(d, 'commands', o),
    trigger_id: o.triggerId ?? triggerId(d, userId),
  });
  return raw(d, body, FORM, { headers: retryHeaders(o) });
}

function blockAction(
  d: DriverContext,
  userId: string,
  action: ActionInput,
  o: BlockActionOptions,
): Promise<DriverResponse> {
  const inView = (o.container ?? (o.viewId || o.view ? 'view' : 'message')) === 'view';
  if (!inView) {
    return sendPayload(
      d,
      {
        type: 'block_actions',
        ...common(d, userId, o),
        trigger_id: o.triggerId ?? triggerId(d, userId),
        ...messageContainer(d, userId, action, o),
      },
      o,
    );
  }
  const view = o.view ?? storedView(d, o.viewId ?? '');
  const viewId = String(view.id);
  if (o.values) setState(d, viewId, o.values);
  return sendPayload(
    d,
    {
      type: 'block_actions',
      ...common(d, userId, o),
      container: { type: 'view', view_id: viewId },
      trigger_id: o.triggerId ?? triggerId(d, userId, viewId),
      view: o.values ? { ...view, state: { values: o.values } } : view,
      actions: [buildAction(d, action, view.blocks)],
    },
    o,
  );
}

async function submitView(
  d: DriverContext,
  userId: string,
  viewIdOrView: string | JsonObject,
  values: StateValues,
  o: DeliveryOptions,
): Promise<DriverResponse> {
  const view = storedView(d, viewIdOrView);
  const viewId = String(view.id);
  setState(d, viewId, values);
  const res = await sendPayload(
    d,
    {
      type: 'view_submission',
      ...common(d, userId, o),
      trigger_id: o.triggerId ?? triggerId(d, userId, viewId),
      view: { ...view, state: { values } },
      response_urls: [],
    },
    o,
  );
  if (res.status === 200 && d.fake?.view(viewId)) res.viewErrors = d.fake.applyViewSubmissionAck(viewId, res.body);
  return res;
}

async function closeView(
  d: DriverContext,
  userId: string,
  viewIdOrView: string | JsonObject,
  o: DeliveryOptions,
): Promise<DriverResponse> {
  const view = storedView(d, viewIdOrView);
  const res = await sendPayload(d, { type: 'view_closed', ...common(d, userId, o), view, is_cleared: false }, o);
  d.fake?.closeView(String(view.id));
  return res;
}

function blockSuggestion(
  d: DriverContext,
  userId: string,
  suggestion: { action_id: string; block_id: string; value: string },
  o: DeliveryOptions & { viewId?: string },
): Promise<DriverResponse> {
  const view = o.viewId ? storedView(d, o.viewId) : undefined;
  return sendPayload(
    d,
    {
      type: 'block_suggestion',
      ...common(d, userId, o),
      ...suggestion,
      ...(view ? { container: { type: 'view', view_id: String(view.id) }, view } : { container: { type: 'message' } }),
    },
    o,
  );
}

function event(d: DriverContext, ev: JsonObject & { type: string }, o: EventOptions): Promise<DriverResponse> {
  const teamId = o.teamId ?? d.defaultTeam;
  const envelope = {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: d.appId,
    event: { event_ts: actionTs(d), ...ev },
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${String(++d.eventCounter).padStart(9, '0')}`,
    event_time: o.eventTime ?? seconds(d),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: d.fake?.workspaces.get(teamId)?.botUserId ?? d.fake?.botUserId ?? 'U0LIFEBOT',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
  return raw(d, JSON.stringify(envelope), 'application/json', { headers: retryHeaders(o) });
}

function appHomeOpened(
  d: DriverContext,
  userId: string,
  o: EventOptions & { tab?: 'home' | 'messages' },
): Promise<DriverResponse> {
  const home = d.fake?.homeViews.get(userId);
  const { tab, ...delivery } = o;
  return event(
    d,
    {
      type: 'app_home_opened',
      user: userId,
      channel: dm(d, userId),
      tab: tab ?? 'home',
      ...(home ? { view: home } : {}),
    },
    delivery,
  );
}

function urlVerification(d: DriverContext, challenge: string): Promise<DriverResponse> {
  return raw(d, JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: 'url_verification' }), 'application/json');
}

// ---- the parts of a payload ----

const seconds = (d: DriverContext): number => Math.floor(d.now() / 1000);
const actionTs = (d: DriverContext): string => (d.now() / 1000).toFixed(6);
const userName = (d: DriverContext, userId: string): string => d.fake?.users.get(userId)?.name ?? userId.toLowerCase();
const dm = (d: DriverContext, userId: string): string => d.fake?.dmChannel(userId) ?? `D${userId.slice(1)}`;

const triggerId = (d: DriverContext, userId: string, viewId?: string): string =>
  d.fake?.issueTriggerId({ userId, ...(viewId ? { viewId } : {}) }) ??
  `${Date.now()}.${seconds(d)}.${randomBytes(16).toString('hex')}`;

function fakeHookUrl(d: DriverContext, kind: string, o: DeliveryOptions): string {
  return `https://hooks.slack.com/${kind}/${o.teamId ?? d.defaultTeam}/1/${randomBytes(12).toString('hex')}`;
}

/** Who and what Slack recognises in typed command text, in one workspace. */
function directory(d: DriverContext, teamId: string): SlackDirectory {
  return {
    user: (handle) =>
      [...(d.fake?.users.values() ?? [])].find(
        (u) => u.name.toLowerCase() === handle && u.team_id === teamId && !u.deleted,
      )?.id,
    channel: (name) => d.channels[name],
    usergroup: (handle) => d.opts.usergroups?.[handle],
  };
}

/** The fields every interactivity payload carries. */
function common(d: DriverContext, userId: string, o: DeliveryOptions) {
  const teamId = o.teamId ?? d.defaultTeam;
  return {
    user: { id: userId, username: userName(d, userId), name: userName(d, userId), team_id: teamId },
    api_app_id: d.appId,
    token: VERIFICATION_TOKEN,
    team: { id: teamId, domain: d.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };
}

function storedView(d: DriverContext, viewIdOrView: string | JsonObject): JsonObject {
  if (typeof viewIdOrView !== 'string') return viewIdOrView;
  const view = d.fake?.view(viewIdOrView);
  if (!view) throw new Error(`driver: no open view ${viewIdOrView} in the fake`);
  return view;
}

function setState(d: DriverContext, viewId: string, values: StateValues): void {
  const stored: StoredView | undefined = d.fake?.view(viewId);
  if (stored) stored.state = { values };
}

/** The newest message in `channel` with an element whose action_id matches. */
function messageWithAction(d: DriverContext, channel: string, actionId: string): StoredMessage | undefined {
  return d.fake?.messagesIn(channel).findLast((m) => findElement(m.blocks, actionId) !== undefined);
}

function buildAction(d: DriverContext, action: ActionInput, blocks: unknown): JsonObject {
  const found = findElement(blocks, action.action_id, action.block_id);
  const element = found?.element ?? {};
  const fromElement: JsonObject = { type: element.type ?? 'button' };
  if (element.type === 'button' || element.type === undefined) {
    if (element.text !== undefined) fromElement.text = element.text;
    if (element.value !== undefined) fromElement.value = element.value;
  }
  return { ...fromElement, block_id: found?.blockId ?? 'block', action_ts: actionTs(d), ...action };
}

function messageContainer(d: DriverContext, userId: string, action: ActionInput, o: BlockActionOptions): JsonObject {
  const { fake } = d;
  const channel = o.channelId ?? dm(d, userId);
  const found = o.messageTs
    ? fake?.messagesIn(channel).find((m) => m.ts === o.messageTs)
    : messageWithAction(d, channel, action.action_id);
  if (fake && !o.messageTs && !found) {
    throw new Error(`driver: no message in ${channel} has an element with action_id ${action.action_id}`);
  }
  const ts = found?.ts ?? o.messageTs ?? actionTs(d);
  const ephemeral = found?.ephemeralTo !== undefined;
  const message = found && fake ? slackMessage(found, fake) : { type: 'message', ts, text: '' };
  return {
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: ephemeral },
    channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'general' },
    // Slack leaves the message out of payloads for ephemeral messages.
    ...(ephemeral ? {} : { message }),
    state: { values: o.values ?? {} },
    response_url: fake?.responseUrl({ channel, userId, messageTs: ts }) ?? fakeHookUrl(d, 'actions', o),
    actions: [buildAction(d, action, found?.blocks)],
  };
}

// ---- sending ----

function raw(d: DriverContext, body: string, contentType: string, o: RawOptions = {}): Promise<DriverResponse> {
  d.last = { body, contentType };
  const timestamp = o.timestamp ?? seconds(d);
  return post(d.opts.appUrl, body, {
    'Content-Type': contentType,
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    Accept: 'application/json,*/*',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': o.signature ?? signRequest(d.opts.signingSecret, timestamp, body),
    ...o.headers,
  });
}

const retryHeaders = (o: DeliveryOptions): Record<string, string> => ({
  ...(o.retryNum !== undefined ? { 'X-Slack-Retry-Num': String(o.retryNum) } : {}),
  ...(o.retryReason !== undefined ? { 'X-Slack-Retry-Reason': o.retryReason } : {}),
});

function sendPayload(d: DriverContext, payload: JsonObject, o: DeliveryOptions): Promise<DriverResponse> {
  return raw(d, formEncode({ payload: JSON.stringify(payload) }), FORM, { headers: retryHeaders(o) });
}

/** Finds an interactive element by action_id in section accessories, actions, inputs and context blocks. */
export function findElement(
  blocks: unknown,
  actionId: string,
  blockId?: string,
): { blockId: string | undefined; element: JsonObject } | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks) {
    if (!isObj(block) || (blockId !== undefined && block.block_id !== blockId)) continue;
    const candidates = [block.accessory, block.element, ...(Array.isArray(block.elements) ? block.elements : [])];
    const element = candidates.find((el): el is JsonObject => isObj(el) && el.action_id === actionId);
    if (element) return { blockId: typeof block.block_id === 'string' ? block.block_id : undefined, element };
  }
  return undefined;
}

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function post(url: string, body: string, headers: Record<string, string>): Promise<DriverResponse> {
  return new Promise((resolve, reject) => {
    // No keep-alive agent, so closing the app server is never held up by our sockets.
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: parseBody(text, res.headers['content-type']),
            headers: res.headers,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!contentType?.includes('json') || text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

// ---- state value builders (view.state.values[block_id][action_id]) ----

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const option = (value: string, text?: string) => ({ text: plain(text ?? value), value });

export const textValue = (value: string): StateValue => ({ type: 'plain_text_input', value });
export const selectedOption = (value: string, text?: string): StateValue => ({
  type: 'static_select',
  selected_option: option(value, text),
});
export const selectedUser = (userId: string): StateValue => ({ type: 'users_select', selected_user: userId });
export const selectedUsers = (userIds: string[]): StateValue => ({
  type: 'multi_users_select',
  selected_users: userIds,
});
export const selectedDate = (date: string): StateValue => ({ type: 'datepicker', selected_date: date });
export const checkboxes = (values: string[]): StateValue => ({
  type: 'checkboxes',
  selected_options: values.map((v) => option(v)),
});
// Slack reports number_input values as strings.
export const numberValue = (value: number | string): StateValue => ({ type: 'number_input', value: String(value) });
export const radio = (value: string, text?: string): StateValue => ({
  type: 'radio_buttons',
  selected_option: option(value, text),
});

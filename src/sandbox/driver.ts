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

export function createDriver(opts: DriverOptions) {
  const { fake, signingSecret } = opts;
  const now = opts.now ?? Date.now;
  const defaultTeam = opts.teamId ?? fake?.teamId ?? 'T0LIFERING';
  const appId = fake?.appId ?? 'A0LIFERING';
  const teamDomain = fake?.teamDomain ?? 'lifering-test';
  let eventCounter = 0;

  const seconds = (): number => Math.floor(now() / 1000);
  const actionTs = (): string => (now() / 1000).toFixed(6);
  const userName = (userId: string): string => fake?.users.get(userId)?.name ?? userId.toLowerCase();
  const dm = (userId: string): string => fake?.dmChannel(userId) ?? `D${userId.slice(1)}`;
  const team = (o: DeliveryOptions) => ({ id: o.teamId ?? defaultTeam, domain: teamDomain });
  const user = (userId: string, o: DeliveryOptions) => ({
    id: userId,
    username: userName(userId),
    name: userName(userId),
    team_id: o.teamId ?? defaultTeam,
  });
  const triggerId = (userId: string, viewId?: string): string =>
    fake?.issueTriggerId({ userId, ...(viewId ? { viewId } : {}) }) ??
    `${Date.now()}.${seconds()}.${randomBytes(16).toString('hex')}`;

  let last: { body: string; contentType: string } | undefined;

  const channels: Record<string, string> = { general: 'C0GENERAL', ...opts.channels };
  const directory = (teamId: string): SlackDirectory => ({
    user: (handle) =>
      [...(fake?.users.values() ?? [])].find(
        (u) => u.name.toLowerCase() === handle && u.team_id === teamId && !u.deleted,
      )?.id,
    channel: (name) => channels[name],
    usergroup: (handle) => opts.usergroups?.[handle],
  });

  function raw(body: string, contentType: string, o: RawOptions = {}): Promise<DriverResponse> {
    last = { body, contentType };
    const timestamp = o.timestamp ?? seconds();
    return post(opts.appUrl, body, {
      'Content-Type': contentType,
      'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      Accept: 'application/json,*/*',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': o.signature ?? signRequest(signingSecret, timestamp, body),
      ...o.headers,
    });
  }

  const retryHeaders = (o: DeliveryOptions): Record<string, string> => ({
    ...(o.retryNum !== undefined ? { 'X-Slack-Retry-Num': String(o.retryNum) } : {}),
    ...(o.retryReason !== undefined ? { 'X-Slack-Retry-Reason': o.retryReason } : {}),
  });

  function sendPayload(payload: JsonObject, o: DeliveryOptions): Promise<DriverResponse> {
    return raw(formEncode({ payload: JSON.stringify(payload) }), FORM, { headers: retryHeaders(o) });
  }

  function storedView(viewIdOrView: string | JsonObject): JsonObject {
    if (typeof viewIdOrView !== 'string') return viewIdOrView;
    const view = fake?.view(viewIdOrView);
    if (!view) throw new Error(`driver: no open view ${viewIdOrView} in the fake`);
    return view;
  }

  /** The newest message in `channel` with an element whose action_id matches. */
  function messageWithAction(channel: string, actionId: string): StoredMessage | undefined {
    return fake?.messagesIn(channel).findLast((m) => findElement(m.blocks, actionId) !== undefined);
  }

  function buildAction(action: ActionInput, blocks: unknown): JsonObject {
    const found = findElement(blocks, action.action_id, action.block_id);
    const element = found?.element ?? {};
    const fromElement: JsonObject = { type: element.type ?? 'button' };
    if (element.type === 'button' || element.type === undefined) {
      if (element.text !== undefined) fromElement.text = element.text;
      if (element.value !== undefined) fromElement.value = element.value;
    }
    return { ...fromElement, block_id: found?.blockId ?? 'block', action_ts: actionTs(), ...action };
  }

  const common = (userId: string, o: DeliveryOptions) => ({
    user: user(userId, o),
    api_app_id: appId,
    token: VERIFICATION_TOKEN,
    team: team(o),
    enterprise: null,
    is_enterprise_install: false,
  });

  function messageContainer(userId: string, action: ActionInput, o: BlockActionOptions): JsonObject {
    const channel = o.channelId ?? dm(userId);
    const found = o.messageTs
      ? fake?.messagesIn(channel).find((m) => m.ts === o.messageTs)
      : messageWithAction(channel, action.action_id);
    if (fake && !o.messageTs && !found) {
      throw new Error(`driver: no message in ${channel} has an element with action_id ${action.action_id}`);
    }
    const ts = found?.ts ?? o.messageTs ?? actionTs();
    const ephemeral = found?.ephemeralTo !== undefined;
    const message = found && fake ? slackMessage(found, fake) : { type: 'message', ts, text: '' };
    return {
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: ephemeral },
      channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'general' },
      // Slack leaves the message out of payloads for ephemeral messages.
      ...(ephemeral ? {} : { message }),
      state: { values: o.values ?? {} },
      response_url: fake?.responseUrl({ channel, userId, messageTs: ts }) ?? fakeHookUrl('actions', o),
      actions: [buildAction(action, found?.blocks)],
    };
  }

  function fakeHookUrl(kind: string, o: DeliveryOptions): string {
    return `https://hooks.slack.com/${kind}/${o.teamId ?? defaultTeam}/1/${randomBytes(12).toString('hex')}`;
  }

  function event(event: JsonObject & { type: string }, o: EventOptions = {}): Promise<DriverResponse> {
    const teamId = o.teamId ?? defaultTeam;
    const envelope = {
      token: VERIFICATION_TOKEN,
      team_id: teamId,
      context_team_id: teamId,
      context_enterprise_id: null,
      api_app_id: appId,
      event: { event_ts: actionTs(), ...event },
      type: 'event_callback',
      event_id: o.eventId ?? `Ev${String(++eventCounter).padStart(9, '0')}`,
      event_time: seconds(),
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: fake?.workspaces.get(teamId)?.botUserId ?? fake?.botUserId ?? 'U0LIFEBOT',
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
    return raw(JSON.stringify(envelope), 'application/json', { headers: retryHeaders(o) });
  }

  return {
    raw,

    /** Sends the previous request's body again, freshly signed, as Slack's retry of it. */
    redeliver(retryNum = 1, retryReason = 'http_timeout'): Promise<DriverResponse> {
      if (!last) throw new Error('driver: nothing was sent yet');
      return raw(last.body, last.contentType, { headers: retryHeaders({ retryNum, retryReason }) });
    },

    /**
     * A slash command with `typed` as the person typed it: sent escaped and link-rewritten as
     * Slack does for a command with should_escape (src/sandbox/slack-escape.ts). Write a mention
     * picked from Slack's list as `<@U123>`; a typed `@handle` of someone in the fake becomes one too.
     */
    command(userId: string, typed: string, o: CommandOptions = {}): Promise<DriverResponse> {
      const teamId = o.teamId ?? defaultTeam;
      const text = o.escaped ? typed : escapeLikeSlack(typed, directory(teamId));
      const channelId = o.channelId ?? 'C0GENERAL';
      // Field order follows a real slash command request.
      const body = formEncode({
        token: VERIFICATION_TOKEN,
        team_id: teamId,
        team_domain: teamDomain,
        channel_id: channelId,
        channel_name: channelId.startsWith('D') ? 'directmessage' : 'general',
        user_id: userId,
        user_name: userName(userId),
        command: o.command ?? '/mentor',
        text,
        api_app_id: appId,
        is_enterprise_install: 'false',
        response_url: fake?.responseUrl({ channel: channelId, userId }) ?? fakeHookUrl('commands', o),
        trigger_id: o.triggerId ?? triggerId(userId),
      });
      return raw(body, FORM, { headers: retryHeaders(o) });
    },

    blockAction(userId: string, action: ActionInput, o: BlockActionOptions = {}): Promise<DriverResponse> {
      const inView = (o.container ?? (o.viewId || o.view ? 'view' : 'message')) === 'view';
      if (!inView) {
        return sendPayload(
          {
            type: 'block_actions',
            ...common(userId, o),
            trigger_id: o.triggerId ?? triggerId(userId),
            ...messageContainer(userId, action, o),
          },
          o,
        );
      }
      const view = o.view ?? storedView(o.viewId ?? '');
      const viewId = String(view.id);
      if (o.values) setState(viewId, o.values);
      return sendPayload(
        {
          type: 'block_actions',
          ...common(userId, o),
          container: { type: 'view', view_id: viewId },
          trigger_id: o.triggerId ?? triggerId(userId, viewId),
          view: o.values ? { ...view, state: { values: o.values } } : view,
          actions: [buildAction(action, view.blocks)],
        },
        o,
      );
    },

    async submitView(
      userId: string,
      viewIdOrView: string | JsonObject,
      values: StateValues,
      o: DeliveryOptions = {},
    ): Promise<DriverResponse> {
      const view = storedView(viewIdOrView);
      const viewId = String(view.id);
      setState(viewId, values);
      const res = await sendPayload(
        {
          type: 'view_submission',
          ...common(userId, o),
          trigger_id: o.triggerId ?? triggerId(userId, viewId),
          view: { ...view, state: { values } },
          response_urls: [],
        },
        o,
      );
      if (res.status === 200 && fake?.view(viewId)) res.viewErrors = fake.applyViewSubmissionAck(viewId, res.body);
      return res;
    },

    async closeView(
      userId: string,
      viewIdOrView: string | JsonObject,
      o: DeliveryOptions = {},
    ): Promise<DriverResponse> {
      const view = storedView(viewIdOrView);
      const res = await sendPayload({ type: 'view_closed', ...common(userId, o), view, is_cleared: false }, o);
      fake?.closeView(String(view.id));
      return res;
    },

    /**
     * A `block_suggestion` (what Slack sends to fill an external_select as the person types);
     * the ack body holds `options` or `option_groups`.
     */
    blockSuggestion(
      userId: string,
      suggestion: { action_id: string; block_id: string; value: string },
      o: DeliveryOptions & { viewId?: string } = {},
    ): Promise<DriverResponse> {
      const view = o.viewId ? storedView(o.viewId) : undefined;
      return sendPayload(
        {
          type: 'block_suggestion',
          ...common(userId, o),
          ...suggestion,
          ...(view
            ? { container: { type: 'view', view_id: String(view.id) }, view }
            : { container: { type: 'message' } }),
        },
        o,
      );
    },

    event,

    /** Any interactivity payload (a shortcut, a recorded payload), signed and form-encoded as Slack sends it. */
    interaction(payload: JsonObject, o: DeliveryOptions = {}): Promise<DriverResponse> {
      return sendPayload(payload, o);
    },

    appHomeOpened(userId: string, o: EventOptions & { tab?: 'home' | 'messages' } = {}): Promise<DriverResponse> {
      const home = fake?.homeViews.get(userId);
      const { tab, ...delivery } = o;
      return event(
        {
          type: 'app_home_opened',
          user: userId,
          channel: dm(userId),
          tab: tab ?? 'home',
          ...(home ? { view: home } : {}),
        },
        delivery,
      );
    },

    urlVerification(challenge: string): Promise<DriverResponse> {
      return raw(
        JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: 'url_verification' }),
        'application/json',
      );
    },
  };

  function setState(viewId: string, values: StateValues): void {
    const stored: StoredView | undefined = fake?.view(viewId);
    if (stored) stored.state = { values };
  }
}

export type Driver = ReturnType<typeof createDriver>;

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

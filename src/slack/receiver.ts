import { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CustomRoute,
  HTTPReceiver,
  type InstallationStore,
  type InstallProviderOptions,
  type Logger,
  type LogLevel,
  SocketModeReceiver,
  type StateStore,
} from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.ts';
import { within } from '../deadline.ts';
import { SecretBox } from '../installations/crypto.ts';
import { answerInstallFailure, installPage } from '../installations/pages.ts';
import { SingleUseStateStore } from '../installations/state.ts';
import type { Storage } from '../storage/index.ts';
import { BOT_SCOPES } from './scopes.ts';

/**
 * The largest request body taken, checked before the signature (so before anything is parsed).
 * Slack's largest deliveries to Lifering are view submissions and Home clicks, which carry the
 * view (at most 250 kB, Slack's own limit) and its input values (Lifering's forms take well under
 * 20,000 characters); form-encoded, that stays under 1 MiB. Bolt's default is 4 MiB.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;
/** How long /healthz waits for the database; inside the 5 s the Dockerfile's healthcheck allows. */
const HEALTHZ_WAIT_MS = 2_000;
const FORM = 'application/x-www-form-urlencoded';

/** `GET /healthz`: 200 while the database answers, for a load balancer. */
function healthz(storage: Pick<Storage, 'ping'>): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      // A database that does not answer (black-holed, or every connection stuck) counts as
      // unreachable once the wait is up, rather than holding the health check for a minute.
      void within(storage.ping(), HEALTHZ_WAIT_MS, false).then((ok) => {
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok, database: ok ? 'reachable' : 'unreachable' }));
      });
    },
  };
}

export interface ReceiverParts {
  config: Config;
  logger: Logger;
  /** `events` records each OAuth state's use, so a state installs once. */
  storage: Pick<Storage, 'ping' | 'events'>;
  clientOptions: WebClientOptions;
  /** OAuth mode only: where installs are kept. */
  installationStore?: InstallationStore;
  /** More GET routes beside /healthz (/metrics, when it is served on the app's port). */
  routes?: CustomRoute[];
}

/** What Bolt's receivers take in OAuth mode: the install pages, the consent round trip, the store. */
function oauthOptions(parts: ReceiverParts) {
  const { config, clientOptions, installationStore, storage } = parts;
  const oauth = config.slack.oauth;
  if (!oauth || !installationStore) return undefined;
  // The OAuth state is signed, so any instance can finish an install another began, and taken once.
  const stateSecret = new SecretBox(oauth.encryptionKeys).derive('oauth-state');
  const stateStore: StateStore = new SingleUseStateStore(stateSecret, storage);
  type InstallerOptions = InstallProviderOptions & {
    directInstall: boolean;
    port?: number;
    callbackOptions: { failure: typeof answerInstallFailure };
  };
  const installerOptions: InstallerOptions = {
    directInstall: false,
    renderHtmlForInstallPath: installPage,
    stateVerification: true,
    stateStore,
    // A cancel on Slack's page, a used link or a refused code gets a page that says so (Bolt's is a 500).
    callbackOptions: { failure: answerInstallFailure },
    clientOptions,
    // Tests and Slack-compatible hosts put the authorize page next to their Web API.
    ...(config.slack.apiUrl
      ? { authorizationUrl: new URL('../oauth/v2/authorize', config.slack.apiUrl).toString() }
      : {}),
    ...(oauth.redirectUri ? { redirectUriPath: new URL(oauth.redirectUri).pathname } : {}),
  } as InstallerOptions;
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    scopes: [...BOT_SCOPES],
    installationStore,
    ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
    installerOptions,
  };
}

/**
 * The receiver for the configured mode: HTTP (production, signed requests, /healthz, a body
 * limit) or Socket Mode (local development; its small HTTP server serves /healthz and installs).
 */
export function createReceiver(parts: ReceiverParts): HTTPReceiver | SocketModeReceiver {
  const { config, logger, storage, clientOptions } = parts;
  const oauth = oauthOptions(parts);
  const customRoutes = [healthz(storage), ...(parts.routes ?? [])];
  if (config.mode === 'socket') {
    return new SocketModeReceiver({
      appToken: config.slack.appToken!,
      logger,
      logLevel: config.logLevel as LogLevel,
      customRoutes,
      ...oauth,
      // Socket Mode's own client must reach the same Web API (SLACK_API_URL) as the bot client.
      installerOptions: { ...oauth?.installerOptions, port: config.port, clientOptions },
    });
  }
  return new HTTPReceiver({
    signingSecret: config.slack.signingSecret,
    logger,
    logLevel: config.logLevel as LogLevel,
    customRoutes,
    bodyLimit: SLACK_BODY_LIMIT,
    ...oauth,
  });
}

/**
 * Bolt reads a form body only when the content type is exactly `application/x-www-form-urlencoded`;
 * with a parameter (`; charset=utf-8`) it tries JSON and answers 400. Slack's bodies are always
 * UTF-8, so the parameter is dropped before Bolt looks (the signature covers the body, not headers).
 */
export function withoutCharset(headers: IncomingMessage['headers']): IncomingMessage['headers'] {
  const type = headers['content-type'];
  if (!type?.includes(';')) return headers;
  const base = type.split(';')[0]!.trim().toLowerCase();
  if (base === FORM || base === 'application/json') headers['content-type'] = base;
  return headers;
}

/** A request as Bolt reads it: a form body's content type without its charset. */
export class SlackRequest extends IncomingMessage {}
// Node (15 and later) builds `headers` lazily in an accessor on IncomingMessage.prototype, which
// TypeScript's types call a plain field; this reads it and drops the charset.
const nodeHeaders = Object.getOwnPropertyDescriptor(IncomingMessage.prototype, 'headers');
if (!nodeHeaders?.get || !nodeHeaders.set) throw new Error("This Node's IncomingMessage has no headers accessor");
Object.defineProperty(SlackRequest.prototype, 'headers', {
  get(this: IncomingMessage) {
    return withoutCharset(nodeHeaders.get!.call(this));
  },
  set(this: IncomingMessage, value: unknown) {
    nodeHeaders.set!.call(this, value);
  },
});

/**
 * A reply sent whole. Bolt answers with `res.writeHead(200, headers)` and then `res.end(body)`:
 * the head goes out before the body's length is known, so every reply was sent chunked. Holding
 * the head until `end` lets Node send the reply with its Content-Length and no chunk framing.
 * Only Bolt's forms (a status, and optionally a headers object) are held; any other goes to Node
 * as given. And a text ack that is JSON Lifering serialised ahead (src/slack/command-router.ts) is
 * labelled so, since Slack reads it as a message only then (Bolt sends text without a type).
 */
export class WholeReply<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  private holding = false;

  override writeHead(status: number, ...rest: unknown[]): this {
    const [headers] = rest;
    const boltForm =
      rest.length <= 1 &&
      (headers === undefined || (typeof headers === 'object' && headers !== null && !Array.isArray(headers)));
    if (!boltForm || this.holding) return super.writeHead(status, ...(rest as [])) as this;
    this.statusCode = status;
    for (const [name, value] of Object.entries((headers ?? {}) as Record<string, string | number | string[]>))
      this.setHeader(name, value);
    // Node's end() sends the head through writeHead itself, which must then be the real one.
    this.holding = true;
    return this;
  }

  override end(chunk?: unknown, ...rest: unknown[]): this {
    if (typeof chunk === 'string' && chunk.startsWith('{') && !this.headersSent && !this.hasHeader('content-type')) {
      this.setHeader('content-type', 'application/json');
    }
    return super.end(chunk as string, ...(rest as [])) as this;
  }
}

/** What the HTTP receiver's server is made with (Bolt passes these to `http.createServer`). */
export const SERVER_OPTIONS = { IncomingMessage: SlackRequest, ServerResponse: WholeReply };

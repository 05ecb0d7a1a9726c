// The fake's HTTP server: Web API calls under /api/, upload URLs, response URLs and the OAuth
// authorize page, each recorded in `calls`. Answers as Slack does: HTTP 200 with {ok:false,error}
// for platform errors, 429 with Retry-After for rate limits.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseForm } from 'node:querystring';
import { authorise } from './auth.ts';
import { record } from './calls.ts';
import { answerResponseUrl } from './chat.ts';
import { gateFor, takeFault } from './faults.ts';
import { receiveUpload } from './files.ts';
import { METHOD_SCOPES, METHODS, OAUTH_METHODS } from './methods.ts';
import { authorizePage } from './oauth.ts';
import { failure, isObj } from './results.ts';
import type { FakeState } from './state.ts';
import type { JsonObject, Reply } from './types.ts';

// Form fields that Slack clients send JSON-encoded.
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'files', 'metadata'];
// Slack ignores JSON bodies on these methods (it reads form fields only).
const FORM_ONLY_METHODS = new Set(['files.getUploadURLExternal']);

/** Starts the server on a free port of 127.0.0.1 and sets the state's origin. */
export async function listen(s: FakeState): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    gateFor(s, req.url ?? '')
      .then(() => route(s, req))
      .catch(
        (error: unknown): Reply => ({
          status: 500,
          body: { ok: false, error: 'fake_slack_crashed', detail: String(error) },
        }),
      )
      .then((reply) => send(s, res, reply));
  });
  // Outlive the clients' idle keep-alive sockets, so a client never reuses one the fake just closed (ECONNRESET).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  s.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return server;
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}

async function route(s: FakeState, req: IncomingMessage): Promise<Reply> {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const body = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  if (req.method === 'GET' && path === '/oauth/v2/authorize') {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    return record(s, 'oauth_authorize', Object.fromEntries(query), undefined, authorizePage(s, query));
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
    return record(s, method, args, token, answerApi(s, method, args, token));
  }
  const upload = /^\/upload\/(\w+)$/.exec(path);
  if (upload?.[1]) {
    const args = { file_id: upload[1], content_type: contentType, body_bytes: body.length };
    const reply = takeFault(s, 'file_upload') ?? receiveUpload(s, upload[1], body, contentType);
    return record(s, 'file_upload', args, undefined, reply);
  }
  const respond = /^\/respond\/(\w+)$/.exec(path);
  if (respond?.[1]) {
    const args = parseArgs(body, contentType);
    const reply = takeFault(s, 'response_url') ?? answerResponseUrl(s, respond[1], args);
    return record(s, 'response_url', args, undefined, reply);
  }
  return { status: 404, body: 'not_found' };
}

function answerApi(s: FakeState, method: string, args: JsonObject, given: string | undefined): Reply {
  const fault = takeFault(s, method);
  if (fault) return fault;
  const oauth = OAUTH_METHODS[method];
  if (oauth) return { status: 200, body: oauth(s, args, given) };
  const handler = METHODS[method];
  if (!handler) return { status: 200, body: failure('unknown_method') };
  const refused = authorise(s, method, given);
  const granted = given ? s.tokens.get(given)?.scopes : undefined;
  if (refused || !granted) return { status: 200, body: refused ?? handler(s, args) };
  // Slack says, on every answer to a working token, which scopes it has and which the method takes.
  const needed = METHOD_SCOPES[method] ?? '';
  const headers = { 'X-OAuth-Scopes': granted.join(','), ...(needed ? { 'X-Accepted-OAuth-Scopes': needed } : {}) };
  if (needed && !granted.includes(needed))
    return { status: 200, headers, body: { ok: false, error: 'missing_scope', needed, provided: granted.join(',') } };
  return { status: 200, headers, body: handler(s, args) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(s: FakeState, res: ServerResponse, reply: Reply): void {
  const isText = typeof reply.body === 'string';
  res.writeHead(reply.status, {
    'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    // Slack's clock, as Slack sends it: `npm run doctor` compares it with the local one.
    Date: new Date(s.now()).toUTCString(),
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

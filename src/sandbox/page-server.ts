// The sandbox page's HTTP server: the page's files, downloads of files the app shared, and the
// JSON API (page-api.ts), one request at a time.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PAGE_ROUTES } from './page-api.ts';
import { isObj, type PageContext, Refusal } from './page-context.ts';

const PAGE_FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/sandbox.css': 'sandbox.css',
  '/sandbox.js': 'sandbox.js',
  '/blockkit.js': 'blockkit.js',
  '/mrkdwn.js': 'mrkdwn.js',
};
const TYPES: Record<string, string> = { html: 'text/html', css: 'text/css', js: 'text/javascript' };

/** The page's server, not yet listening. */
export function createPageServer(page: PageContext): Server {
  const serially = oneAtATime();
  return createServer((req, res) => {
    handle(page, serially, req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: 'The sandbox hit a problem.' });
    });
  });
}

type Serially = <T>(work: () => Promise<T>) => Promise<T>;

// One request at a time, so each answer shows the whole effect of what the person did.
function oneAtATime(): Serially {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
}

async function handle(page: PageContext, serially: Serially, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const file = PAGE_FILES[path];
  if (req.method === 'GET' && file) return pageFile(res, file);
  const fileId = /^\/files\/(F\w+)$/.exec(path)?.[1];
  if (req.method === 'GET' && fileId) return download(page, res, fileId);
  const route = PAGE_ROUTES[path];
  if (!route || req.method !== 'POST') return json(res, 404, { error: `Nothing here: ${req.method} ${path}` });
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req)) || '{}');
  } catch {
    return json(res, 400, { error: 'The request was not JSON.' });
  }
  try {
    json(res, 200, await serially(() => route(page, isObj(body) ? body : {})));
  } catch (error) {
    if (error instanceof Refusal) return json(res, error.status, { error: error.message });
    page.log.error('sandbox request failed', error);
    json(res, 500, { error: `The sandbox hit a problem: ${(error as Error).message ?? String(error)}` });
  }
}

function pageFile(res: ServerResponse, file: string): void {
  const body = readFileSync(new URL(`./page/${file}`, import.meta.url));
  res.writeHead(200, {
    'Content-Type': `${TYPES[file.split('.').pop() ?? ''] ?? 'text/plain'}; charset=utf-8`,
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/** A file the app uploaded to a message (the CSV export), as the download Slack would offer. */
function download(page: PageContext, res: ServerResponse, fileId: string): void {
  const file = page.fake.files.get(fileId);
  const shared = page.fake.messages.some((m) => !m.deleted && m.files?.some((f) => f.id === fileId));
  if (!file?.completed || !file.bytes || !shared) {
    json(res, 404, { error: 'That file is not in any message.' });
    return;
  }
  const type = file.filename.endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
    'Cache-Control': 'no-store',
  });
  res.end(file.bytes);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from './metrics.ts';

export const METRICS_PATH = '/metrics';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Whether `Authorization` carries the token as a bearer token; compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/**
 * Answers a scrape. With a token, a request without it gets 401 (not a 404 that would pass for
 * "metrics are off"): Prometheus's target page then says the credentials are wrong, and the
 * endpoint's existence is no secret of an open-source app. Nothing else is given away.
 */
export function serveMetrics(metrics: Metrics, token: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' });
      res.end('Send METRICS_TOKEN as "Authorization: Bearer <token>" (Prometheus: authorization.credentials).\n');
      return;
    }
    metrics.text().then(
      (body) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Collecting the metrics failed; see the app log.\n');
      },
    );
  };
}

/** `GET /metrics` on the app's own port (METRICS_TOKEN set, no METRICS_PORT). */
export function metricsRoute(metrics: Metrics, token: string | undefined): CustomRoute {
  return { path: METRICS_PATH, method: ['GET'], handler: serveMetrics(metrics, token) };
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** A server of its own on METRICS_PORT that answers `GET /metrics` and nothing else (404). */
export async function startMetricsServer(
  metrics: Metrics,
  port: number,
  token: string | undefined,
): Promise<MetricsServer> {
  const serve = serveMetrics(metrics, token);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === METRICS_PATH && req.method === 'GET') return serve(req, res);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`This port serves GET ${METRICS_PATH} only.\n`);
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) =>
      reject(
        new Error(`METRICS_PORT ${port} could not be opened (${error.message}): choose a port nothing else uses.`),
      );
    server.once('error', failed);
    server.listen(port, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/**
 * What the HTTP server answers once the instance is stopping: 503, so a load balancer sends the
 * request to another instance (and Slack redelivers an event it could not deliver), with the
 * connection closed so no further request arrives on it.
 */
const STOPPING_BODY = JSON.stringify({ ok: false, error: 'stopping' });

/**
 * Lets the HTTP server stop taking requests while the ones it has finish. From `begin()` every
 * new request (on a connection kept alive from before) is refused with 503, /healthz included so
 * health checks take the instance out; requests already being read go on to Bolt, and their
 * replies close their connections. Bolt's own stop then closes the listening socket and waits
 * for those replies.
 */
export class Drain {
  private stopping = false;
  private server: Server | undefined;
  private readonly open = new Set<ServerResponse>();

  /** Puts the gate in front of the server's request listeners (Bolt's). */
  attach(server: Server): void {
    this.server = server;
    const listeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.stopping) return refuse(res);
      this.open.add(res);
      res.on('close', () => this.open.delete(res));
      for (const listener of listeners) listener.call(server, req, res);
    });
  }

  /** Refuses new requests from now on; replies still to come close their connections. */
  begin(): void {
    this.stopping = true;
    for (const res of this.open) {
      if (!res.headersSent) res.shouldKeepAlive = false;
      // A reply already on its way leaves its connection idle and open: close it once it is sent.
      else res.on('finish', () => setImmediate(() => this.server?.closeIdleConnections()));
    }
  }

  /** The bound has passed: drops every connection still open, replies unsent or not. */
  cut(): void {
    this.server?.closeAllConnections();
  }
}

function refuse(res: ServerResponse): void {
  res.shouldKeepAlive = false;
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  res.end(STOPPING_BODY);
}

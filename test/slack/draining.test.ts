import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Drain } from '../../src/slack/draining.ts';

const get = (port: number) =>
  new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });

describe('Drain', () => {
  it('answers 503 with the connection closed once stopping, and closes the connection of a reply still to come', async () => {
    let answer: (() => void) | undefined;
    const server = createServer((_req, res) => {
      answer = () => res.end('done');
    });
    const drain = new Drain();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    drain.attach(server);
    const { port } = server.address() as AddressInfo;
    const pending = get(port);
    await new Promise<void>((resolve) => {
      const wait = () => (answer ? resolve() : setTimeout(wait, 5));
      wait();
    });
    drain.begin();
    expect(await get(port)).toEqual({ status: 503, connection: 'close' });
    answer!();
    expect(await pending).toEqual({ status: 200, connection: 'close' });
    await new Promise((resolve) => server.close(resolve));
  });
});

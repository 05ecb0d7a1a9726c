import { createServer } from 'node:net';

/** A port nothing listens on now, for a process the test starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Waits until `check` holds, polling every 50 ms (calling `poll` before each wait), and fails
 * after `ms` naming `what`: a condition, never a fixed sleep.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms: number,
  o: { what?: string; poll?: () => void } = {},
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out${o.what ? ` waiting for ${o.what}` : ''}`);
    o.poll?.();
    await new Promise((r) => setTimeout(r, 50));
  }
}

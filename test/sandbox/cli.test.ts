import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/process.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** `npm run sandbox` runs this file; an empty cwd keeps a developer's .env and data out. */
function startCli(env: Record<string, string>, args: string[] = []): { child: ChildProcess; text: () => string } {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), path.join(root, 'src/cli/sandbox.ts'), ...args],
    {
      cwd: mkdtempSync(path.join(tmpdir(), 'lifering-sandbox-cwd-')),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  return { child, text: () => text };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

async function listen(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const portOf = (s: Server) => (s.address() as { port: number }).port;

describe('npm run sandbox (src/cli/sandbox.ts)', () => {
  let run: ReturnType<typeof startCli>;
  let port: number;
  let dataDir: string;
  beforeAll(async () => {
    const probe = await listen();
    port = portOf(probe);
    await new Promise((r) => probe.close(r));
    dataDir = mkdtempSync(path.join(tmpdir(), 'lifering-sandbox-data-'));
    run = startCli({ SANDBOX_PORT: String(port), DATA_DIR: dataDir });
    await waitFor(() => run.text().includes('open http'), 25_000);
  }, 30_000);
  afterAll(() => {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the address of the page, which says it is a simulation', async () => {
    expect(run.text()).toContain(`open http://127.0.0.1:${port}`);
    const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(page).toContain('Simulation.');
  });

  it('sends a typed /mentor help to the real app and shows the ephemeral usage', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/command`, {
      method: 'POST',
      body: JSON.stringify({ user: 'U0MEI', text: '/mentor help' }),
    });
    const body = (await res.json()) as {
      notices: string[];
      state: { messages: { text: string; ephemeral: boolean }[] };
    };
    expect(body.notices).toEqual([]);
    expect(body.state.messages.at(-1)).toMatchObject({ ephemeral: true });
    expect(body.state.messages.at(-1)?.text).toContain('/mentor help');
  });

  it('stops cleanly on SIGTERM', async () => {
    run.child.kill('SIGTERM');
    expect(await exited(run.child)).toBe(0);
  });

  it('says which setting to change when the port is taken', async () => {
    const busy = await listen();
    const other = startCli({ SANDBOX_PORT: String(portOf(busy)), DATA_DIR: dataDir });
    expect(await exited(other.child)).toBe(1);
    expect(other.text()).toContain('is in use: set SANDBOX_PORT');
    expect(other.text()).not.toMatch(/\n\s+at /);
    await new Promise((r) => busy.close(r));
  }, 30_000);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../harness/driver.ts';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.ts';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Runs the production entry point (`npm start` runs the same file) with only the given
 * environment, from an empty folder so a developer's own .env cannot leak in.
 */
function startMain(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/main.ts')], {
    cwd: mkdtempSync(path.join(tmpdir(), 'lifering-cwd-')),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function output(child: ChildProcess): { text: () => string } {
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  return { text: () => text };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start (src/main.ts)', () => {
  it('with no Slack settings, prints one message naming what is missing and exits non-zero', async () => {
    const child = startMain({});
    const out = output(child);
    expect(await exited(child)).toBe(1);
    expect(out.text()).toContain('SLACK_BOT_TOKEN is missing');
    expect(out.text()).toContain('SLACK_SIGNING_SECRET is missing');
    expect(out.text()).not.toMatch(/\n\s+at /); // no stack trace
  }, 30_000);

  describe('with settings pointing at the fake Slack', () => {
    let fake: FakeSlack;
    let child: ChildProcess;
    let out: { text: () => string };
    let port: number;
    let dataDir: string;
    beforeAll(async () => {
      fake = await startFakeSlack({ users: [{ id: 'UMIA0001', name: 'mia' }] });
      port = await freePort();
      dataDir = mkdtempSync(path.join(tmpdir(), 'lifering-main-'));
      child = startMain({
        SLACK_BOT_TOKEN: fake.token,
        SLACK_SIGNING_SECRET: 'main-secret',
        SLACK_API_URL: fake.url,
        PORT: String(port),
        DATA_DIR: dataDir,
        REMINDER_CRON: 'off',
      });
      out = output(child);
      await waitFor(() => out.text().includes('listening'), 20_000);
    }, 30_000);
    afterAll(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers a signed /mentor help with 200 and the ephemeral usage within 3 s', async () => {
      const driver = createDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: 'main-secret', fake });
      const started = Date.now();
      const res = await driver.command('UMIA0001', 'help');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ response_type: 'ephemeral' });
    });

    it('stops cleanly on SIGTERM', async () => {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(out.text()).toContain('SIGTERM received');
    });
  });
});

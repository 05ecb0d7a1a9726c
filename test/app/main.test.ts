import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/storage/db.ts';
import { createDriver } from '../harness/driver.ts';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.ts';
import { freePort, waitFor } from '../support/process.ts';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Runs the production entry point from source (`npm run start:dev`), or compiled (`npm start`), with only the given
 * environment, from an empty folder so a developer's own .env cannot leak in.
 */
function startMain(env: Record<string, string>, entry: 'source' | 'compiled' = 'source'): ChildProcess {
  const args =
    entry === 'source'
      ? ['--import', import.meta.resolve('tsx'), path.join(root, 'src/main.ts')]
      : [path.join(root, 'dist/main.js')];
  return spawn(process.execPath, args, {
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

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

/** Whether something accepts connections on the port. */
const connects = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const closedPorts = new Set<number>();
const probe = async (port: number) => {
  if (!(await connects(port))) closedPorts.add(port);
};

describe('npm run start:dev (src/main.ts)', () => {
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
      fake = await startFakeSlack({
        users: [
          { id: 'UMIA0001', name: 'mia' },
          { id: 'UADA0001', name: 'ada' },
        ],
      });
      port = await freePort();
      dataDir = mkdtempSync(path.join(tmpdir(), 'lifering-main-'));
      child = startMain({
        SLACK_BOT_TOKEN: fake.token,
        SLACK_SIGNING_SECRET: 'main-secret',
        SLACK_API_URL: fake.url,
        PORT: String(port),
        DATA_DIR: dataDir,
        REMINDER_CRON: 'off',
        ADMIN_USER_IDS: 'UADA0001',
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
      const driver = createDriver({
        appUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: 'main-secret',
        fake,
      });
      const started = Date.now();
      const res = await driver.command('UMIA0001', 'help');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ response_type: 'ephemeral' });
    });

    it('on SIGTERM closes its port at once, finishes the DM it owes for an acked request, then exits 0', async () => {
      const driver = createDriver({
        appUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: 'main-secret',
        fake,
      });
      // The request is acked; the DM to the admin that follows is held by Slack.
      const release = fake.hold('chat.postMessage');
      expect((await driver.command('UMIA0001', 'request I would like a mentor')).status).toBe(200);
      const exit = exited(child);
      child.kill('SIGTERM');
      await waitFor(() => out.text().includes('SIGTERM received'), 10_000);
      await waitFor(() => closedPorts.has(port), 10_000, { poll: () => void probe(port) });
      expect(child.exitCode).toBeNull();
      release();
      expect(await exit).toBe(0);
      expect(fake.dmsTo('UADA0001')).toHaveLength(1);
      expect(await connects(port)).toBe(false);
    });
  });
});

describe('npm run build, then node dist/main.js (what npm start and the Docker image run)', () => {
  let fake: FakeSlack;
  let child: ChildProcess;
  let out: { text: () => string };
  let port: number;
  let dataDir: string;
  beforeAll(async () => {
    // The real build script: tsc to dist/, migrations compiled alongside.
    await new Promise<void>((resolve, reject) =>
      execFile('npm', ['run', 'build'], { cwd: root }, (error, _stdout, stderr) =>
        error ? reject(new Error(`npm run build failed: ${stderr}`)) : resolve(),
      ),
    );
    fake = await startFakeSlack({ users: [{ id: 'UMIA0001', name: 'mia' }] });
    port = await freePort();
    dataDir = mkdtempSync(path.join(tmpdir(), 'lifering-dist-'));
    child = startMain(
      {
        SLACK_BOT_TOKEN: fake.token,
        SLACK_SIGNING_SECRET: 'dist-secret',
        SLACK_API_URL: fake.url,
        PORT: String(port),
        DATA_DIR: dataDir,
        REMINDER_CRON: 'off',
      },
      'compiled',
    );
    out = output(child);
    await waitFor(() => out.text().includes('listening') || child.exitCode !== null, 30_000);
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await fake?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts from compiled JavaScript alone (no tsx in the process)', () => {
    expect(out.text()).toContain(`listening on port ${port}`);
    expect(child.spawnargs.join(' ')).not.toContain('tsx');
  });

  it('answers /healthz for a load balancer or a container healthcheck', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: 'reachable' });
  });

  it('answers a signed /mentor help', async () => {
    const driver = createDriver({
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: 'dist-secret',
      fake,
    });
    const res = await driver.command('UMIA0001', 'help');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ response_type: 'ephemeral' });
  });

  it('stops on SIGTERM, and the schema it migrated is the one the source sees as up to date', async () => {
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    // The compiled migrations are recorded under their source names: switching between
    // `npm start` and the tsx entry points (migrate, remind, sandbox) re-runs nothing.
    const db = openDatabase({ dataDir });
    try {
      const names = (await db('knex_migrations').pluck('name')) as string[];
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.endsWith('.ts'))).toBe(true);
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

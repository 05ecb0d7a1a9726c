import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.ts';
import { createDriver } from '../harness/driver.ts';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.ts';
import { freePort, waitFor } from '../support/process.ts';
import { testDatabaseUrl } from '../support/storage.ts';

/*
 * Issue 25's upgrade, as a rolling deploy runs it on PostgreSQL: an instance of the previous
 * release (the last commit before the programmes migration, run from its own source) serves
 * Slack; an instance of this release starts against the same database and migrates it; the old
 * one keeps working against the migrated schema (its writes name no programme), and the new one
 * reads everything, old writes included, as the workspace's default programme.
 */
const PREVIOUS_RELEASE = '49c61c3a280d617fd9af660b1131370676aaf4f2';
const root = path.resolve(import.meta.dirname, '../..');
const hasPrevious = (() => {
  try {
    execFileSync('git', ['cat-file', '-e', `${PREVIOUS_RELEASE}^{commit}`], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const ADMIN = 'UADMIN01';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';
const LEE = 'ULEE0001';
const KIM = 'UKIM0001';
const SECRET = 'rolling-secret';

/** The previous release's source, as git holds it, with this checkout's installed packages. */
function previousRelease(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifering-previous-'));
  const archive = execFileSync(
    'git',
    ['archive', PREVIOUS_RELEASE, 'src', 'migrations', 'package.json', 'tsconfig.json'],
    {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

interface Instance {
  child: ChildProcess;
  port: number;
  output: () => string;
}

async function startInstance(from: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(from, 'src/main.ts')], {
    cwd: mkdtempSync(path.join(tmpdir(), 'lifering-cwd-')),
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  await waitFor(() => text.includes('listening') || child.exitCode !== null, 60_000, { what: `${from} to listen` });
  if (child.exitCode !== null) throw new Error(`the instance from ${from} did not start:\n${text}`);
  return { child, port, output: () => text };
}

describe.skipIf(!testDatabaseUrl || !hasPrevious)('a rolling deploy of the programmes release (postgres)', () => {
  const name = `lifering_rolling_${randomBytes(5).toString('hex')}`;
  const url = new URL(testDatabaseUrl ?? 'postgres://x/x');
  url.pathname = `/${name}`;
  let admin: Knex;
  let db: Knex;
  let fake: FakeSlack;
  let previousDir: string;
  let old: Instance;
  let next: Instance | undefined;
  const env = () => ({
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    DATABASE_URL: url.toString(),
    ADMIN_USER_IDS: ADMIN,
    REMINDER_CRON: 'off',
  });
  const driverFor = (i: Instance) =>
    createDriver({ appUrl: `http://127.0.0.1:${i.port}/slack/events`, signingSecret: SECRET, fake });
  const pairs = () => db('mentorships').orderBy('id').select('supporter_id', 'mentee_id', 'status', 'programme_id');

  beforeAll(async () => {
    admin = knexFactory({ client: 'pg', connection: testDatabaseUrl, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ${name}`);
    db = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 2 } });
    fake = await startFakeSlack({
      users: [ADMIN, SAM, MIA, LEE, KIM].map((id) => ({ id, name: id.slice(1, 4).toLowerCase(), tz: 'Europe/London' })),
    });
    previousDir = previousRelease();
    old = await startInstance(previousDir, env());
  }, 120_000);

  afterAll(async () => {
    for (const i of [old, next]) if (i && i.child.exitCode === null) i.child.kill('SIGKILL');
    await db?.destroy();
    await admin?.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.destroy();
    await fake?.close();
    if (previousDir) rmSync(previousDir, { recursive: true, force: true });
  });

  it('the previous release serves, the new one migrates beside it, and both keep working on the one database', async () => {
    const oldDriver = driverFor(old);
    expect((await oldDriver.command(ADMIN, `assign <@${SAM}> <@${MIA}>`)).status).toBe(200);
    await waitFor(() => fake.dmsTo(SAM).length === 1, 30_000, { what: "Sam's invitation" });
    expect(await db.schema.hasTable('programmes')).toBe(false);

    next = await startInstance(root, env());
    const nextDriver = driverFor(next);
    // The new release migrated: the pair made before it is in the default programme.
    const [defaultProgramme] = await db('programmes').select('id', 'is_default');
    expect(defaultProgramme).toMatchObject({ is_default: true });
    expect((await pairs()).map((p) => p.programme_id)).toEqual([defaultProgramme.id]);

    // The previous release, still running, assigns, and its supporter accepts there.
    expect((await oldDriver.command(ADMIN, `assign <@${LEE}> <@${KIM}>`)).status).toBe(200);
    await waitFor(() => fake.dmsTo(LEE).length === 1, 30_000, { what: "Lee's invitation" });
    const accepted = await oldDriver.blockAction(LEE, { action_id: ACTIONS.acceptAssignment });
    expect(accepted.status).toBe(200);
    await waitFor(async () => (await pairs())[1]?.status === 'active', 30_000, { what: "Lee's acceptance" });
    expect((await pairs())[1]).toMatchObject({ supporter_id: LEE, mentee_id: KIM, programme_id: null });

    // The new release reads the old one's write as the default programme's, and serves the old pair.
    const list = await nextDriver.command(KIM, 'list');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain(`<@${LEE}>`);
    expect((await nextDriver.blockAction(SAM, { action_id: ACTIONS.acceptAssignment })).status).toBe(200);
    await waitFor(async () => (await pairs())[0]?.status === 'active', 30_000, {
      what: "Sam's acceptance on the new release",
    });
    // And the old one still answers after the new one has written.
    const oldList = await oldDriver.command(MIA, 'list');
    expect(oldList.status).toBe(200);
    expect(JSON.stringify(oldList.body)).toContain(`<@${SAM}>`);

    for (const i of [old, next]) expect(i.output()).not.toMatch(/"level":"?(error|50)|\[ERROR\]/);
  }, 120_000);
});

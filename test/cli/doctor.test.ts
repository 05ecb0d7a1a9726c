import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckResult, formatResult } from '../../src/cli/doctor/result.ts';
import { type DoctorOptions, runDoctor } from '../../src/cli/doctor/run.ts';
import { checkClock } from '../../src/cli/doctor/slack.ts';
import type { Feature } from '../../src/features/feature.ts';
import { features } from '../../src/features/index.ts';
import { registrationsOf } from '../../src/mount.ts';
import { openStorage } from '../../src/storage/index.ts';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.ts';
import { startTestApp } from '../support/app.ts';
import { startOAuthTestApp } from '../support/oauth.ts';
import { databaseBefore, openTestStorage, type TestStorage, testEngine } from '../support/storage.ts';

const root = path.resolve(import.meta.dirname, '../..');
/** A signing secret of Slack's shape (32 lowercase hex characters). */
const SECRET = '8f14e45fceea167a5a36dedd4bea2543';
// The newest migration in the folder: a database one short of it is "not migrated".
const LAST_MIGRATION = readdirSync(path.join(root, 'migrations'))
  .filter((f) => /^\d+_.+\.ts$/.test(f))
  .sort()
  .at(-1)!;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const failures = (results: CheckResult[]) => results.filter((r) => !r.ok).map(formatResult);
const warnings = (results: CheckResult[]) => results.filter((r) => r.warning).map(formatResult);

/** `npm run doctor` as a person runs it, in a folder with no .env. */
const runCli = (env: Record<string, string>, cwd: string) =>
  promisify(execFile)(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), path.join(root, 'src/cli/doctor.ts')],
    { cwd, env: { PATH: process.env.PATH ?? '', ...env } },
  ).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );

describe(`npm run doctor, one workspace (${testEngine})`, () => {
  let fake: FakeSlack;
  let db: TestStorage;
  let healthy: DoctorOptions;

  beforeAll(async () => {
    fake = await startFakeSlack();
    db = await openTestStorage();
    healthy = {
      env: { SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url },
      database: db.options,
    };
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  it('passes a healthy set-up, one line per check, and asks Slack only auth.test', async () => {
    fake.clearCalls();
    const results = await runDoctor(healthy);
    expect(failures(results)).toEqual([]);
    expect(warnings(results)).toEqual([]);
    expect(results.map(formatResult)).toEqual([
      '✓ Settings: one workspace (SLACK_BOT_TOKEN), HTTP on port 3000',
      '✓ Signing secret: 32 hex characters, as Slack makes them',
      expect.stringMatching(/^✓ Database: the .+ answers and is up to date$/),
      '✓ Manifest: subscribes to the 5 events the app handles and declares /mentor',
      '✓ Workspace Lifering Test (T0LIFERING): the bot token works',
      '✓ Workspace Lifering Test (T0LIFERING): has every bot scope manifest.yml asks for',
      expect.stringMatching(/^✓ Clock: within [01] s of Slack's$/),
    ]);
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.test']);
  });

  it('finds a missing scope', async () => {
    const token = fake.tokens.get(fake.token)!;
    const granted = token.scopes;
    token.scopes = granted.filter((s) => s !== 'im:write');
    try {
      expect(failures(await runDoctor(healthy))).toEqual([
        expect.stringMatching(
          /^✗ Workspace Lifering Test \(T0LIFERING\): the token lacks the im:write scope manifest.yml asks for → .*reinstall Lifering: your Slack app's OAuth & Permissions page/,
        ),
      ]);
    } finally {
      token.scopes = granted;
    }
  });

  it('finds a signing secret of the wrong shape', async () => {
    const results = await runDoctor({
      ...healthy,
      env: { ...healthy.env, SLACK_SIGNING_SECRET: 'xoxb-pasted-by-mistake' },
    });
    expect(failures(results)).toEqual([
      expect.stringMatching(
        /^✗ Signing secret: SLACK_SIGNING_SECRET is not a Slack signing secret \(it looks like a token, not the signing secret\) → copy the Signing Secret from/,
      ),
    ]);
    const short = await runDoctor({ ...healthy, env: { ...healthy.env, SLACK_SIGNING_SECRET: SECRET.slice(1) } });
    expect(failures(short)).toEqual([expect.stringContaining("it has 31 characters where Slack's has 32")]);
  });

  it('finds a database that is not migrated, and changes nothing in it', async () => {
    const before = await databaseBefore(LAST_MIGRATION);
    try {
      const results = await runDoctor({ ...healthy, database: before.options });
      expect(failures(results)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^✗ Database: the .+ answers but has 1 migration\\(s\\) to run \\(${escaped(LAST_MIGRATION)}\\) → run npm run migrate`,
          ),
        ),
      ]);
      const ran = await before.db('knex_migrations').pluck('name');
      expect(ran).not.toContain(LAST_MIGRATION);
    } finally {
      await before.drop();
    }
  });

  it('finds no SQLite file where DATA_DIR says, and does not create one', async () => {
    const nowhere = path.join(tmpdir(), `lifering-doctor-none-${process.pid}`);
    expect(failures(await runDoctor({ ...healthy, database: { dataDir: nowhere } }))).toEqual([
      expect.stringMatching(/^✗ Database: there is no SQLite file .+ → run npm run migrate to create it/),
    ]);
    expect(existsSync(nowhere)).toBe(false);
  });

  it('finds an event the code handles that the manifest does not subscribe to, and the reverse', async () => {
    const reactions: Feature = {
      name: 'reactions',
      listeners: [{ kind: 'event', id: 'reaction_added', performs: 'home.view', handle: async () => undefined }],
    };
    expect(failures(await runDoctor({ ...healthy, features: [...features, reactions] }))).toEqual([
      expect.stringMatching(
        /^✗ Manifest: the app handles the reaction_added event but manifest.yml does not subscribe to it → add what is missing to manifest.yml/,
      ),
    ]);
    const withoutHome = features.filter((f) => f.name !== 'home');
    expect(failures(await runDoctor({ ...healthy, features: withoutHome }))).toEqual([
      expect.stringContaining('manifest.yml subscribes to the app_home_opened event, which nothing handles'),
    ]);
  });

  it('finds a revoked token, and says to reinstall', async () => {
    fake.revokeTokensOf(fake.teamId);
    try {
      const results = await runDoctor(healthy);
      expect(failures(results)).toEqual([
        "✗ SLACK_BOT_TOKEN: Slack refuses the bot token (token_revoked) → reinstall Lifering: your Slack app's OAuth & Permissions page at https://api.slack.com/apps (Reinstall to Workspace), then put its Bot User OAuth Token in SLACK_BOT_TOKEN",
      ]);
    } finally {
      fake.tokens.get(fake.token)!.revoked = false;
    }
  });

  it('reports settings the app would refuse, and checks no token until they are fixed', async () => {
    const results = await runDoctor({ ...healthy, env: { SLACK_SIGNING_SECRET: SECRET } });
    expect(failures(results)).toEqual([
      expect.stringMatching(/^✗ Settings: SLACK_BOT_TOKEN is missing: set it to the bot token/),
      '✗ Slack: tokens, scopes and clock not checked → fix the settings first (above)',
    ]);
  });

  it('warns of a clock a minute off, and fails one more than 5 minutes ahead of Slack', () => {
    const slackTime = new Date('2026-11-23T10:00:00Z');
    const at = (s: number) => [{ who: 'w', slackTime, localTime: new Date(slackTime.getTime() + s * 1000) }];
    expect(checkClock(at(30))).toMatchObject({ ok: true, line: "Clock: within 30 s of Slack's" });
    expect(checkClock(at(-90))).toMatchObject({
      ok: true,
      warning: true,
      line: expect.stringContaining('90 s behind'),
    });
    expect(checkClock(at(301))).toMatchObject({ ok: false, line: expect.stringContaining('301 s ahead of') });
  });
});

describe('npm run doctor, the command', () => {
  let dir: string;
  let fake: FakeSlack;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lifering-doctor-'));
    fake = await startFakeSlack();
    // A migrated SQLite file where DATA_DIR says, as `npm run migrate` leaves it.
    await (await openStorage({ dataDir: dir })).close();
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 when all is well and 1 with the line to fix when not', async () => {
    const env = { SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, DATA_DIR: dir };
    const ok = await runCli(env, dir);
    expect(ok.stdout).toMatch(/Everything checked is in order\.\n$/);
    expect(ok.code).toBe(0);
    const bad = await runCli({ ...env, SLACK_SIGNING_SECRET: 'not-a-secret' }, dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^✗ Signing secret: .+ → copy the Signing Secret/m);
    expect(bad.stdout).toMatch(/1 thing\(s\) to fix\.\n$/);
  }, 60_000);
});

describe(`npm run doctor, OAuth (${testEngine})`, () => {
  it("checks every installed workspace's token", async () => {
    const A = 'TAAAA0001';
    const B = 'TBBBB0002';
    const t = await startOAuthTestApp({ workspaces: [A, B] });
    try {
      expect((await t.install(A)).status).toBe(200);
      expect((await t.install(B)).status).toBe(200);
      // Slack revoked B's token, and no tokens_revoked event reached Lifering.
      t.fake.revokeTokensOf(B);
      const env = {
        SLACK_CLIENT_ID: t.config.slack.oauth!.clientId,
        SLACK_CLIENT_SECRET: t.config.slack.oauth!.clientSecret,
        LIFERING_ENCRYPTION_KEY: t.config.slack.oauth!.encryptionKeys[0]!.toString('hex'),
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: t.fake.url,
        // Where the app's public address is; the doctor sends people to its install page there.
        SLACK_REDIRECT_URI: 'https://lifering.example.com/slack/oauth_redirect',
      };
      const results = (await runDoctor({ env, database: t.database })).map(formatResult);
      expect(results.filter((l) => /Workspace|^✗/.test(l))).toEqual([
        `✓ Workspace Lifering Test (${A}): the bot token works`,
        `✓ Workspace Lifering Test (${A}): has every bot scope manifest.yml asks for`,
        `✗ Workspace ${B}: Slack refuses the bot token (token_revoked) → reinstall Lifering: https://lifering.example.com/slack/install`,
      ]);
    } finally {
      await t.stopAll();
    }
  }, 30_000);

  it('counts the same registrations the running app does', async () => {
    const t = await startTestApp();
    try {
      expect(registrationsOf(features)).toEqual(t.lifering.registrations);
    } finally {
      await t.stop();
    }
  });
});

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const run = (script: string, args: string[], env: Record<string, string>, cwd: string) =>
  promisify(execFile)(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), path.join(root, 'src/cli', script), ...args],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    },
  ).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('the command line tools', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lifering-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['remind.ts', 'migrate.ts', 'sandbox.ts'])(
    '%s --help prints its usage and does nothing else',
    async (script) => {
      const r = await run(script, ['--help'], { DATA_DIR: path.join(dir, `help-${script}`) }, dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: npm run /);
      expect(existsSync(path.join(dir, `help-${script}`))).toBe(false);
    },
    30_000,
  );

  it('the app itself: --help prints its usage and starts nothing; a bad DATABASE_URL gets one clear line', async () => {
    const app = (args: string[], env: Record<string, string>) => run('../main.ts', args, env, dir);
    const help = await app(['--help'], { DATA_DIR: path.join(dir, 'help-main') });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm start/);
    expect(existsSync(path.join(dir, 'help-main'))).toBe(false);
    const bad = await app([], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/lifering',
      SLACK_BOT_TOKEN: 'xoxb-0-0-x',
      SLACK_SIGNING_SECRET: 's',
      REMINDER_CRON: 'off',
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([
      'Lifering cannot start. Cannot open the PostgreSQL database lifering on 127.0.0.1:1 as nobody: connect ECONNREFUSED 127.0.0.1:1 (check DATABASE_URL).',
    ]);
  }, 30_000);

  it('a bad DATABASE_URL gets one clear line, no stack trace', async () => {
    const r = await run('migrate.ts', [], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/lifering' }, dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'Cannot open the PostgreSQL database lifering on 127.0.0.1:1 as nobody: connect ECONNREFUSED 127.0.0.1:1 (check DATABASE_URL).',
    ]);
  }, 30_000);

  it('says which database it used; remind --dry-run needs no signing secret', async () => {
    const data = path.join(dir, 'data');
    const migrated = await run('migrate.ts', [], { DATA_DIR: data }, dir);
    expect(migrated.stdout).toContain(`Using the SQLite file ${path.join(data, 'lifering.db')}.`);
    const dry = await run(
      'remind.ts',
      ['--dry-run'],
      { DATA_DIR: data, SLACK_BOT_TOKEN: 'xoxb-0-0-dry', REMINDER_CRON: 'off' },
      dir,
    );
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Using the SQLite file ${path.join(data, 'lifering.db')}.`);
    expect(dry.stdout).toContain('Nothing was sent.');
    expect(readdirSync(data)).toContain('lifering.db');
  }, 30_000);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/db.ts';
import { openStorage, type Storage } from '../../src/storage/index.ts';

const root = path.resolve(import.meta.dirname, '../..');
const TEAM = 'TBACKUP01';
const NOW = new Date('2026-11-23T10:00:00.000Z');

/** `npm run backup` / `npm run restore` as a person runs them: a separate process, from source. */
function cli(script: 'backup.ts' | 'restore.ts', args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), path.join(root, 'src/cli', script), ...args],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child: child as ChildProcess, done, stdout: () => stdout };
}

/** Mentorships written one after another until stopped; `committed` holds each one once its write has returned. */
function keepWriting(storage: Storage) {
  const committed: number[] = [];
  let stop = false;
  const loop = (async () => {
    for (let i = 0; !stop; i++) {
      const m = await storage.mentorships.create(
        {
          teamId: TEAM,
          supporterId: 'USUP0001',
          menteeId: `UMEN${String(i).padStart(6, '0')}`,
          topicId: null,
          supporterKind: 'mentor',
          assignedBy: 'UADM0001',
          notify: false,
        },
        NOW,
      );
      committed.push(m.id);
      // better-sqlite3 answers synchronously: without a turn of the event loop between writes,
      // this loop would starve everything else in the process, as no request-driven app would.
      await new Promise((r) => setImmediate(r));
    }
  })();
  return {
    committed,
    async stop() {
      stop = true;
      await loop;
    },
  };
}

const mentorshipIds = (dataDir: string) => {
  const db = new Database(path.join(dataDir, 'lifering.db'), { readonly: true });
  try {
    return new Set((db.prepare('SELECT id FROM mentorships').all() as { id: number }[]).map((r) => r.id));
  } finally {
    db.close();
  }
};

describe('npm run backup and npm run restore (SQLite)', () => {
  let dir: string;
  let liveDir: string;
  let storage: Storage | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lifering-backup-'));
    liveDir = path.join(dir, 'live');
    storage = await openStorage({ dataDir: liveDir });
    // About 40 MB, so the copy takes many steps and the writes land between them.
    await storage.db.raw('CREATE TABLE test_ballast (b BLOB)');
    await storage.db.raw(
      'INSERT INTO test_ballast WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) SELECT randomblob(4000) FROM n',
    );
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the database while the app writes; a restore holds every row committed before the backup began', async () => {
    const writer = keepWriting(storage!);
    // Some writes before the backup starts, so there is something to find.
    while (writer.committed.length < 50) await new Promise((r) => setImmediate(r));
    const before = [...writer.committed];
    const file = path.join(dir, 'during-writes.db');
    const backup = cli('backup.ts', [file], { DATA_DIR: liveDir });
    let duringCopy = 0;
    // Counted from the moment the tool says it is copying until it has finished.
    const copying = (async () => {
      while (!backup.stdout().includes('Backing up')) await new Promise((r) => setTimeout(r, 5));
      const at = writer.committed.length;
      await backup.done;
      duringCopy = writer.committed.length - at;
    })();
    const result = await backup.done;
    await copying;
    await writer.stop();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/100% \(\d+ of \d+ pages\)/);
    expect(duringCopy).toBeGreaterThan(0);

    const restoredDir = path.join(dir, 'restored');
    const restore = await cli('restore.ts', [file], { DATA_DIR: restoredDir }).done;
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const found = mentorshipIds(restoredDir);
    expect(before.filter((id) => !found.has(id))).toEqual([]);
    // The restored file passes SQLite's own check, and the app opens it as it is.
    const db = new Database(path.join(restoredDir, 'lifering.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const reopened = openDatabase({ dataDir: restoredDir });
    expect(await reopened('mentorships').where({ team_id: TEAM }).count({ n: '*' })).toEqual([{ n: found.size }]);
    await reopened.destroy();
  }, 120_000);

  it('refuses a corrupted backup and leaves the current database as it was', async () => {
    const good = path.join(dir, 'to-corrupt.db');
    expect((await cli('backup.ts', [good], { DATA_DIR: liveDir }).done).code).toBe(0);
    const fd = openSync(good, 'r+');
    writeSync(fd, Buffer.alloc(3 * 4096, 0xa5), 0, 3 * 4096, 2 * 4096);
    const targetDir = path.join(dir, 'corrupt-target');
    // A database already in place, which a refused restore must not touch.
    await (await openStorage({ dataDir: targetDir })).close();
    const before = readdirSync(targetDir).sort();
    const r = await cli('restore.ts', [good], { DATA_DIR: targetDir }).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot be restored');
    expect(r.stderr).toContain('The current database is untouched.');
    expect(readdirSync(targetDir).sort()).toEqual(before);
  }, 60_000);

  it('refuses a SQLite file that is not a Lifering database', async () => {
    const other = path.join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (text TEXT)');
    db.close();
    const r = await cli('restore.ts', [other], { DATA_DIR: path.join(dir, 'other-target') }).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('it is not a Lifering database');
  }, 30_000);

  it('refuses while the app has the database open; once it is stopped, keeps the old file aside and leaves no stale WAL', async () => {
    const file = path.join(dir, 'for-live.db');
    expect((await cli('backup.ts', [file], { DATA_DIR: liveDir }).done).code).toBe(0);
    const refused = await cli('restore.ts', [file], { DATA_DIR: liveDir }).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is in use: stop Lifering');

    await storage!.close();
    storage = undefined;
    const r = await cli('restore.ts', [file], { DATA_DIR: liveDir }).done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = readdirSync(liveDir);
    const kept = names.filter((n) => n.startsWith('lifering.db.before-restore-'));
    expect(kept).toHaveLength(1);
    expect(names.filter((n) => n.endsWith('-wal') || n.endsWith('-shm'))).toEqual([]);
    expect(r.stdout).toContain(kept[0]);
    // The file kept aside is a whole database on its own: its WAL was folded in before it moved.
    const aside = new Database(path.join(liveDir, kept[0]!), { readonly: true });
    expect(aside.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((aside.prepare('SELECT count(*) AS n FROM mentorships').get() as { n: number }).n).toBeGreaterThan(0);
    aside.close();
  }, 60_000);

  it('sends PostgreSQL users to pg_dump and pg_restore', async () => {
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/lifering', DATA_DIR: path.join(dir, 'pg') };
    const b = await cli('backup.ts', [path.join(dir, 'pg.db')], env).done;
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('pg_dump');
    const r = await cli('restore.ts', [path.join(dir, 'pg.db')], env).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pg_restore');
    expect(existsSync(path.join(dir, 'pg'))).toBe(false);
  }, 30_000);
});

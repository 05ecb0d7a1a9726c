import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox, whyNothing } from '../../src/sandbox/server.ts';

describe('sandbox --fresh and a sweep that sends nothing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifering-sandbox-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses --fresh while another sandbox (a live process) uses the same data folder, and wipes nothing', async () => {
    writeFileSync(path.join(dir, 'sandbox.db'), 'precious');
    writeFileSync(path.join(dir, 'sandbox.pid'), String(process.ppid));
    await expect(startSandbox({ port: 0, dataDir: dir, fresh: true, env: { LOG_LEVEL: 'error' } })).rejects.toThrow(
      `Another sandbox (process ${process.ppid}) is using ${dir}, so --fresh would wipe its data.`,
    );
    expect(readFileSync(path.join(dir, 'sandbox.db'), 'utf8')).toBe('precious');
  });

  it('starts fresh over a stale lock left by a sandbox that is gone, and removes its own lock on stop', async () => {
    writeFileSync(path.join(dir, 'sandbox.pid'), '2147483646');
    const sandbox = await startSandbox({ port: 0, dataDir: dir, fresh: true, env: { LOG_LEVEL: 'error' } });
    expect(readFileSync(path.join(dir, 'sandbox.pid'), 'utf8')).toBe(String(process.pid));
    await sandbox.stop();
    expect(() => readFileSync(path.join(dir, 'sandbox.pid'))).toThrow();
  });

  it.each([
    ['2027-02-01T09:00:00Z', 0, 'Nothing is due'],
    ['2027-02-06T09:00:00Z', 3, 'It is the weekend'],
    ['2027-02-01T03:00:00Z', 3, "09:00–17:00 on each supporter's own clock"],
  ])('says why nothing went out at %s with %i due', (at, scanned, words) => {
    expect(whyNothing(new Date(at), scanned, 3)).toContain(words);
  });

  it('"Back to now" stamps new messages with now, though message ts only ever moves forward', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'lifering-sandbox-clock-'));
    const sandbox = await startSandbox({ port: 0, dataDir: other, fresh: true, env: { LOG_LEVEL: 'error' } });
    try {
      const post = async (p: string, body: unknown) =>
        (await fetch(`${sandbox.url}${p}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<{
          state: { messages: { ts: string; postedAt: number }[] };
        }>;
      const later = Date.now() + 365 * 86_400_000;
      await post('/api/clock', { at: new Date(later).toISOString() });
      const first = (await post('/api/command', { user: 'U0MEI', text: '/mentor help' })).state.messages.at(-1)!;
      await post('/api/clock', { at: null });
      const second = (await post('/api/command', { user: 'U0MEI', text: '/mentor help' })).state.messages.at(-1)!;
      expect(Math.abs(first.postedAt - later)).toBeLessThan(60_000);
      expect(Math.abs(second.postedAt - Date.now())).toBeLessThan(60_000);
      expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    } finally {
      await sandbox.stop();
      rmSync(other, { recursive: true, force: true });
    }
  });
});

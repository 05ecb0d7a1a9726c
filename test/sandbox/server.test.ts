// The sandbox server's API without a browser: the reminder sweep hook and bad input.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.ts';

const post = async (sandbox: Sandbox, route: string, body: unknown) => {
  const res = await fetch(`${sandbox.url}${route}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the sandbox server', () => {
  let sandbox: Sandbox;
  let dataDir: string;
  const sweeps: string[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'lifering-sandbox-'));
    sandbox = await startSandbox({ port: 0, dataDir, fresh: true, env: { LOG_LEVEL: 'error' } });
  });
  afterAll(async () => {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds an admin, a programme manager, supporters and mentees in several time zones, the topics and two programmes', async () => {
    const { body } = await post(sandbox, '/api/state', {});
    const people = (body.state as { people: { role: string; tz: string }[] }).people;
    expect(new Set(people.map((p) => p.role))).toEqual(new Set(['admin', 'manager', 'supporter', 'mentee']));
    const teamId = sandbox.fake.teamId;
    const programmes = await sandbox.storage.programmes.list(teamId);
    expect(programmes.map((p) => p.name).sort()).toEqual(['Graduate mentoring', 'Leadership coaching']);
    const managers = await Promise.all(programmes.map((p) => sandbox.storage.programmes.managers(teamId, p.id)));
    expect(new Set(managers.flat()).size).toBe(2);
    const graduates = programmes.find((p) => p.name === 'Graduate mentoring')!;
    expect((await sandbox.storage.programmes.agreement(teamId, graduates.id))?.version).toBe(1);
    expect(new Set(people.map((p) => p.tz)).size).toBeGreaterThan(4);
    expect(sandbox.lifering.deps.config.adminUserIds).toEqual(['U0ALEX']);
    expect((await sandbox.storage.topics.list(sandbox.fake.teamId)).length).toBeGreaterThanOrEqual(3);
  });

  it('opens the Home tab in the same request as the state when the page asks, for the first person when none is remembered', async () => {
    const plain = await post(sandbox, '/api/state', { user: 'U0NOOR' });
    expect((plain.body.state as { home: unknown }).home).toBeNull();
    const opened = await post(sandbox, '/api/state', { user: 'U0NOOR', openHome: true });
    expect(opened.body.notices).toEqual([]);
    expect(JSON.stringify((opened.body.state as { home: unknown }).home)).toContain('Welcome to Lifering');
    const fresh = await post(sandbox, '/api/state', { user: null, openHome: true });
    expect((fresh.body.state as { user: string; home: unknown }).user).toBe('U0ALEX');
    expect((fresh.body.state as { home: unknown }).home).not.toBeNull();
  });

  it('turns a typed @handle into a mention, as Slack does for /mentor, so the direct commands work', async () => {
    const { body } = await post(sandbox, '/api/command', {
      user: 'U0ALEX',
      text: '/mentor assign @priya @Luca silently',
    });
    expect(body.notices).toEqual([]);
    const reply = (body.state as { messages: { text: string }[] }).messages.at(-1)?.text;
    expect(reply).toContain('<@U0PRIYA> now supports <@U0LUCA>');
    const unknown = await post(sandbox, '/api/command', { user: 'U0ALEX', text: '/mentor assign @nobody @luca' });
    expect((unknown.body.state as { messages: { text: string }[] }).messages.at(-1)?.text).toContain(
      "I couldn't find a user in `@nobody`",
    );
  });

  it('seeds supporter profiles, so the first request shows the admin suggested supporters with one-click Assign', async () => {
    const { body } = await post(sandbox, '/api/command', { user: 'U0NOOR', text: '/mentor request Public speaking' });
    expect(body.notices).toEqual([]);
    const dm = sandbox.fake.dmsTo('U0ALEX').at(-1)!;
    const suggested = (dm.args.blocks as { text?: { text: string }; accessory?: { action_id: string } }[])
      .filter((b) => b.accessory?.action_id === 'mentorship.assign.suggested')
      .map((b) => b.text!.text);
    // Priya teaches it (4 of 4), Sam is confident (3 of 4), Jude does not offer it.
    expect(suggested.map((line) => /<@(\w+)>/.exec(line)?.[1])).toEqual(['U0PRIYA', 'U0SAM', 'U0JUDE']);
    expect(suggested[0]).toContain('teaches Public speaking');
    expect(suggested[0]).toContain('13.5 h apart');
  });

  it('runs the real reminder sweep as of the chosen time, and any sweep the test swaps in', async () => {
    const real = await post(sandbox, '/api/sweep', { user: 'U0ALEX', at: '2027-02-01T09:00:00Z' });
    expect(real.status).toBe(200);
    expect(real.body.summary).toMatch(
      /^Reminder sweep as of 2027-02-01 09:00 UTC: \d+ mentorships? checked, \d+ reminders? sent\.( Nothing .*)?$/,
    );

    const original = sandbox.runSweep;
    sandbox.runSweep = async (now) => {
      sweeps.push(now.toISOString().slice(0, 16));
      return 'Sent 0 reminders.';
    };
    const ran = await post(sandbox, '/api/sweep', { user: 'U0ALEX', at: '2027-02-01T09:00:00Z' });
    expect(ran.status).toBe(200);
    expect(ran.body.summary).toBe('Sent 0 reminders.');
    expect(sweeps).toEqual(['2027-02-01T09:00']);
    expect(sandbox.lifering.deps.now().toISOString().slice(0, 16)).toBe('2027-02-01T09:00');
    expect(ran.body.state).toMatchObject({ clockMoved: true });
    sandbox.runSweep = original;
    sandbox.setClock(undefined);
  });

  it('answers bad input with a message, never a crash', async () => {
    expect((await post(sandbox, '/api/command', { user: 'U0NOBODY', text: '/mentor help' })).body.error).toContain(
      'no U0NOBODY',
    );
    expect((await post(sandbox, '/api/clock', { at: 'someday' })).body.error).toBe('That is not a date and time.');
    expect(
      (
        await post(sandbox, '/api/action', {
          user: 'U0MEI',
          container: { type: 'message', channel: 'D0MEI', ts: '1.2' },
          action: { action_id: 'x' },
        })
      ).status,
    ).toBe(409);
    expect((await post(sandbox, '/api/close', { user: 'U0MEI', viewId: 'V1' })).body.error).toContain('no longer open');
    expect((await fetch(`${sandbox.url}/files/F404`)).status).toBe(404);
    const res = await fetch(`${sandbox.url}/nowhere`);
    expect(res.status).toBe(404);
    expect((await post(sandbox, '/api/command', { user: 'U0MEI', text: '/mentor help' })).status).toBe(200);
  });
});

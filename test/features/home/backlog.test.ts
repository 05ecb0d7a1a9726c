import { describe, expect, it } from 'vitest';
import { Backlog } from '../../../src/features/home/backlog.ts';

/** A piece of work that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('Backlog (work after changes, a few at a time)', () => {
  it('runs no more than its concurrency at once, in the order added', async () => {
    const backlog = new Backlog(2);
    const started: string[] = [];
    const gates = new Map(['a', 'b', 'c'].map((k) => [k, gate()]));
    const all = ['a', 'b', 'c'].map((k) =>
      backlog.add(k, async () => {
        started.push(k);
        await gates.get(k)!.opened;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    expect(backlog.size).toBe(1);
    gates.get('a')!.open();
    await all[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b', 'c']);
    gates.get('b')!.open();
    gates.get('c')!.open();
    await Promise.all(all);
  });

  it('queues a waiting key once, and again once it has started', async () => {
    const backlog = new Backlog(1);
    const blocker = gate();
    const runs: string[] = [];
    const first = backlog.add('busy', () => blocker.opened);
    const x1 = backlog.add('x', async () => void runs.push('x1'));
    const x2 = backlog.add('x', async () => void runs.push('x2'));
    expect(x2).toBe(x1);
    blocker.open();
    await Promise.all([first, x1]);
    expect(runs).toEqual(['x1']);
    await backlog.add('x', async () => void runs.push('x3'));
    expect(runs).toEqual(['x1', 'x3']);
  });

  it('goes on after a failure, which reaches only the caller of that work', async () => {
    const backlog = new Backlog(1);
    const failed = backlog.add('bad', async () => {
      throw new Error('publish failed');
    });
    const after = backlog.add('good', async () => undefined);
    await expect(failed).rejects.toThrow('publish failed');
    await expect(after).resolves.toBeUndefined();
    expect(backlog.size).toBe(0);
  });
});

// What a test makes go wrong: a method that fails or is rate limited for its next calls, and a
// call held back as a slow Slack would hold it.

import type { FakeState } from './state.ts';
import type { Fault, Reply } from './types.ts';

export function addFault(s: FakeState, method: string, fault: Fault): void {
  const rateLimited = fault.retryAfter !== undefined || fault.status === 429;
  const full: Required<Fault> = {
    status: rateLimited ? 429 : (fault.status ?? 200),
    error: fault.error ?? (fault.status ? 'internal_error' : 'fatal_error'),
    retryAfter: fault.retryAfter ?? 1,
    times: fault.times ?? 1,
  };
  s.faults.set(method, [...(s.faults.get(method) ?? []), full]);
}

/** The answer of the next fault set for `method`, if any (and counts it used). */
export function takeFault(s: FakeState, method: string): Reply | undefined {
  const queue = s.faults.get(method);
  const fault = queue?.[0];
  if (!queue || !fault) return undefined;
  if (--fault.times <= 0) queue.shift();
  if (fault.status === 429) {
    return {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'Retry-After': String(fault.retryAfter) },
    };
  }
  return { status: fault.status, body: { ok: false, error: fault.error } };
}

/** Holds the next call to `method` until the returned function is called. */
export function holdNext(s: FakeState, method: string): () => void {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  s.holds.set(method, { gate, release });
  return release;
}

/** Resolves when a request may be answered: at once, unless a test holds its method. */
export function gateFor(s: FakeState, url: string): Promise<void> {
  const method = /^\/api\/([\w.]+)/.exec(url)?.[1] ?? (url.startsWith('/respond/') ? 'response_url' : undefined);
  const hold = method ? s.holds.get(method) : undefined;
  if (!method || !hold) return Promise.resolve();
  s.holds.delete(method);
  return hold.gate;
}

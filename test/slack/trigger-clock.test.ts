import { describe, expect, it } from 'vitest';
import { TRIGGER_LIFETIME_MS, TriggerClock } from '../../src/slack/client.ts';

describe('the trigger clock', () => {
  it('gives a trigger 3 s from its arrival, or from its first use when its arrival was not seen', () => {
    let now = 1_000_000;
    const triggers = new TriggerClock(() => now);
    triggers.received('t1');
    now += 2_000;
    expect(triggers.expiresAt('t1')).toBe(1_000_000 + TRIGGER_LIFETIME_MS);
    // A redelivery does not restart it.
    triggers.received('t1');
    expect(triggers.expiresAt('t1')).toBe(1_000_000 + TRIGGER_LIFETIME_MS);
    expect(triggers.expiresAt('unseen')).toBe(now + TRIGGER_LIFETIME_MS);
  });

  it('forgets arrivals a minute old as new ones come in', () => {
    let now = 0;
    const triggers = new TriggerClock(() => now);
    triggers.received('old');
    now = 61_000;
    triggers.received('new');
    // Forgotten, so counted from now: long after any retry of a call that used it.
    expect(triggers.expiresAt('old')).toBe(now + TRIGGER_LIFETIME_MS);
    expect(triggers.expiresAt('new')).toBe(now + TRIGGER_LIFETIME_MS);
  });
});

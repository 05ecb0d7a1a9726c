import { describe, expect, it } from 'vitest';
import { sweepPhases } from '../../src/features/index.ts';
import { SWEEP_ORDER } from '../../src/sweep/order.ts';
import type { SweepPhase } from '../../src/sweep/phase.ts';
import { inSweepOrder } from '../../src/sweep/run.ts';

const phase = (name: SweepPhase['name']): SweepPhase => ({ name, run: async () => undefined });

describe('the sweep as phases', () => {
  it('gets every phase of its order from the features, once each', () => {
    expect(inSweepOrder(sweepPhases).map((p) => p.name)).toEqual([...SWEEP_ORDER]);
  });

  it('sends "you meet today" before the reminders and check-in questions that share its nudge', () => {
    const at = (name: SweepPhase['name']) => SWEEP_ORDER.indexOf(name);
    expect(at('meeting-days')).toBeLessThan(at('silent-partners'));
    expect(at('silent-partners')).toBeLessThan(at('pending-reminders'));
    expect(at('pending-reminders')).toBeLessThan(at('checkin-questions'));
  });

  it('refuses a phase missing or supplied twice', () => {
    const all = SWEEP_ORDER.map(phase);
    expect(() => inSweepOrder(all.slice(1))).toThrow(/owed-reminders supplied 0 times/);
    expect(() => inSweepOrder([...all, phase('meeting-days')])).toThrow(/meeting-days supplied 2 times/);
    expect(inSweepOrder([...all].reverse()).map((p) => p.name)).toEqual([...SWEEP_ORDER]);
  });

  it('runs in a dry run only the phases that plan', () => {
    expect(sweepPhases.filter((p) => p.plans).map((p) => p.name)).toEqual([
      'owed-reminders',
      'admin-digests',
      'pending-reminders',
    ]);
  });
});

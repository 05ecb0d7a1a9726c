import { sweepPhases } from '../../src/features/index.ts';
import type { SweepOptions, SweepResult } from '../../src/sweep/phase.ts';
import { runSweep } from '../../src/sweep/run.ts';

/** One sweep over every feature's phases, as the app's schedule and `npm run remind` run it. */
export const runReminderSweep = (o: SweepOptions): Promise<SweepResult> => runSweep(sweepPhases, o);

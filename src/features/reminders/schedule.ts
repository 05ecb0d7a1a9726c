import cron from 'node-cron';
import type { Deps } from '../../deps.ts';
import { runSweep } from '../../sweep/run.ts';
import { sweepPhases } from '../index.ts';

/** The in-app trigger: runs the sweep on REMINDER_CRON (off when unset). Overlapping runs are skipped. */
export function startReminderSchedule(deps: Deps): { stop(): Promise<void> } {
  const expression = deps.config.reminderCron;
  if (!expression) return { stop: async () => undefined };
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    expression,
    async () => {
      // The run logs what it did itself (src/sweep/run.ts), with its run id.
      const run = runSweep(sweepPhases, {
        now: deps.now(),
        storage: deps.storage,
        clientFor: deps.clientFor,
        config: deps.config,
        logger: deps.logger,
        ...(deps.metrics ? { metrics: deps.metrics.sweep } : {}),
      }).catch((error: unknown) => deps.logger.error('reminder sweep failed', error));
      running = run;
      await run;
    },
    { name: 'reminder-sweep', noOverlap: true },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}

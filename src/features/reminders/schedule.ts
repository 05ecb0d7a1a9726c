import cron from 'node-cron';
import type { Deps } from '../../deps.ts';
import { defaultHolder, SWEEP_LEASE } from '../../sweep/lease.ts';
import { runSweep } from '../../sweep/run.ts';
import { sweepPhases } from '../index.ts';

/** The in-app trigger: runs the sweep on REMINDER_CRON (off when unset). Overlapping runs are skipped. */
export function startReminderSchedule(deps: Deps): { stop(): Promise<void>; abandon(): Promise<void> } {
  const expression = deps.config.reminderCron;
  if (!expression) return { stop: async () => undefined, abandon: async () => undefined };
  let running: Promise<unknown> = Promise.resolve();
  const stopping = new AbortController();
  // One holder for this instance's runs, so a run cut short at exit can have its lease released.
  const holder = defaultHolder();
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
        signal: stopping.signal,
        holder,
        ...(deps.metrics ? { metrics: deps.metrics.sweep } : {}),
      }).catch((error: unknown) => deps.logger.error('reminder sweep failed', error));
      running = run;
      await run;
    },
    { name: 'reminder-sweep', noOverlap: true },
  );
  return {
    /** No new run starts, and a run under way ends at its next safe point, releasing the lease. */
    async stop() {
      stopping.abort();
      await task.stop();
      await task.destroy();
      await running;
    },
    /**
     * The shutdown bound passed with a run still inside a Slack call: the process exits next, so
     * the lease goes now rather than when it expires. Rows that run claimed count as sent, so the
     * next instance to sweep sends nothing twice.
     */
    abandon: () => deps.storage.leases.release(SWEEP_LEASE, holder),
  };
}

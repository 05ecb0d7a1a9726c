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
      const run = runSweep(sweepPhases, {
        now: deps.now(),
        storage: deps.storage,
        clientFor: deps.clientFor,
        config: deps.config,
        logger: deps.logger,
      })
        .then((r) => {
          if (r.ran && (r.sent || r.retryLater || r.unreachable)) {
            deps.logger.info(
              `reminder sweep: ${r.scanned} checked, ${r.sent} sent, ${r.retryLater} to retry, ${r.unreachable} unreachable (${r.ms} ms)`,
            );
          }
        })
        .catch((error: unknown) => deps.logger.error('reminder sweep failed', error));
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

import { AppState } from '../deps.ts';
import { inSweepRun } from '../observability/context.ts';
import { fields } from '../observability/fields.ts';
import { createPeopleService } from '../people/service.ts';
import { defaultHolder, NO_LEASE, takeLease } from './lease.ts';
import { SWEEP_ORDER } from './order.ts';
import type { SweepCounts, SweepDeps, SweepOptions, SweepPhase, SweepResult, SweepRun } from './phase.ts';
import { servedWorkspaces } from './served.ts';

/**
 * One pass of the worker (DESIGN.md "Feedback rule"): the features' phases in SWEEP_ORDER. A
 * plain function of its inputs: `now` is the only clock. Several instances may call it at once: a
 * lease lets one of them work, and each phase claims its rows by conditional updates. A dry run
 * takes no lease and runs only the phases that plan. Every line it logs carries its run id, and
 * its last one what it did; the app's metrics (`o.metrics`) hear how each real run ended.
 */
export function runSweep(phases: readonly SweepPhase[], o: SweepOptions): Promise<SweepResult> {
  return inSweepRun(async () => {
    const metrics = o.dryRun ? undefined : o.metrics;
    const started = Date.now();
    const r = await sweepOnce(phases, o).catch((error: unknown) => {
      metrics?.failed(Date.now() - started);
      throw error;
    });
    metrics?.finished(r);
    const { ran, scanned, recorded, sent, retryLater, unreachable, heldBack, ms } = r;
    const counts = fields({ ran, scanned, recorded, sent, retryLater, unreachable, heldBack, ms });
    // A dry run's caller prints what it found (npm run remind -- --dry-run).
    if (o.dryRun) o.logger.debug('reminder sweep finished', counts);
    else o.logger.info('reminder sweep finished', counts);
    return r;
  });
}

async function sweepOnce(phases: readonly SweepPhase[], o: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const ordered = inSweepOrder(phases);
  const dryRun = o.dryRun ?? false;
  const counts: SweepCounts = {
    scanned: 0,
    recorded: 0,
    sent: 0,
    retryLater: 0,
    unreachable: 0,
    heldBack: 0,
    planned: [],
  };
  const result = (ran: boolean): SweepResult => ({ ran, ...counts, ms: Date.now() - started });
  const lease = dryRun
    ? NO_LEASE
    : await takeLease(o.storage, o.logger, o.holder ?? defaultHolder(), o.clock ?? (() => new Date()));
  if (!lease) {
    o.logger.info('reminder sweep skipped: another instance is running it');
    return result(false);
  }
  if (lease !== NO_LEASE) o.metrics?.leaseTaken();
  const deps = sweepDeps(o);
  const run: SweepRun = {
    now: o.now,
    dryRun,
    batchSize: o.batchSize ?? 1000,
    counts,
    served: servedWorkspaces(o, dryRun),
    skipTeam: (teamId, error) =>
      o.logger.warn(`reminder sweep: skipped workspace ${teamId} this run`, fields({ team: teamId }), error),
    renew: async () => {
      if (o.signal?.aborted) throw new SweepStopped();
      await lease.renew();
    },
    state: new AppState(),
  };
  try {
    for (const phase of ordered) if (!dryRun || phase.plans) await phase.run(deps, run);
  } catch (error) {
    if (!(error instanceof SweepStopped)) throw error;
    o.logger.info('reminder sweep stopped early, as this instance is stopping; the next run carries on');
    return { ...result(true), stopped: true };
  } finally {
    await lease.release();
  }
  return result(true);
}

/** Thrown at a safe point of a run whose instance is stopping, to end the run there. */
class SweepStopped extends Error {
  constructor() {
    super('the reminder sweep was stopped');
  }
}

function sweepDeps(o: SweepOptions): SweepDeps {
  const { now, storage, config, logger, clientFor } = o;
  return {
    storage,
    config,
    logger,
    clientFor,
    people: createPeopleService({ config, storage, logger, now: () => now, clientFor }),
  };
}

/**
 * The phases in SWEEP_ORDER. Every name must be supplied exactly once: a phase missing or given
 * twice is a wiring mistake, refused before the run takes the lease rather than a sweep that
 * quietly skips or doubles some work.
 */
export function inSweepOrder(phases: readonly SweepPhase[]): SweepPhase[] {
  const problems: string[] = [];
  const ordered = SWEEP_ORDER.flatMap((name) => {
    const found = phases.filter((p) => p.name === name);
    if (found.length !== 1) problems.push(`${name} supplied ${found.length} times`);
    return found.slice(0, 1);
  });
  if (problems.length > 0) throw new Error(`the sweep's phases do not match its order: ${problems.join(', ')}`);
  return ordered;
}

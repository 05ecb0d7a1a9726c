import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '@slack/bolt';
import type { Storage } from '../storage/index.ts';

export const SWEEP_LEASE = 'reminder-sweep';

/**
 * How long one sweep holds its lease without renewing it. A `sending` row claimed longer ago than
 * this belongs to a sweep that died mid-send (a live one renews well within it).
 */
export const SWEEP_LEASE_MS = 5 * 60_000;

/** The sweep's hold on its lease, so that of several instances one works at a time. */
export interface SweepLease {
  /** Pushes the lease's end on, from the real clock, once a fifth of it has passed. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

/** A dry run writes nothing, the lease included, so it runs beside a real sweep. */
export const NO_LEASE: SweepLease = { renew: async () => undefined, release: async () => undefined };

export const defaultHolder = (): string => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** Takes the sweep's lease; undefined when another instance holds it. */
export async function takeLease(
  storage: Storage,
  logger: Logger,
  holder: string,
  clock: () => Date,
): Promise<SweepLease | undefined> {
  let renewedAt = clock();
  if (!(await storage.leases.acquire(SWEEP_LEASE, holder, renewedAt, SWEEP_LEASE_MS))) return undefined;
  return {
    async renew() {
      const at = clock();
      if (at.getTime() - renewedAt.getTime() < SWEEP_LEASE_MS / 5) return;
      if (!(await storage.leases.acquire(SWEEP_LEASE, holder, at, SWEEP_LEASE_MS)))
        throw new Error('lost the reminder sweep lease');
      renewedAt = at;
    },
    release: () =>
      storage.leases
        .release(SWEEP_LEASE, holder)
        .catch((e: unknown) => logger.warn('could not release the sweep lease', e)),
  };
}

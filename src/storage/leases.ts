import type { Db } from './db.ts';
import { isUniqueViolation } from './errors.ts';

/** A named lease so that only one of several instances runs a job at a time. */
export class LeasesStore {
  constructor(private readonly db: Db) {}

  /** Takes the lease if it is free, expired, or already ours; true when we hold it until `now + ttlMs`. */
  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const taken = await this.db('job_leases')
      .where({ name })
      .andWhere((q) => q.where('expires_at', '<=', now.toISOString()).orWhere({ holder }))
      .update({ holder, expires_at: expiresAt });
    if (taken === 1) return true;
    try {
      await this.db('job_leases').insert({ name, holder, expires_at: expiresAt });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
  async release(name: string, holder: string): Promise<void> {
    await this.db('job_leases').where({ name, holder }).delete();
  }
}

import type { PreparedRead, PreparedReads } from './prepared.ts';

const VERSION: PreparedRead = { name: 'lifering_team_version', sql: 'SELECT version FROM team_versions WHERE team_id = ?' };

/**
 * Each workspace's data version, which the database bumps on every write to what Lifering shows
 * (migrations/20261202150001_team_versions.ts). Read it before the data it vouches for.
 */
export function versionsStore(reads: PreparedReads) {
  return {
    async get(teamId: string): Promise<number> {
      const [row] = await reads.all<{ version: number | string }>(VERSION, [teamId]);
      return row ? Number(row.version) : 0;
    },
  };
}

/**
 * Values read or built from a workspace's data, reused while its version stands: any write,
 * from this instance or another, moves the version and so retires them. Bounded; the entry
 * stored longest ago goes first.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();

  constructor(private readonly max: number) {}

  get(key: string, version: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version === version) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** `version` is the one read before the data `value` came from. */
  set(key: string, version: number, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

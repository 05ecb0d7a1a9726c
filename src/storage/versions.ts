import type { Knex } from 'knex';
import type pg from 'pg';
import type { Db } from './db.ts';
import { isPostgres } from './db.ts';
import type { PreparedRead, PreparedReads } from './prepared.ts';

const VERSION: PreparedRead = {
  name: 'lifering_team_version',
  sql: 'SELECT version FROM team_versions WHERE team_id = ?',
};
/** Where the version trigger announces new versions (migrations/20261203010001_team_version_notify.ts). */
const CHANNEL = 'lifering_team_version';

export interface VersionsStore {
  /** The workspace's data version: read it before the data it vouches for. */
  get(teamId: string): Promise<number>;
  /**
   * The version as the database holds it now, never from memory: for decisions that must take a
   * change made on another instance at once (whether someone is an admin).
   */
  current(teamId: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Each workspace's data version, which the database bumps on every write to what Lifering shows
 * (migrations/20261202150001_team_versions.ts). On SQLite it is read each time (a few
 * microseconds, in process). On PostgreSQL a read is a pool acquire and a round trip, so the
 * versions are kept in memory while a listening connection hears every new one (VersionWatch).
 */
export function versionsStore(db: Db, reads: PreparedReads): VersionsStore {
  const read = async (teamId: string): Promise<number> => {
    const [row] = await reads.all<{ version: number | string }>(VERSION, [teamId]);
    return row ? Number(row.version) : 0;
  };
  if (!isPostgres(db)) return { get: read, current: read, close: async () => undefined };
  const watch = new VersionWatch(db, read);
  return { get: (teamId) => watch.get(teamId), current: read, close: () => watch.close() };
}

/**
 * Moves these workspaces' versions on, retiring every cache of their data on every instance, for
 * changes no versioned row records (an install, an uninstall, a purge). Versions never go back:
 * the bump is to at least the current time in microseconds (migrations/20261207050001).
 */
export async function bumpTeamVersions(db: Knex, teamIds: readonly string[]): Promise<void> {
  for (const teamId of teamIds) {
    if (isPostgres(db)) {
      await db.raw('select lifering_bump_team(?)', [teamId]);
      continue;
    }
    await db('team_versions').insert({ team_id: teamId, version: 0 }).onConflict('team_id').ignore();
    await db('team_versions')
      .where({ team_id: teamId })
      .update({ version: db.raw("max(version + 1, CAST(unixepoch('subsec') * 1000000 AS INTEGER))") });
  }
}

/**
 * Tables written on every request or DM that no version vouches for (no version trigger:
 * migrations/20261202150001_team_versions.ts): a delivery's claim, the audit log, leases, the
 * reminder ledger, where a help request's DMs are. Writing them leaves every version as it was.
 */
export const UNVERSIONED_LOGS = ['processed_events', 'audit_events', 'job_leases', 'reminders', 'assistance_alerts'];
const LOG_WRITE = new RegExp(
  `^\\s*(insert\\s+into|update|delete\\s+from)\\s+["\`]?(${UNVERSIONED_LOGS.join('|')})["\`]?\\s`,
  'i',
);

/**
 * Whether a statement may move a workspace's version: any but a plain read, a transaction's
 * BEGIN, and a write to one of the log tables. The bump function is called by a SELECT.
 */
export function mayMoveVersion(sql: string): boolean {
  if (/^\s*select\b/i.test(sql)) return /\blifering_bump_team\b/.test(sql);
  if (/^\s*begin\b/i.test(sql)) return false;
  return !LOG_WRITE.test(sql);
}

/**
 * Versions kept in memory on PostgreSQL, told apart from what may have moved:
 * - another instance's write: its commit NOTIFYs the new version, which this instance's listening
 *   connection hears a moment later (until then, a read here is as of just before that commit,
 *   as it would be had it arrived a moment earlier);
 * - this instance's own write: every statement that is not a SELECT moves a local epoch, and a
 *   version is trusted only if it was read from the database in the current epoch, so whoever
 *   writes and then reads sees their write at once, without waiting for the notification;
 * - a lost listening connection: nothing is trusted (each get reads) until it is back and
 *   listening, and reconnecting moves the epoch, since notifications were missed meanwhile.
 * Versions only grow, so a notification and a read that cross are reconciled with max().
 */
class VersionWatch {
  private epoch = 0;
  private live = false;
  private closed = false;
  private connecting: Promise<void> | undefined;
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private backoffMs = 250;
  /** The highest version heard of or read, per workspace. */
  private readonly latest = new Map<string, number>();
  /** Per workspace, the epoch in which its version was last read from the database. */
  private readonly trusted = new Map<string, number>();
  private schema: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly read: (teamId: string) => Promise<number>,
  ) {
    db.on('query', (q: { sql?: string }) => {
      if (mayMoveVersion(q.sql ?? '')) this.epoch++;
    });
  }

  async get(teamId: string): Promise<number> {
    if (this.live && this.trusted.get(teamId) === this.epoch) return this.latest.get(teamId) ?? 0;
    // Listening starts with the first question, so tools that never ask open no connection.
    // After a loss the retry timer reconnects; starting here too would open a second listener.
    if (!this.live && !this.closed && !this.retry) this.connecting ??= this.connect();
    const epoch = this.epoch;
    const wasLive = this.live;
    const version = Math.max(await this.read(teamId), this.latest.get(teamId) ?? 0);
    this.latest.set(teamId, version);
    if (wasLive && this.live && this.epoch === epoch) this.trusted.set(teamId, epoch);
    return version;
  }

  private async connect(): Promise<void> {
    const connection = this.db.client.config.connection as string | pg.ClientConfig;
    let driver: typeof pg;
    try {
      this.schema ??= String(
        ((await this.db.raw('select current_schema() as schema')) as { rows: { schema: string }[] }).rows[0]?.schema,
      );
      // Loaded here, not at start-up: SQLite deployments never need the driver.
      driver = (await import('pg')).default;
    } catch {
      this.lostBeforeConnecting();
      return;
    }
    // Named, so that an operator (or a test) can tell this connection from the pool's.
    const name = { application_name: `lifering versions ${this.schema}`.slice(0, 63) };
    const client = new driver.Client(
      typeof connection === 'string' ? { connectionString: connection, ...name } : { ...connection, ...name },
    );
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (n) => this.heard(n.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoffMs = 250;
    this.epoch++;
    this.live = true;
    this.connecting = undefined;
  }

  private heard(payload: string | undefined): void {
    const [schema, teamId, version] = (payload ?? '').split(' ');
    if (schema !== this.schema || !teamId || !version) return;
    this.latest.set(teamId, Math.max(Number(version), this.latest.get(teamId) ?? 0));
  }

  private lost(client: pg.Client): void {
    if (this.client && this.client !== client) return;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    this.lostBeforeConnecting();
  }

  private lostBeforeConnecting(): void {
    this.client = undefined;
    this.live = false;
    this.trusted.clear();
    if (this.closed || this.retry) return;
    // Until it is back every get reads the database, as before there was a watch.
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connecting = this.connect();
    }, this.backoffMs);
    this.retry.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * Values read or built from a workspace's data, reused while its version stands: any write,
 * from this instance or another, moves the version and so retires them. Bounded; the entry
 * stored longest ago goes first.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();
  /** Reads answered from memory and not, for the metrics (`name` labels them). */
  hits = 0;
  misses = 0;

  constructor(
    readonly name: string,
    private readonly max: number,
  ) {}

  get(key: string, version: number): T | undefined {
    const entry = this.entries.get(key);
    if (entry?.version === version) {
      this.hits++;
      return entry.value;
    }
    this.misses++;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  /** `version` is the one read before the data `value` came from. */
  set(key: string, version: number, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

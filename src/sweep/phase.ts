import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.ts';
import type { AppState } from '../deps.ts';
import type { SweepObserver } from '../observability/metrics.ts';
import type { PeopleService } from '../people/service.ts';
import type { Message } from '../slack/blocks.ts';
import type { Storage } from '../storage/index.ts';
import type { SweepPhaseName } from './order.ts';

export interface SweepOptions {
  now: Date;
  storage: Storage;
  clientFor: (teamId: string) => WebClient;
  config: Config;
  logger: Logger;
  /** Work out and return what would be sent; write nothing and send nothing. */
  dryRun?: boolean;
  /** Who holds the lease (defaults to host, pid and a random suffix). */
  holder?: string;
  /**
   * The real clock, for the lease. `now` is the instant the sweep works as of (the sandbox moves
   * it), while the lease must expire in real time: a renewal from `now` would never move it on.
   */
  clock?: () => Date;
  batchSize?: number;
  /**
   * Aborted when the instance is stopping: the run ends at its next safe point (where a phase
   * renews the lease, between pages and recipients) and releases the lease, so another instance
   * carries on at once. What is not done yet stays pending for that next run.
   */
  signal?: AbortSignal;
  /** The app's metrics, told of the lease and of each run's outcome. */
  metrics?: SweepObserver;
}

export interface PlannedDm {
  teamId: string;
  recipientId: string;
  message: Message;
}

/** What a run did, for its summary; each phase adds to its own counters. */
export interface SweepCounts {
  /** Mentorships looked at. */
  scanned: number;
  recorded: number;
  sent: number;
  retryLater: number;
  unreachable: number;
  /** Recipients whose nudges waited this run because their "fewer messages" week was used up. */
  heldBack: number;
  /** Dry run: the DMs that would go out now. */
  planned: PlannedDm[];
}

export interface SweepResult extends SweepCounts {
  /** False when another instance holds the sweep lease, so this run did nothing. */
  ran: boolean;
  /** True when the run ended early because the instance is stopping (`signal`). */
  stopped?: boolean;
  ms: number;
}

/** What every phase works with, the same for the whole run. */
export interface SweepDeps {
  storage: Storage;
  clientFor: (teamId: string) => WebClient;
  config: Config;
  logger: Logger;
  /** Profiles and admins, cached; the run's `now` is its clock. */
  people: PeopleService;
}

/** One run of the sweep, as each phase sees it. */
export interface SweepRun {
  /** The instant the sweep works as of (the sandbox moves it). */
  now: Date;
  /** Work out what would be sent; write nothing and send nothing. */
  dryRun: boolean;
  /** Rows a phase reads per page of its scans. */
  batchSize: number;
  counts: SweepCounts;
  /**
   * False for a workspace the app no longer serves (uninstalled): what it is owed waits. Asked
   * once per workspace and run.
   */
  served(teamId: string): Promise<boolean>;
  /** One workspace's trouble (its token revoked mid-run, Slack refusing it) is logged and skipped, never the whole run. */
  skipTeam(teamId: string, error: unknown): void;
  /**
   * Keeps the lease through a long phase; call it between pages or recipients, where stopping
   * leaves nothing half done. Throws when the lease is lost, or when the instance is stopping.
   */
  renew(): Promise<void>;
  /**
   * What phases share within this run, one value per slot (`slot()` in src/deps.ts, declared by
   * the phase that uses it), made on first use and gone with the run.
   */
  state: AppState;
}

/**
 * A step of the sweep, supplied by the feature that owns the work (through its Feature's
 * `phases`). The sweep module runs the phases in SWEEP_ORDER under its lease.
 */
export interface SweepPhase {
  name: SweepPhaseName;
  /**
   * True for a phase that says what it would do when the run is a dry run (it must then write
   * and send nothing); a dry run skips every other phase.
   */
  plans?: boolean;
  run(deps: SweepDeps, run: SweepRun): Promise<void>;
}

import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from './config.ts';
import type { TokenSaveNotice } from './installations/store.ts';
import { followWork } from './observability/context.ts';
import type { Metrics } from './observability/metrics.ts';
import type { PeopleService } from './people/service.ts';
import type { CommandRouter } from './slack/command-router.ts';
import type { ScopeRefusal } from './slack/scope-refusals.ts';
import type { Storage } from './storage/index.ts';

/** Tells whoever listens (App Home) that what these people see in a workspace has changed. */
export type ChangeListener = (teamId: string, userIds: readonly string[]) => Promise<void>;

export class ChangeBus {
  private readonly listeners: ChangeListener[] = [];
  constructor(
    private readonly track: (work: Promise<unknown>) => void,
    private readonly logger: Logger,
  ) {}

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Fire and forget for the caller; failures are logged, and tests can wait with `idle()`. */
  changed(teamId: string, userIds: readonly string[]): void {
    const unique = [...new Set(userIds)];
    for (const listener of this.listeners) {
      this.track(
        listener(teamId, unique).catch((error: unknown) =>
          this.logger.error('refreshing after a change failed', error),
        ),
      );
    }
  }
}

/**
 * Work still running after Slack got its ack; tests and shutdown wait for it to settle. It also
 * counts towards the request that started it, whose summary log line waits for it.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  track = (work: Promise<unknown>): void => {
    const done = followWork();
    const settled = work.then(done, done);
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  };
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/** A piece of state one app instance keeps, declared where it is used: `deps.state.get(slot)`. */
export interface Slot<T> {
  readonly make: () => T;
}

/** Declares per-instance state (a cache, a queue) next to the code that uses it. */
export const slot = <T>(make: () => T): Slot<T> => ({ make });

/**
 * Each app instance's state, one value per slot, made on first use. Never module-level: two
 * instances in one process (tests, several behind one database) must not share a cache.
 */
export class AppState {
  private readonly values = new Map<Slot<unknown>, unknown>();
  get<T>(slot: Slot<T>): T {
    if (!this.values.has(slot)) this.values.set(slot, slot.make());
    return this.values.get(slot) as T;
  }

  /** Every value made so far (the metrics look for caches among them). */
  made(): Iterable<unknown> {
    return this.values.values();
  }
}

/** Everything a listener needs besides Bolt's own arguments: the first argument of every handler. */
export interface Deps {
  config: Config;
  storage: Storage;
  logger: Logger;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  people: PeopleService;
  changes: ChangeBus;
  /** The bot client for a workspace, for work outside a request (DMs from the worker, admin alerts). */
  clientFor: (teamId: string) => WebClient;
  inFlight: InFlight;
  /** The `/mentor` subcommands, for help. */
  commands: CommandRouter;
  state: AppState;
  /** Prometheus metrics, when turned on (METRICS_TOKEN or METRICS_PORT). */
  metrics?: Metrics;
  /** OAuth mode: a refreshed token of the workspace's install that could not be stored at first, for its admins' Home. */
  tokenSaveNotice?: (teamId: string) => Promise<TokenSaveNotice | undefined>;
  /** Slack's latest missing_scope refusal of a call in the workspace (this past week, nothing since), for its admins' Home. */
  scopeRefusal?: (teamId: string) => Promise<ScopeRefusal | undefined>;
}

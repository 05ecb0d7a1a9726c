import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from './config.ts';
import type { PeopleService } from './people/service.ts';
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

/** Work still running after Slack got its ack; tests and shutdown wait for it to settle. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  track = (work: Promise<unknown>): void => {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  };
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/** Everything a feature needs besides the Bolt app: passed to each feature's `register`. */
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
}

import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Storage } from '../../storage/index.ts';
import type { Person } from '../../storage/rows.ts';

/** What each phase of the reminder sweep (check-ins, meeting days, silent partners) works with. */
export interface SweepPhaseOptions {
  storage: Storage;
  clientFor: (teamId: string) => WebClient;
  logger: Logger;
  /** The instant the sweep works as of (the sandbox moves it). */
  now: Date;
  profile: (teamId: string, userId: string) => Promise<Person | undefined>;
  /** False for a workspace the app no longer serves (uninstalled): what it is owed waits. */
  served?: (teamId: string) => Promise<boolean>;
}

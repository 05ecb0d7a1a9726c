import { createHash } from 'node:crypto';
// @slack/bolt's own dependency (the version Bolt's installer uses), so its errors are the ones
// Bolt's callback failure handler knows. CommonJS, and Node's ESM loader cannot see
// ClearStateStore among its named exports: taken from the default export instead.
import oauth, { type InstallURLOptions, type StateStore } from '@slack/oauth';
import type { Storage } from '../storage/index.ts';

const { ClearStateStore, InvalidStateError } = oauth;

/** How long an install page's state may be used: Bolt's default, and its state cookie's lifetime. */
export const STATE_EXPIRES_SECONDS = 600;
/**
 * The used states are kept with the redelivered events under this key, not a team's: they belong
 * to no workspace yet. The redelivery guard forgets rows after a day, long after a state expired.
 */
const USED_STATES = 'oauth-states';

/**
 * The OAuth state, signed as Bolt signs it (so any instance can check a state another issued),
 * and taken once: its first use is recorded in the database every instance shares, and a replay
 * (the same state and cookie with a new code from Slack) is refused before the code is exchanged.
 */
export class SingleUseStateStore implements StateStore {
  private readonly signed: StateStore;

  constructor(
    stateSecret: string,
    private readonly storage: Pick<Storage, 'events'>,
  ) {
    this.signed = new ClearStateStore(stateSecret, STATE_EXPIRES_SECONDS);
  }

  generateStateParam(installOptions: InstallURLOptions, now: Date): Promise<string> {
    return this.signed.generateStateParam(installOptions, now);
  }

  async verifyStateParam(now: Date, state: string): Promise<InstallURLOptions> {
    const options = await this.signed.verifyStateParam(now, state);
    const key = `oauth-state:${createHash('sha256').update(state).digest('base64url')}`;
    if (!(await this.storage.events.claim(USED_STATES, key, now))) {
      throw new InvalidStateError('The state value was already used: an install page is good for one install');
    }
    return options;
  }
}

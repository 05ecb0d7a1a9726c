import type { SweepOptions } from './phase.ts';

/**
 * Whether the app serves a workspace, asked once per workspace and run: the sweep works only
 * where Lifering is installed.
 */
export function servedWorkspaces(o: SweepOptions, dryRun: boolean): (teamId: string) => Promise<boolean> {
  const { storage, config, logger, now } = o;
  const known = new Map<string, Promise<boolean>>();
  const ask = async (teamId: string): Promise<boolean> => {
    if (await storage.installations.serves(teamId, Boolean(config.slack.oauth))) return true;
    if (config.slack.oauth || dryRun) return false;
    // One bot token: the workspace may have added the app back since it was uninstalled (no
    // event says so). If the token works there again, it is served again.
    const me = await o
      .clientFor(teamId)
      .auth.test()
      .catch(() => undefined);
    if (me?.team_id !== teamId) return false;
    await storage.installations.reinstate(teamId, now);
    logger.info(`workspace ${teamId} has Lifering installed again; its data is kept`);
    return true;
  };
  return (teamId) => {
    let answer = known.get(teamId);
    if (!answer) {
      answer = ask(teamId);
      known.set(teamId, answer);
    }
    return answer;
  };
}

import type { SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';

const DAY_MS = 86_400_000;

/**
 * Deletes the data of workspaces uninstalled more than DATA_RETENTION_DAYS ago (a reinstall
 * before then keeps it). Runs at the end of a sweep, under its lease.
 */
export async function purgeUninstalled(deps: SweepDeps, run: SweepRun): Promise<void> {
  const { storage, config, logger } = deps;
  const cutoff = new Date(run.now.getTime() - config.dataRetentionDays * DAY_MS);
  for (const install of await storage.installations.uninstalledBefore(cutoff)) {
    try {
      const counts = await storage.installations.purge(install);
      if (!counts) continue;
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      logger.info(
        `purged the data of ${install.isEnterpriseInstall ? 'organisation' : 'workspace'} ${install.id}: uninstalled ${install.uninstalledAt}, kept ${config.dataRetentionDays} days; ${rows} rows deleted`,
      );
    } catch (error) {
      logger.error(`purging the data of ${install.id} failed; the next sweep tries again`, error);
    }
  }
}

export const retentionPurge: SweepPhase = { name: 'retention-purge', run: purgeUninstalled };

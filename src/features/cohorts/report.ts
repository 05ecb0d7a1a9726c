import type { Deps } from '../../deps.ts';
import { sendDm } from '../../slack/dm.ts';
import type { Programme } from '../../storage/programmes.ts';
import { sendExport } from '../admin-report/export.ts';
import { programmeRecipients } from '../enrolment/programme-of.ts';
import { finalReportDm } from './views.ts';

/**
 * The cohort's final report, to its managers (the admins when it has none): what ended and what it
 * came to, with Run again, then the CSV of its pairs from the usual export, scoped to the cohort.
 * One manager out of reach does not stop the others.
 */
export async function sendFinalReport(
  deps: Deps,
  p: Programme,
  ended: { pending: number; active: number },
): Promise<void> {
  const client = deps.clientFor(p.teamId);
  const byStatus = await deps.storage.cohorts.pairCounts(p.teamId, p.id);
  const message = finalReportDm(p, { ended, byStatus }, deps.now());
  for (const to of await programmeRecipients(deps, p.teamId, p.id)) {
    try {
      await sendDm(client, to, message);
      await sendExport(deps, client, p.teamId, to, [p.id], p.name);
    } catch (error) {
      deps.logger.warn(`could not send ${to} the final report of cohort ${p.id}`, error);
    }
  }
}

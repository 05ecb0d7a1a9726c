import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { shortDate } from '../../slack/text.ts';
import { trendChartPng } from '../trends/export.ts';
import { csvLine, EXPORT_HEADER, exportFields } from './csv.ts';
import { exportComment } from './views.ts';

/** Mentorships read per query; the export never holds more rows than this at once. */
const EXPORT_PAGE = 1000;

/** Every mentorship in the workspace as CSV text, read page by page. */
export async function buildExportCsv(deps: Deps, teamId: string, now: Date): Promise<{ csv: string; rows: number }> {
  const parts = [csvLine(EXPORT_HEADER)];
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await deps.storage.overview.exportPage(teamId, after, EXPORT_PAGE);
    for (const r of page) parts.push(csvLine(exportFields(r, now, deps.config.feedback.intervalDays)));
    rows += page.length;
    if (page.length < EXPORT_PAGE) break;
    after = page[page.length - 1]!.id;
  }
  return { csv: parts.join(''), rows };
}

/**
 * Uploads the export to the admin's DM with Lifering (private: it names every pair). Returns how
 * many mentorships it held; nothing is uploaded when there are none.
 */
export async function sendExport(deps: Deps, client: WebClient, teamId: string, adminId: string): Promise<number> {
  const now = deps.now();
  const { csv, rows } = await buildExportCsv(deps, teamId, now);
  if (rows === 0) return 0;
  const opened = await client.conversations.open({ users: adminId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  const day = now.toISOString().slice(0, 10);
  const csvFile = { filename: `lifering-mentorships-${day}.csv`, content: csv, title: `Lifering mentorships ${day}` };
  // The trends chart rides along in the same message; without it (a rendering failure) the CSV still goes.
  const chart = await trendChartPng(deps, teamId).catch((error: unknown) => {
    deps.logger.warn('could not draw the trends chart for the export', error);
    return undefined;
  });
  await client.filesUploadV2({
    channel_id: channel,
    initial_comment: exportComment(rows, shortDate(now.toISOString(), now)),
    file_uploads: [
      csvFile,
      ...(chart
        ? [{ filename: `lifering-trends-${day}.png`, file: chart, title: `Lifering programme over time ${day}` }]
        : []),
    ],
  });
  await deps.storage.audit.record({
    teamId,
    actorId: adminId,
    action: 'mentorships.exported',
    detail: { rows },
    at: now,
  });
  return rows;
}

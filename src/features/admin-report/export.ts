import { randomUUID } from 'node:crypto';
import type { BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { noticeModal, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { shortDate } from '../../slack/text.ts';
import type { ProgrammeScope } from '../../storage/programme-scope.ts';
import type { ActionArgs } from '../feature.ts';
import { narrowTo, scopeFor, scopeNamed } from '../oversight/scope.ts';
import { trendChartPng } from '../trends/export.ts';
import { csvLine, EXPORT_HEADER, exportFields } from './csv.ts';
import { exportComment } from './views.ts';

/** Mentorships read per query; the export never holds more rows than this at once. */
const EXPORT_PAGE = 1000;

/** Every mentorship in the workspace (of the programmes in scope) as CSV text, read page by page. */
export async function buildExportCsv(
  deps: Deps,
  teamId: string,
  now: Date,
  scope: ProgrammeScope = 'all',
): Promise<{ csv: string; rows: number }> {
  const parts = [csvLine(EXPORT_HEADER)];
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await deps.storage.overview.exportPage(teamId, after, EXPORT_PAGE, scope);
    for (const r of page) parts.push(csvLine(exportFields(r, now, deps.config.feedback.intervalDays)));
    rows += page.length;
    if (page.length < EXPORT_PAGE) break;
    after = page[page.length - 1]!.id;
  }
  return { csv: parts.join(''), rows };
}

/**
 * Uploads the export to the admin's DM with Lifering (private: it names every pair). Returns how
 * many mentorships it held; nothing is uploaded when there are none. A manager's holds only the
 * pairs of the programmes in `scope`, and so does its chart.
 */
export async function sendExport(
  deps: Deps,
  client: WebClient,
  teamId: string,
  adminId: string,
  scope: ProgrammeScope = 'all',
  /** One programme's export (a cohort's final report) is named for it. */
  programmeName?: string,
): Promise<number> {
  const now = deps.now();
  const { csv, rows } = await buildExportCsv(deps, teamId, now, scope);
  if (rows === 0) return 0;
  const opened = await client.conversations.open({ users: adminId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  const day = now.toISOString().slice(0, 10);
  const what = programmeName ? `${programmeName} mentorships` : 'mentorships';
  const csvFile = { filename: `lifering-${slug(what)}-${day}.csv`, content: csv, title: `Lifering ${what} ${day}` };
  // The trends chart rides along in the same message; without it (a rendering failure) the CSV still goes.
  const chart = await trendChartPng(deps, teamId, scope).catch((error: unknown) => {
    deps.logger.warn('could not draw the trends chart for the export', error);
    return undefined;
  });
  const comment = exportComment(rows, shortDate(now.toISOString(), now));
  await client.filesUploadV2({
    channel_id: channel,
    initial_comment: programmeName ? `*${programmeName}*: ${comment}` : comment,
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
    detail: scope === 'all' ? { rows } : { rows, programmes: [...scope] },
    at: now,
  });
  return rows;
}

/** A file name's words: lower case, letters and digits, hyphens between. */
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'mentorships';

export const PREPARING = 'Preparing your export… I will send the CSV file to your DM with Lifering in a moment.';

/** Longer than an export of the largest programme takes; only matters if an instance dies holding it. */
const EXPORT_LEASE_MS = 10 * 60_000;

const NOTHING_TO_EXPORT =
  'There are no mentorships to export yet. Assign a supporter with `/mentor assign` and try again.';

/**
 * One export per admin at a time, across instances: a double click or a repeated command sends
 * one file. A lease rather than memory, so a second instance sees it; it expires on its own if
 * this instance dies mid-export. The file goes out through the background client, so a 429 on
 * the upload cannot hold up the forms this admin opens meanwhile.
 */
async function exportOnce(deps: Deps, teamId: string, userId: string, scope: ProgrammeScope): Promise<number | 'busy'> {
  const lease = `export:${teamId}:${userId}`;
  const holder = randomUUID();
  if (!(await deps.storage.leases.acquire(lease, holder, deps.now(), EXPORT_LEASE_MS))) return 'busy';
  try {
    return await sendExport(deps, deps.clientFor(teamId), teamId, userId, scope);
  } finally {
    await deps.storage.leases
      .release(lease, holder)
      .catch((error: unknown) => deps.logger.warn('could not release the export lease', error));
  }
}

/** What an export came to, in words, and whether a file is in (or on its way to) the admin's DM. */
function exportOutcome(rows: number | 'busy'): { text: string; fileComing: boolean } {
  if (rows === 'busy')
    return {
      text: 'Your export is already on its way: the CSV file will be in your DM with Lifering in a moment.',
      fileComing: true,
    };
  if (rows === 0) return { text: NOTHING_TO_EXPORT, fileComing: false };
  return {
    text: `Done: the CSV with ${rows} mentorship${rows === 1 ? '' : 's'} is in your DM with Lifering.`,
    fileComing: true,
  };
}

/** `/mentor admin export [programme]`: says it is on its way, then that it arrived (or that there was nothing). */
export async function exportCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const named = await scopeNamed(deps, ctx.teamId, ctx.userId, 'oversight.export', ctx.rest);
  if ('error' in named) return ctx.reply(named.error);
  await ctx.reply(PREPARING);
  const rows = await exportOnce(deps, ctx.teamId, ctx.userId, named.scope);
  if (rows === 'busy') return;
  await ctx.reply(exportOutcome(rows).text);
}

/**
 * "Export CSV" on an admin's Home or in the mentorships report: a small window says it is on its
 * way and then that it arrived, so the click visibly did something; the file comes by DM.
 */
export async function exportFromHome(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client, action } = args;
  await ack();
  const teamId = teamOf(body);
  const userId = body.user.id;
  // The report of one programme carries it on its button; within what this person administers now.
  const scope = narrowTo(await scopeFor(deps, teamId, userId, 'oversight.export'), action.value);
  const shown = await showModal(client, body, noticeModal(PREPARING)).catch((error: unknown) => {
    deps.logger.warn('could not show that the export is on its way', error);
    return undefined;
  });
  let outcome: { text: string; fileComing: boolean };
  try {
    outcome = exportOutcome(await exportOnce(deps, teamId, userId, scope));
  } catch (error) {
    outcome = { text: unexpectedFailure(deps.logger, 'the CSV export', error), fileComing: false };
  }
  // The window may have been closed meanwhile: then what went wrong goes by DM (a file says the rest).
  const updated = shown
    ? await client.views
        .update({ view_id: shown, view: noticeModal(outcome.text) })
        .then(() => true)
        .catch(() => false)
    : false;
  if (!updated && !outcome.fileComing) await sendDm(deps.clientFor(teamId), userId, { text: outcome.text });
}

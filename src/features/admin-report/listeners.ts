import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { teamOf } from '../../slack/team.ts';
import type { Feature } from '../feature.ts';
import { loadTrends } from '../trends/load.ts';
import { trendBlocks } from '../trends/views.ts';
import { sendExport } from './export.ts';
import { LEAVERS_DAYS, loadingModal, reportModal } from './views.ts';

/** Rows per list in the report modal; the CSV export has the rest. */
const REPORT_LIST_LIMIT = 15;

export const PREPARING = 'Preparing your export… I will send the CSV file to your DM with Lifering in a moment.';

/** Longer than an export of the largest programme takes; only matters if an instance dies holding it. */
const EXPORT_LEASE_MS = 10 * 60_000;

const NOTHING_TO_EXPORT =
  'There are no mentorships to export yet. Assign a supporter with `/mentor assign` and try again.';

export const adminReport: Feature = {
  name: 'admin-report',
  register(app: App, deps: Deps, router: CommandRouter) {
    const settings = () => ({
      now: deps.now(),
      intervalDays: deps.config.feedback.intervalDays,
      maxMenteesPerSupporter: deps.config.maxMenteesPerSupporter,
    });

    /**
     * One export per admin at a time, across instances: a double click or a repeated command sends
     * one file. A lease rather than memory, so a second instance sees it; it expires on its own if
     * this instance dies mid-export. The file goes out through the background client, so a 429 on
     * the upload cannot hold up the forms this admin opens meanwhile.
     */
    async function exportOnce(teamId: string, userId: string): Promise<number | 'busy'> {
      const lease = `export:${teamId}:${userId}`;
      const holder = randomUUID();
      if (!(await deps.storage.leases.acquire(lease, holder, deps.now(), EXPORT_LEASE_MS))) return 'busy';
      try {
        return await sendExport(deps, deps.clientFor(teamId), teamId, userId);
      } finally {
        await deps.storage.leases
          .release(lease, holder)
          .catch((error: unknown) => deps.logger.warn('could not release the export lease', error));
      }
    }

    /** Opens a placeholder at once (the trigger id lives 3 s), then fills it with the report. */
    async function openReport(client: WebClient, teamId: string, triggerId: string): Promise<void> {
      const opened = await client.views.open({ trigger_id: triggerId, view: loadingModal() });
      const s = settings();
      const [data, over, left] = await Promise.all([
        deps.storage.overview.report(teamId, { ...s, limit: REPORT_LIST_LIMIT }),
        loadTrends(deps, teamId),
        deps.storage.people.leftSince(teamId, new Date(s.now.getTime() - LEAVERS_DAYS * 86_400_000), 500),
      ]);
      const view = reportModal(data, s, { total: left.length, items: left.slice(0, REPORT_LIST_LIMIT) });
      await client.views.update({
        view_id: opened.view!.id!,
        view: { ...view, blocks: [...view.blocks, ...trendBlocks(over.trends, over.months, null)] },
      });
    }

    router.add({
      name: 'admin report',
      usage: 'admin report',
      summary: 'the mentorships report: load, late meeting reports, open help requests, who is waiting',
      performs: 'programme.report',
      async run(ctx) {
        await ctx.ack();
        await openReport(ctx.raw.client, ctx.teamId, ctx.triggerId);
      },
    });

    router.add({
      name: 'admin export',
      usage: 'admin export',
      summary: 'every mentorship as a CSV file, sent to your DM',
      performs: 'programme.export',
      async run(ctx) {
        await ctx.reply(PREPARING);
        const rows = await exportOnce(ctx.teamId, ctx.userId);
        if (rows === 'busy') return;
        await ctx.reply(
          rows === 0
            ? NOTHING_TO_EXPORT
            : `Done: the CSV with ${rows} mentorship${rows === 1 ? '' : 's'} is in your DM with Lifering.`,
        );
      },
    });

    async function onOpenReport({
      ack,
      body,
      client,
    }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) {
      await ack();
      const teamId = teamOf(body);
      await openReport(client, teamId, body.trigger_id);
    }

    // From Home there is no reply to update, so the file (or a refusal, or what went wrong) comes by DM.
    async function onExport({ ack, body }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) {
      await ack();
      const teamId = teamOf(body);
      const userId = body.user.id;
      try {
        const rows = await exportOnce(teamId, userId);
        if (rows === 0) await sendDm(deps.clientFor(teamId), userId, { text: NOTHING_TO_EXPORT });
      } catch (error) {
        await sendDm(deps.clientFor(teamId), userId, { text: unexpectedFailure(deps.logger, 'the CSV export', error) });
      }
    }

    app.action<BlockButtonAction>(ACTIONS.openMentorshipsReport, performs('programme.report', onOpenReport));
    app.action<BlockButtonAction>(ACTIONS.exportCsv, performs('programme.export', onExport));
  },
};

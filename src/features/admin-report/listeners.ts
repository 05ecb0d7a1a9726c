import { teamOf } from '../../slack/team.ts';
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { sendExport } from './export.ts';
import { LEAVERS_DAYS, loadingModal, reportModal } from './views.ts';

/** Rows per list in the report modal; the CSV export has the rest. */
const REPORT_LIST_LIMIT = 15;

export const PREPARING = 'Preparing your export… I will send the CSV file to your DM with Lifering in a moment.';

const NOTHING_TO_EXPORT = 'There are no mentorships to export yet. Assign a supporter with `/mentor assign` and try again.';

export const adminReport: Feature = {
  name: 'admin-report',
  register(app: App, deps: Deps, router: CommandRouter) {
    const settings = () => ({
      now: deps.now(),
      intervalDays: deps.config.feedback.intervalDays,
      maxMenteesPerSupporter: deps.config.maxMenteesPerSupporter,
    });

    // Admins whose export is being built: a double click or a repeated command sends one file.
    const exporting = new Set<string>();
    async function exportOnce(client: WebClient, teamId: string, userId: string): Promise<number | 'busy'> {
      const key = `${teamId}:${userId}`;
      if (exporting.has(key)) return 'busy';
      exporting.add(key);
      try {
        return await sendExport(deps, client, teamId, userId);
      } finally {
        exporting.delete(key);
      }
    }

    /** Opens a placeholder at once (the trigger id lives 3 s), then fills it with the report. */
    async function openReport(client: WebClient, teamId: string, triggerId: string): Promise<void> {
      const opened = await client.views.open({ trigger_id: triggerId, view: loadingModal() });
      const s = settings();
      const data = await deps.storage.overview.report(teamId, { ...s, limit: REPORT_LIST_LIMIT });
      const left = await deps.storage.people.leftSince(teamId, new Date(s.now.getTime() - LEAVERS_DAYS * 86_400_000), 500);
      const leavers = { total: left.length, items: left.slice(0, REPORT_LIST_LIMIT) };
      await client.views.update({ view_id: opened.view!.id!, view: reportModal(data, s, leavers) });
    }

    router.add({
      name: 'admin report',
      usage: 'admin report',
      summary: 'the mentorships report: load, late meeting reports, open help requests, who is waiting',
      action: 'programme.report',
      async run(ctx) {
        await ctx.ack();
        await openReport(ctx.raw.client, ctx.teamId, ctx.triggerId);
      },
    });

    router.add({
      name: 'admin export',
      usage: 'admin export',
      summary: 'every mentorship as a CSV file, sent to your DM',
      action: 'programme.export',
      async run(ctx) {
        await ctx.reply(PREPARING);
        const rows = await exportOnce(ctx.raw.client, ctx.teamId, ctx.userId);
        if (rows === 'busy') return;
        await ctx.reply(
          rows === 0
            ? NOTHING_TO_EXPORT
            : `Done: the CSV with ${rows} mentorship${rows === 1 ? '' : 's'} is in your DM with Lifering.`,
        );
      },
    });

    async function onOpenReport({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) {
      await ack();
      const teamId = teamOf(body);
      await openReport(client, teamId, body.trigger_id);
    }

    // From Home there is no reply to update, so the file (or a refusal, or what went wrong) comes by DM.
    async function onExport({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) {
      await ack();
      const teamId = teamOf(body);
      const userId = body.user.id;
      try {
        const rows = await exportOnce(client, teamId, userId);
        if (rows === 0) await sendDm(client, userId, { text: NOTHING_TO_EXPORT });
      } catch (error) {
        await sendDm(client, userId, { text: unexpectedFailure(deps.logger, 'the CSV export', error) });
      }
    }

    app.action<BlockButtonAction>(ACTIONS.openMentorshipsReport, performs('programme.report', onOpenReport));
    app.action<BlockButtonAction>(ACTIONS.exportCsv, performs('programme.export', onExport));
  },
};

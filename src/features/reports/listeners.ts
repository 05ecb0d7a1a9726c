import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import { localDay } from '../../programme/dates.ts';
import type { CommandContext, CommandRouter } from '../../slack/command-router.ts';
import { sendDm, updateMessage } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { ACTIONS, REPORT_FIELDS as F, rowId } from '../../slack/ids.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { user } from '../../slack/text.ts';
import { selectedDate, selectedValue, selectedValues, textOf } from '../../slack/view-state.ts';
import {
  type GoalRef,
  type MeetingReport,
  MentorshipNotActiveError,
  type ReportChanges,
} from '../../storage/reports.ts';
import { queueCheckins } from '../checkins/service.ts';
import type { Feature } from '../feature.ts';
import { progressPageOf, refreshProgress } from '../progress/surface.ts';
import {
  changedFields,
  editableGoals,
  editableSince,
  editRefusal,
  type ReportInput,
  type ValidReport,
  validateReport,
} from './rules.ts';
import {
  cannotReportModal,
  editRefusalText,
  type ReportMetadata,
  type ReportTarget,
  reportAddedDm,
  reportModal,
  reportSavedDm,
  reportUpdatedDm,
} from './views.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What the report form sent, as text, ready for `validateReport`. */
function formInput(values: ViewSubmitAction['view']['state']['values']): ReportInput {
  return {
    mentorshipId: selectedValue(values, F.mentorship),
    metOn: selectedDate(values, F.metOn),
    duration: textOf(values, F.duration),
    format: selectedValue(values, F.format),
    summary: values[F.summary]?.[F.summary]?.value ?? undefined,
    progress: selectedValue(values, F.progress),
    goalIds: selectedValues(values, F.goals),
    tasks: values[F.tasks]?.[F.tasks]?.value ?? undefined,
    nextMeeting: selectedDate(values, F.nextMeeting),
    privateNote: values[F.privateNote]?.[F.privateNote]?.value ?? undefined,
  };
}

const KEEP_TEXT = ' Copy anything you want to keep before closing this form.';

const notYours = (menteeId: string) =>
  `You can file meeting reports only for mentees you actively support, and ${user(menteeId)} isn't one of them right now. \`/mentor list\` shows who you support.`;

/** What a checked form stores, for a new report and for an edit alike. */
function storedFields(r: ValidReport, goals: readonly GoalRef[]): ReportChanges {
  return {
    metOn: r.metOn,
    durationMinutes: r.durationMinutes,
    format: r.format,
    summary: r.summary,
    progress: r.progress,
    goalsDiscussed: goals.filter((g) => r.goalIds.includes(g.id)),
    nextMeetingOn: r.nextMeetingOn,
    privateNote: r.privateNote,
  };
}

export const reports: Feature = {
  name: 'reports',
  register(app: App, deps: Deps, router: CommandRouter) {
    const { storage } = deps;

    /** The supporter's own calendar day: "not in the future" means on their clock. */
    async function todayFor(teamId: string, userId: string): Promise<string> {
      const me = await deps.people.profile(teamId, userId).catch(() => undefined);
      return localDay(deps.now(), me?.tz);
    }

    /** The local day each mentorship began, on the supporter's clock: the earliest a meeting of it can be. */
    async function startDays(teamId: string, userId: string, ids: readonly number[]): Promise<Record<number, string>> {
      const me = await deps.people.profile(teamId, userId).catch(() => undefined);
      const out: Record<number, string> = {};
      for (const id of ids.slice(0, 20)) {
        const m = Number.isInteger(id) ? await storage.mentorships.get(teamId, id) : undefined;
        if (m?.acceptedAt) out[id] = localDay(m.acceptedAt, me?.tz);
      }
      return out;
    }

    /** Opens the form fresh, or pushed over the progress page it was asked for from (`from`). */
    async function openForm(
      client: WebClient,
      triggerId: string,
      teamId: string,
      userId: string,
      target: ReportTarget,
      from?: BlockAction,
    ) {
      const [goals, today] = await Promise.all([
        storage.reports.openGoals(teamId, target.menteeId),
        todayFor(teamId, userId),
      ]);
      const view = reportModal(target, goals, today);
      if (from) await showModal(client, from, view);
      else await client.views.open({ trigger_id: triggerId, view });
    }

    /** `/mentor report @mentee` */
    async function reportCommand(ctx: CommandContext) {
      const who = mentionOrHint(ctx.args[0], '/mentor report @mia');
      if ('error' in who) {
        await ctx.reply(who.error);
        return;
      }
      const active = (await storage.mentorships.listOpenBetween(ctx.teamId, ctx.userId, who.userId)).filter(
        (m) => m.status === 'active',
      );
      if (active.length === 0) {
        await ctx.reply(notYours(who.userId));
        return;
      }
      await ctx.ack();
      await openForm(ctx.raw.client, ctx.triggerId, ctx.teamId, ctx.userId, {
        menteeId: who.userId,
        mentorships: active.map((m) => ({ id: m.id, topicName: m.topicName })),
      });
    }

    /** "Log meeting report" on Home, reminders, the progress page or an accepted assignment (value: mentorship id). */
    async function onOpenReport({ ack, body, action, client }: ButtonArgs) {
      await ack();
      const teamId = teamOf(body);
      const m = await storage.mentorships.get(teamId, rowId(action.value));
      if (m?.status !== 'active' || m.supporterId !== body.user.id) {
        const why =
          m && m.supporterId === body.user.id
            ? `Your mentorship with ${user(m.menteeId)} is no longer active, so there is no report to file.`
            : m
              ? notYours(m.menteeId)
              : "I couldn't find that mentorship. Your Home tab shows the mentees you support now.";
        await client.views.open({ trigger_id: body.trigger_id, view: cannotReportModal(why) });
        return;
      }
      const progress = progressPageOf(body);
      await openForm(
        client,
        body.trigger_id,
        teamId,
        body.user.id,
        {
          menteeId: m.menteeId,
          mentorships: [{ id: m.id, topicName: m.topicName }],
          ...(progress ? { progress } : {}),
        },
        body,
      );
    }

    async function onSubmit({ ack, body, view }: SubmitArgs) {
      const teamId = teamOf(body);
      const userId = body.user.id;
      const meta = JSON.parse(view.private_metadata || '{}') as Partial<ReportMetadata>;
      const menteeId = meta.menteeId ?? '';
      const mentorshipIds = meta.mentorshipIds ?? [];
      const values = view.state.values;
      const [today, goals, startedOn] = await Promise.all([
        todayFor(teamId, userId),
        storage.reports.openGoals(teamId, menteeId),
        startDays(teamId, userId, mentorshipIds),
      ]);
      const checked = validateReport(formInput(values), {
        today,
        mentorshipIds,
        openGoalIds: new Set(goals.map((g) => g.id)),
        startedOn,
      });
      if (!checked.ok) {
        await ack({ response_action: 'errors', errors: checked.errors });
        return;
      }
      const r = checked.report;
      const now = deps.now();
      let filed: Awaited<ReturnType<typeof storage.reports.file>>;
      try {
        filed = await storage.reports.file(
          {
            teamId,
            mentorshipId: r.mentorshipId,
            authorId: userId,
            menteeId,
            ...storedFields(r, goals),
            suggestedTasks: r.tasks,
            submissionKey: `${view.id}:${view.hash}`,
          },
          now,
        );
      } catch (error) {
        // Keep the form open either way, so nothing typed is lost.
        const why =
          error instanceof MentorshipNotActiveError
            ? `Your mentorship with ${user(menteeId)} has ended, so this report can't be saved. Copy your summary if you want to keep it.`
            : unexpectedFailure(deps.logger, 'saving a meeting report', error);
        await ack({ response_action: 'errors', errors: { [F.summary]: why } });
        return;
      }
      await ack();
      if (!filed.created) return;
      await storage.assistance.acknowledgeOpen(teamId, menteeId, userId, now);
      deps.changes.changed(teamId, [userId, menteeId]);
      await storage.audit.record({
        teamId,
        actorId: userId,
        action: 'report.filed',
        subjectType: 'meeting_report',
        subjectId: filed.report.id,
        detail: { mentorshipId: r.mentorshipId, menteeId, suggestedTasks: r.tasks.length },
        at: now,
      });
      try {
        await sendDm(deps.clientFor(teamId), menteeId, reportAddedDm(userId, r.metOn, r.tasks.length, menteeId, now));
      } catch (error) {
        deps.logger.warn(`could not tell ${menteeId} about meeting report ${filed.report.id}`, error);
      }
      try {
        const posted = await sendDm(
          deps.clientFor(teamId),
          userId,
          reportSavedDm(menteeId, r.metOn, filed.report.id, now),
        );
        await storage.reports.setConfirmation(teamId, filed.report.id, posted);
      } catch (error) {
        deps.logger.warn(`could not confirm meeting report ${filed.report.id} to ${userId}`, error);
      }
      // Filed from the progress page: the page underneath shows the report at once, so nobody files twice.
      if (meta.progress?.viewId) {
        await refreshProgress(
          deps,
          deps.clientFor(teamId),
          teamId,
          userId,
          meta.progress.viewId,
          menteeId,
          meta.progress.page,
        ).catch((error: unknown) =>
          deps.logger.warn(`could not redraw the progress page after meeting report ${filed.report.id}`, error),
        );
      }
      // The mentee's own view of the meeting: asked now if the gentleness rules allow, else later.
      await queueCheckins(deps, [
        {
          teamId,
          kind: 'meeting',
          mentorshipId: r.mentorshipId,
          reportId: filed.report.id,
          personId: menteeId,
          otherId: userId,
        },
      ]);
    }

    /** The report and why `userId` may not edit it now (undefined when they may). */
    async function editable(teamId: string, reportId: number, userId: string, now: Date) {
      const report = Number.isInteger(reportId)
        ? await storage.reports.get(teamId, reportId, { userId, isAdmin: false })
        : undefined;
      if (!report) return { report, why: editRefusalText('missing') };
      const m = await storage.mentorships.get(teamId, report.mentorshipId);
      const active = m?.status === 'active' && m.supporterId === report.authorId;
      const refusal = editRefusal(report, userId, now, active);
      return { report, mentorship: m, why: refusal && editRefusalText(refusal, report.menteeId) };
    }

    /** "Edit report" on the author's confirmation DM or their progress page (value: report id). */
    async function onEditReport(args: ButtonArgs) {
      const { ack, body, action, client } = args;
      await ack();
      const teamId = teamOf(body);
      const { report, mentorship, why } = await editable(teamId, rowId(action.value), body.user.id, deps.now());
      if (why || !report || !mentorship) {
        await tellClicker(args, why ?? editRefusalText('missing'));
        return;
      }
      const [open, today] = await Promise.all([
        storage.reports.openGoals(teamId, report.menteeId),
        todayFor(teamId, body.user.id),
      ]);
      const progress = progressPageOf(body);
      const target: ReportTarget = {
        menteeId: report.menteeId,
        mentorships: [{ id: mentorship.id, topicName: mentorship.topicName }],
      };
      await showModal(
        client,
        body,
        reportModal(target, editableGoals(open, report.goalsDiscussed), today, {
          report,
          ...(progress ? { progress } : {}),
        }),
      );
    }

    async function onSubmitEdit({ ack, body, view, client }: SubmitArgs) {
      const teamId = teamOf(body);
      const userId = body.user.id;
      const meta = JSON.parse(view.private_metadata || '{}') as Partial<ReportMetadata>;
      const now = deps.now();
      const refuse = (why: string) => ack({ response_action: 'errors', errors: { [F.summary]: why } });
      const { report, why } = await editable(teamId, rowId(meta.reportId), userId, now);
      if (why || !report) {
        await refuse(`${why ?? editRefusalText('missing')}${KEEP_TEXT}`);
        return;
      }
      const [today, open, startedOn] = await Promise.all([
        todayFor(teamId, userId),
        storage.reports.openGoals(teamId, report.menteeId),
        startDays(teamId, userId, [report.mentorshipId]),
      ]);
      const goals = editableGoals(open, report.goalsDiscussed);
      // The edit form has no task field; suggested tasks stay as filed.
      const checked = validateReport(
        { ...formInput(view.state.values), tasks: undefined },
        {
          today,
          mentorshipIds: [report.mentorshipId],
          openGoalIds: new Set(goals.map((g) => g.id)),
          startedOn,
          previousNext: report.nextMeetingOn,
        },
      );
      if (!checked.ok) {
        await ack({ response_action: 'errors', errors: checked.errors });
        return;
      }
      const r = checked.report;
      const after = storedFields(r, goals);
      let saved: boolean;
      try {
        saved = await storage.reports.edit(
          teamId,
          report.id,
          userId,
          after,
          { editableSince: editableSince(now), seenUpdatedAt: meta.seenUpdatedAt ?? '' },
          now,
        );
      } catch (error) {
        await refuse(unexpectedFailure(deps.logger, 'saving changes to a meeting report', error));
        return;
      }
      if (!saved) {
        // A redelivery of a submission already saved finds the report as submitted: nothing to do.
        if (changedFields(report, after).length === 0) await ack();
        else {
          // Refused by the guard: the window closed or the mentorship ended meanwhile, or another save came first.
          const again = await editable(teamId, report.id, userId, deps.now());
          await refuse(again.why ? `${again.why}${KEEP_TEXT}` : editRefusalText('stale'));
        }
        return;
      }
      await ack();
      await afterEdit(client, teamId, userId, report, after, meta.progress, now);
    }

    async function afterEdit(
      client: WebClient,
      teamId: string,
      userId: string,
      before: MeetingReport,
      after: ReportChanges,
      progress: ReportMetadata['progress'],
      now: Date,
    ) {
      const menteeId = before.menteeId;
      deps.changes.changed(teamId, [userId, menteeId]);
      await storage.audit.record({
        teamId,
        actorId: userId,
        action: 'report.edited',
        subjectType: 'meeting_report',
        subjectId: before.id,
        detail: { mentorshipId: before.mentorshipId, menteeId, fields: changedFields(before, after) },
        at: now,
      });
      if (after.summary !== before.summary) {
        try {
          await sendDm(deps.clientFor(teamId), menteeId, reportUpdatedDm(userId, after.metOn, menteeId, now));
        } catch (error) {
          deps.logger.warn(`could not tell ${menteeId} about the edit of meeting report ${before.id}`, error);
        }
      }
      // The confirmation DM keeps telling the truth: the date it names is the date now saved.
      const confirmation = await storage.reports.confirmation(teamId, before.id);
      if (confirmation) {
        await updateMessage(
          deps.clientFor(teamId),
          confirmation,
          reportSavedDm(menteeId, after.metOn, before.id, now, true),
        ).catch((error: unknown) =>
          deps.logger.warn(`could not update the confirmation DM of meeting report ${before.id}`, error),
        );
      }
      if (progress) {
        await refreshProgress(deps, client, teamId, userId, progress.viewId, menteeId, progress.page).catch(
          (error: unknown) =>
            deps.logger.warn(`could not redraw the progress page after editing meeting report ${before.id}`, error),
        );
      }
    }

    router.add({
      name: 'report',
      usage: 'report @mentee',
      summary: 'file a meeting report for a mentee you support',
      performs: 'report.file',
      run: reportCommand,
    });
    app.action<BlockAction<ButtonAction>>(ACTIONS.openReport, performs('report.file', onOpenReport));
    app.view<ViewSubmitAction>(ACTIONS.submitReport, performs('report.file', onSubmit));
    app.action<BlockAction<ButtonAction>>(ACTIONS.editReport, performs('report.edit', onEditReport));
    app.view<ViewSubmitAction>(ACTIONS.submitReportEdit, performs('report.edit', onSubmitEdit));
  },
};

import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { REPORT_FIELDS as F } from '../../slack/ids.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { user } from '../../slack/text.ts';
import { readValue } from '../../slack/values.ts';
import { MentorshipNotActiveError } from '../../storage/reports.ts';
import { queueCheckins } from '../checkins/service.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { endedNotice } from '../mentorships/ended-notice.ts';
import { progressPageOf, refreshProgress } from '../progress/surface.ts';
import { formInput, notYours, openForm, reportClock, storedFields } from './form.ts';
import { type ValidReport, validateReport } from './rules.ts';
import { OpenReportValue, type ProgressPageRef, ReportModalMeta } from './values.ts';
import { cannotReportModal, reportAddedDm, reportSavedDm } from './views.ts';

/** `/mentor report @mentee` */
export async function reportCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const who = mentionOrHint(ctx.args[0], '/mentor report @mia');
  if ('error' in who) {
    await ctx.reply(who.error);
    return;
  }
  const active = (await deps.storage.mentorships.listOpenBetween(ctx.teamId, ctx.userId, who.userId)).filter(
    (m) => m.status === 'active',
  );
  if (active.length === 0) {
    await ctx.reply(notYours(who.userId));
    return;
  }
  await ctx.ack();
  await openForm(deps, ctx.raw.client, ctx.triggerId, ctx.teamId, ctx.userId, {
    menteeId: who.userId,
    mentorships: active.map((m) => ({ id: m.id, topicName: m.topicName })),
  });
}

/** "Log meeting report" on Home, reminders, the progress page or an accepted assignment (value: mentorship id). */
export async function openReportForm(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  const mentorshipId = readValue(OpenReportValue, action.value);
  if (mentorshipId === undefined) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const m = await deps.storage.mentorships.get(teamId, mentorshipId);
  if (m?.status !== 'active' || m.supporterId !== body.user.id) {
    const why =
      m && m.supporterId === body.user.id
        ? m.status === 'ended'
          ? endedNotice(m, body.user.id, deps.now())
          : `Your mentorship with ${user(m.menteeId)} is no longer active, so there is no report to file.`
        : m
          ? notYours(m.menteeId)
          : "I couldn't find that mentorship. Your Home tab shows the mentees you support now.";
    await client.views.open({ trigger_id: body.trigger_id, view: cannotReportModal(why) });
    return;
  }
  const progress = progressPageOf(body);
  await openForm(
    deps,
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

/** The report form's submit: checks it, files the report, then tells everyone concerned. */
export async function fileReport(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const meta = readValue(ReportModalMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const teamId = teamOf(body);
  const userId = body.user.id;
  const { menteeId, mentorshipIds } = meta;
  const [{ today, startedOn }, goals] = await Promise.all([
    reportClock(deps, teamId, userId, mentorshipIds),
    deps.storage.reports.openGoals(teamId, menteeId),
  ]);
  const checked = validateReport(formInput(view.state.values), {
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
  let filed: Awaited<ReturnType<typeof deps.storage.reports.file>>;
  try {
    filed = await deps.storage.reports.file(
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
  await afterFiling(deps, { teamId, userId, menteeId, reportId: filed.report.id, report: r, now }, meta.progress);
}

/** A report just filed, as the steps after filing need it. */
interface Filed {
  teamId: string;
  userId: string;
  menteeId: string;
  reportId: number;
  report: ValidReport;
  now: Date;
}

/** Records the filing, tells both people, redraws the page it came from and queues the mentee's check-in. */
async function afterFiling(deps: Deps, f: Filed, progress: ProgressPageRef | undefined): Promise<void> {
  const { teamId, userId, menteeId, reportId, report: r, now } = f;
  await deps.storage.helpRequests.acknowledgeOpen(teamId, menteeId, userId, now);
  deps.changes.changed(teamId, [userId, menteeId]);
  await deps.storage.audit.record({
    teamId,
    actorId: userId,
    action: 'report.filed',
    subjectType: 'meeting_report',
    subjectId: reportId,
    detail: { mentorshipId: r.mentorshipId, menteeId, suggestedTasks: r.tasks.length },
    at: now,
  });
  await tellAboutReport(deps, f);
  // Filed from the progress page: the page underneath shows the report at once, so nobody files twice.
  if (progress?.viewId) {
    await refreshProgress(deps, deps.clientFor(teamId), teamId, userId, progress.viewId, menteeId, progress.page).catch(
      (error: unknown) =>
        deps.logger.warn(`could not redraw the progress page after meeting report ${reportId}`, error),
    );
  }
  // The mentee's own view of the meeting: asked now if the gentleness rules allow, else later.
  await queueCheckins(deps, [
    { teamId, kind: 'meeting', mentorshipId: r.mentorshipId, reportId, personId: menteeId, otherId: userId },
  ]);
}

/** The mentee learns a report exists; the author gets the confirmation that edits it later. */
async function tellAboutReport(deps: Deps, f: Filed): Promise<void> {
  const { teamId, userId, menteeId, reportId, report: r, now } = f;
  try {
    await sendDm(deps.clientFor(teamId), menteeId, reportAddedDm(userId, r.metOn, r.tasks.length, menteeId, now));
  } catch (error) {
    deps.logger.warn(`could not tell ${menteeId} about meeting report ${reportId}`, error);
  }
  try {
    const posted = await sendDm(deps.clientFor(teamId), userId, reportSavedDm(menteeId, r.metOn, reportId, now));
    await deps.storage.reports.setConfirmation(teamId, reportId, posted);
  } catch (error) {
    deps.logger.warn(`could not confirm meeting report ${reportId} to ${userId}`, error);
  }
}

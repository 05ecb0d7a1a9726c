import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { updateMessage } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { REPORT_FIELDS as F } from '../../slack/ids.ts';
import { answerOutOfDate, showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { MeetingReport, ReportChanges } from '../../storage/reports.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { progressPageOf, refreshProgress } from '../progress/surface.ts';
import { formInput, KEEP_TEXT, reportClock, storedFields, todayFor } from './form.ts';
import { changedFields, editableGoals, editableSince, editRefusal, validateReport } from './rules.ts';
import { EditReportValue, type ProgressPageRef, ReportEditMeta } from './values.ts';
import { editRefusalText, type ReportTarget, reportModal, reportSavedDm } from './views.ts';

/** The report and why `userId` may not edit it now (undefined when they may). */
async function editable(deps: Deps, teamId: string, reportId: number, userId: string, now: Date) {
  const report = await deps.storage.reports.get(teamId, reportId, { userId, isAdmin: false });
  if (!report) return { report, why: editRefusalText('missing') };
  const m = await deps.storage.mentorships.get(teamId, report.mentorshipId);
  const active = m?.status === 'active' && m.supporterId === report.authorId;
  const refusal = editRefusal(report, userId, now, active);
  return { report, mentorship: m, why: refusal && editRefusalText(refusal, report.menteeId) };
}

/** "Edit report" on the author's confirmation DM or their progress page (value: report id). */
export async function openReportEdit(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  const reportId = readValue(EditReportValue, action.value);
  if (reportId === undefined) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const { report, mentorship, why } = await editable(deps, teamId, reportId, body.user.id, deps.now());
  if (why || !report || !mentorship) {
    await tellClicker(args, why ?? editRefusalText('missing'));
    return;
  }
  const [open, today] = await Promise.all([
    deps.storage.reports.openGoals(teamId, report.menteeId),
    todayFor(deps, teamId, body.user.id),
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

/** The edit form's submit: saves the changes if the report may still be changed and nobody changed it meanwhile. */
export async function saveReportEdit(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view, client } = args;
  const meta = readValue(ReportEditMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const teamId = teamOf(body);
  const userId = body.user.id;
  const now = deps.now();
  const refuse = (why: string) => ack({ response_action: 'errors', errors: { [F.summary]: why } });
  const { report, why } = await editable(deps, teamId, meta.reportId, userId, now);
  if (why || !report) {
    await refuse(`${why ?? editRefusalText('missing')}${KEEP_TEXT}`);
    return;
  }
  const [{ today, startedOn }, open] = await Promise.all([
    reportClock(deps, teamId, userId, [report.mentorshipId]),
    deps.storage.reports.openGoals(teamId, report.menteeId),
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
  const after = storedFields(checked.report, goals);
  let saved: boolean;
  try {
    const guard = { editableSince: editableSince(now), seenUpdatedAt: meta.seenUpdatedAt };
    saved = await deps.storage.reports.edit(teamId, report.id, userId, after, guard, now);
  } catch (error) {
    await refuse(unexpectedFailure(deps.logger, 'saving changes to a meeting report', error));
    return;
  }
  if (!saved) {
    // A redelivery of a submission already saved finds the report as submitted: nothing to do.
    if (changedFields(report, after).length === 0) await ack();
    else {
      // Refused by the guard: the window closed or the mentorship ended meanwhile, or another save came first.
      const again = await editable(deps, teamId, report.id, userId, deps.now());
      await refuse(again.why ? `${again.why}${KEEP_TEXT}` : editRefusalText('stale'));
    }
    return;
  }
  await ack();
  await afterEdit(deps, client, { teamId, userId, before: report, after, progress: meta.progress, now });
}

/** An edit just saved, as the steps after saving need it. */
interface Edited {
  teamId: string;
  userId: string;
  before: MeetingReport;
  after: ReportChanges;
  progress: ProgressPageRef | undefined;
  now: Date;
}

/**
 * Records the edit and brings the confirmation DM and the page up to date. It messages nobody: a
 * fix to a report is not news, and the mentee reads the current one on their progress page.
 */
async function afterEdit(deps: Deps, client: WebClient, e: Edited): Promise<void> {
  const { teamId, userId, before, after, progress, now } = e;
  const menteeId = before.menteeId;
  deps.changes.changed(teamId, [userId, menteeId]);
  await deps.storage.audit.record({
    teamId,
    actorId: userId,
    action: 'report.edited',
    subjectType: 'meeting_report',
    subjectId: before.id,
    detail: { mentorshipId: before.mentorshipId, menteeId, fields: changedFields(before, after) },
    at: now,
  });
  // The confirmation DM keeps telling the truth: the date it names is the date now saved.
  const confirmation = await deps.storage.reports.confirmation(teamId, before.id);
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

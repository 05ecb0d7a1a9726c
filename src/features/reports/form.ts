import type { BlockAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { localDay } from '../../calendar/dates.ts';
import type { Deps } from '../../deps.ts';
import { REPORT_FIELDS as F } from '../../slack/ids.ts';
import { showModal } from '../../slack/surface.ts';
import { user } from '../../slack/text.ts';
import { selectedDate, selectedValue, selectedValues, textOf } from '../../slack/view-state.ts';
import type { GoalRef, ReportChanges } from '../../storage/reports.ts';
import type { ReportInput, ValidReport } from './rules.ts';
import { type ReportTarget, reportModal } from './views.ts';

/*
 * What filing a report and editing one share: the supporter's clock, the form as sent, what a
 * checked form stores.
 */

export const KEEP_TEXT = ' Copy anything you want to keep before closing this form.';

export const notYours = (menteeId: string) =>
  `You can file meeting reports only for mentees you actively support, and ${user(menteeId)} isn't one of them right now. \`/mentor list\` shows who you support.`;

/** The supporter's own calendar day: "not in the future" means on their clock. */
export async function todayFor(deps: Deps, teamId: string, userId: string): Promise<string> {
  const me = await deps.people.profile(teamId, userId).catch(() => undefined);
  return localDay(deps.now(), me?.tz);
}

/**
 * The supporter's clock for checking a report: their day today, and the local day each mentorship
 * began, the earliest a meeting of it can be. One profile read, with the mentorships read beside it.
 */
export async function reportClock(
  deps: Deps,
  teamId: string,
  userId: string,
  ids: readonly number[],
): Promise<{ today: string; startedOn: Record<number, string> }> {
  const [me, started] = await Promise.all([
    deps.people.profile(teamId, userId).catch(() => undefined),
    Promise.all(
      ids
        .slice(0, 20)
        .filter((id) => Number.isInteger(id))
        .map((id) => deps.storage.mentorships.get(teamId, id)),
    ),
  ]);
  const startedOn: Record<number, string> = {};
  for (const m of started) if (m?.acceptedAt) startedOn[m.id] = localDay(m.acceptedAt, me?.tz);
  return { today: localDay(deps.now(), me?.tz), startedOn };
}

/** Opens the form fresh, or pushed over the progress page it was asked for from (`from`). */
export async function openForm(
  deps: Deps,
  client: WebClient,
  triggerId: string,
  teamId: string,
  userId: string,
  target: ReportTarget,
  from?: BlockAction,
): Promise<void> {
  const [goals, today] = await Promise.all([
    deps.storage.reports.openGoals(teamId, target.menteeId),
    todayFor(deps, teamId, userId),
  ]);
  const view = reportModal(target, goals, today);
  if (from) await showModal(client, from, view);
  else await client.views.open({ trigger_id: triggerId, view });
}

/** What the report form sent, as text, ready for `validateReport`. */
export function formInput(values: ViewSubmitAction['view']['state']['values']): ReportInput {
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

/** What a checked form stores, for a new report and for an edit alike. */
export function storedFields(r: ValidReport, goals: readonly GoalRef[]): ReportChanges {
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

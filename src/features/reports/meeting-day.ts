import { addDays, localClock, localDay } from '../../calendar/dates.ts';
import { actions, button, context, type Message, section } from '../../slack/blocks.ts';
import { sendDm } from '../../slack/dm.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, user } from '../../slack/text.ts';
import type { UpcomingMeeting } from '../../storage/reports.ts';
import type { SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';
import { mayNudge } from '../checkins/rules.ts';
import { openProgressValue } from '../progress/values.ts';
import { openReportValue } from './values.ts';

/** The morning, on the person's own clock, in which the "you meet today" DM goes out. */
export const MORNING = { from: 7, until: 12 } as const;

/** True when it is the morning of `meetingOn` where this person is. Pure. */
export function isMeetingMorning(meetingOn: string, now: Date, tz: string | null | undefined): boolean {
  if (localDay(now, tz) !== meetingOn) return false;
  const { hour } = localClock(now, tz);
  return hour >= MORNING.from && hour < MORNING.until;
}

/** The DM on the morning of a meeting: the supporter is pointed to the page to prepare from, the mentee to their goals. */
export function meetingDayDm(m: UpcomingMeeting, to: string): Message {
  const other = to === m.supporterId ? m.menteeId : m.supporterId;
  const topic = m.topicName ? ` (${inlineText(m.topicName)})` : '';
  const text = `:calendar: You meet ${user(other)} today${topic}.`;
  const next =
    to === m.supporterId
      ? `Have a look at ${user(m.menteeId)}'s progress page before you meet, and file a short meeting report afterwards.`
      : 'Your progress page has your goals and tasks, if you want something to bring.';
  return {
    text,
    blocks: [
      section(`${text} ${next}`),
      actions([
        button('Open progress page', ACTIONS.openProgress, openProgressValue(m.menteeId), { style: 'primary' }),
        ...(to === m.supporterId
          ? [button('Log meeting report', ACTIONS.openReport, openReportValue(m.mentorshipId))]
          : []),
      ]),
      context('The date comes from the last meeting report. A new report with another date replaces it.'),
    ],
  };
}

/**
 * DMs both people of each mentorship whose next meeting is today where they are, once each, in
 * their morning. Claimed before sending, so two sweeps never send it twice; a failed send gives
 * the claim back for a later sweep that morning. It is a nudge: under "fewer messages" it is not
 * sent to someone who had one in the last week (no use a day late, so it is not kept for later),
 * and once sent it is their week's one.
 */
export async function sendMeetingDayNotices(deps: SweepDeps, run: SweepRun): Promise<void> {
  const utcToday = run.now.toISOString().slice(0, 10);
  // Local days are within a day of UTC either way.
  const meetings = await deps.storage.reports.upcomingMeetings(addDays(utcToday, -1), addDays(utcToday, 1));
  for (const m of meetings) {
    if (!(await run.served(m.teamId))) continue;
    for (const personId of [m.supporterId, m.menteeId]) {
      try {
        await tellOfMeeting(deps, run, m, personId);
      } catch (error) {
        deps.logger.warn(`could not tell ${personId} about today's meeting (mentorship ${m.mentorshipId})`, error);
      }
    }
  }
}

export const meetingDays: SweepPhase = { name: 'meeting-days', run: sendMeetingDayNotices };

/** One side's "you meet today", if it is their meeting morning and their nudge budget allows. */
async function tellOfMeeting(deps: SweepDeps, run: SweepRun, m: UpcomingMeeting, personId: string): Promise<void> {
  const { storage } = deps;
  const { now } = run;
  const person = await deps.people.profile(m.teamId, personId).catch(() => undefined);
  if (person?.isDeleted || !isMeetingMorning(m.on, now, person?.tz)) return;
  if (!mayNudge(await storage.checkins.settings(m.teamId, personId), now)) {
    run.counts.heldBack++;
    return;
  }
  const claim = { teamId: m.teamId, mentorshipId: m.mentorshipId, personId, on: m.on };
  if (!(await storage.reports.claimMeetingNotice(claim, now))) return;
  try {
    await sendDm(deps.clientFor(m.teamId), personId, meetingDayDm(m, personId));
    run.counts.sent++;
    await storage.checkins.noteNudge(m.teamId, personId, now);
  } catch (error) {
    await storage.reports.releaseMeetingNotice(claim);
    throw error;
  }
}

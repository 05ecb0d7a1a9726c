import { addDays, localClock, localDay } from '../../programme/dates.ts';
import { actions, button, context, type Message, section } from '../../slack/blocks.ts';
import { sendDm } from '../../slack/dm.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, user } from '../../slack/text.ts';
import type { UpcomingMeeting } from '../../storage/reports.ts';
import { mayNudge } from '../checkins/rules.ts';
import type { SweepPhaseOptions } from '../reminders/phase.ts';

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
        button('Open progress page', ACTIONS.openProgress, m.menteeId, { style: 'primary' }),
        ...(to === m.supporterId ? [button('Log meeting report', ACTIONS.openReport, String(m.mentorshipId))] : []),
      ]),
      context('The date comes from the last meeting report. A new report with another date replaces it.'),
    ],
  };
}

export type MeetingDayOptions = SweepPhaseOptions;

/**
 * DMs both people of each mentorship whose next meeting is today where they are, once each, in
 * their morning. Claimed before sending, so two sweeps never send it twice; a failed send gives
 * the claim back for a later sweep that morning. It is a nudge: under "fewer messages" it is not
 * sent to someone who had one in the last week (no use a day late, so it is not kept for later),
 * and once sent it is their week's one.
 */
export async function sendMeetingDayNotices(o: MeetingDayOptions): Promise<number> {
  const utcToday = o.now.toISOString().slice(0, 10);
  // Local days are within a day of UTC either way.
  const meetings = await o.storage.reports.upcomingMeetings(addDays(utcToday, -1), addDays(utcToday, 1));
  let sent = 0;
  for (const m of meetings) {
    if (o.served && !(await o.served(m.teamId))) continue;
    for (const personId of [m.supporterId, m.menteeId]) {
      try {
        const person = await o.profile(m.teamId, personId).catch(() => undefined);
        if (person?.isDeleted || !isMeetingMorning(m.on, o.now, person?.tz)) continue;
        if (!mayNudge(await o.storage.checkins.settings(m.teamId, personId), o.now)) continue;
        const claim = { teamId: m.teamId, mentorshipId: m.mentorshipId, personId, on: m.on };
        if (!(await o.storage.reports.claimMeetingNotice(claim, o.now))) continue;
        try {
          await sendDm(o.clientFor(m.teamId), personId, meetingDayDm(m, personId));
          sent++;
          await o.storage.checkins.noteNudge(m.teamId, personId, o.now);
        } catch (error) {
          await o.storage.reports.releaseMeetingNotice(claim);
          throw error;
        }
      } catch (error) {
        o.logger.warn(`could not tell ${personId} about today's meeting (mentorship ${m.mentorshipId})`, error);
      }
    }
  }
  return sent;
}

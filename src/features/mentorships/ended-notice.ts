import { shortDate, user } from '../../slack/text.ts';
import type { Mentorship } from '../../storage/rows.ts';

/**
 * What a click on an old message about a mentorship that has ended answers (issue 23): what
 * happened and that there is nothing to do, never a refusal. Second person for the two people in
 * it; an offer that ended before it was accepted reads as withdrawn.
 */
export function endedNotice(
  m: Pick<Mentorship, 'supporterId' | 'menteeId' | 'endedAt' | 'acceptedAt'>,
  viewerId: string,
  today: Date,
): string {
  const on = m.endedAt ? ` on ${shortDate(m.endedAt, today)}` : '';
  if (!m.acceptedAt && viewerId === m.supporterId)
    return `The request to support ${user(m.menteeId)} was withdrawn${on}, so there's nothing to do here.`;
  const other = viewerId === m.supporterId ? m.menteeId : viewerId === m.menteeId ? m.supporterId : undefined;
  const which = other
    ? `Your mentorship with ${user(other)}`
    : `The mentorship of ${user(m.menteeId)} by ${user(m.supporterId)}`;
  return `${which} ended${on}, so there's nothing to do here.`;
}

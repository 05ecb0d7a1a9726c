import type { Mentorship } from '../../src/storage/rows.ts';

/** A mentorship row for tests of pure code: pending, no topic, between US and UM, unless it says otherwise. */
export const mentorshipRow = (over: Partial<Mentorship> = {}): Mentorship => ({
  id: 1,
  teamId: 'T',
  supporterId: 'US',
  menteeId: 'UM',
  topicId: null,
  topicName: null,
  supporterKind: 'mentor',
  status: 'pending',
  assignedBy: 'UA',
  notify: true,
  createdAt: '',
  acceptedAt: null,
  declinedAt: null,
  endedAt: null,
  endedBy: null,
  feedbackFrom: null,
  lastReportAt: null,
  snoozedUntil: null,
  offerChannel: null,
  offerTs: null,
  helpOpen: false,
  ...over,
});

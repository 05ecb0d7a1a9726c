/** Row shapes as the rest of the app sees them (booleans normalised, instants as ISO strings). */

export type SupporterKind = 'mentor' | 'coach' | 'advisor' | 'on_demand_advisor';
export type MentorshipStatus = 'pending' | 'active' | 'declined' | 'ended';
export type TopicKind = 'role' | 'skillset';

export interface Person {
  teamId: string;
  userId: string;
  name: string | null;
  tz: string | null;
  isWorkspaceAdmin: boolean;
  isBot: boolean;
  isDeleted: boolean;
  fetchedAt: string | null;
  adminGrantedBy: string | null;
  adminGrantedAt: string | null;
}

export interface Topic {
  id: number;
  teamId: string;
  kind: TopicKind;
  name: string;
  description: string | null;
  createdAt: string;
  archivedAt: string | null;
}

export interface Mentorship {
  id: number;
  teamId: string;
  supporterId: string;
  menteeId: string;
  topicId: number | null;
  topicName: string | null;
  supporterKind: SupporterKind;
  status: MentorshipStatus;
  assignedBy: string;
  notify: boolean;
  createdAt: string;
  acceptedAt: string | null;
  declinedAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
  feedbackFrom: string | null;
  lastReportAt: string | null;
  snoozedUntil: string | null;
  offerChannel: string | null;
  offerTs: string | null;
  /** True while an help request for this mentee and topic (or any topic, when the mentorship has none) is open. */
  helpOpen: boolean;
  /** The next meeting the latest meeting report names, if any (YYYY-MM-DD; may have passed). */
  nextMeetingOn?: string | null;
  /** Its programme; null (a row from the previous release) is the workspace's default programme. */
  programmeId?: number | null;
  /** Its programme's name, read only when the workspace runs more than one (null otherwise). */
  programmeName?: string | null;
}

/** A mentorship as `/mentor list` shows it. */
export type ListedMentorship = Pick<
  Mentorship,
  | 'id'
  | 'supporterId'
  | 'menteeId'
  | 'topicId'
  | 'topicName'
  | 'supporterKind'
  | 'status'
  | 'helpOpen'
  | 'programmeName'
> & {
  /** The stored display name of the other person of the pair (the mentee, or the supporter). */
  otherName?: string | null;
};

/** The id of an inserted row: PostgreSQL's `returning('id')` gives `{ id }`, SQLite's a bare id. */
export const insertedId = (row: unknown): number =>
  Number(typeof row === 'object' && row !== null ? (row as { id: unknown }).id : row);

import type { Db } from '../db.ts';
import { nextMeetingSql, openHelpIdSql } from '../mentorships.ts';
import { inProgrammes, type ProgrammeScope } from '../programme-scope.ts';
import type { MentorshipStatus, SupporterKind } from '../rows.ts';
import { num, str } from './listing.ts';

export interface ExportRow {
  id: number;
  supporterId: string;
  supporterName: string | null;
  menteeId: string;
  menteeName: string | null;
  topicName: string | null;
  supporterKind: SupporterKind;
  status: MentorshipStatus;
  createdAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  feedbackFrom: string | null;
  lastReportAt: string | null;
  helpOpen: boolean;
  nextMeetingOn?: string | null;
}

const toExportRow = (r: Record<string, unknown>): ExportRow => ({
  id: num(r.id),
  supporterId: String(r.supporter_id),
  supporterName: str(r.supporter_name),
  menteeId: String(r.mentee_id),
  menteeName: str(r.mentee_name),
  topicName: str(r.topic_name),
  supporterKind: r.supporter_kind as SupporterKind,
  status: r.status as MentorshipStatus,
  createdAt: String(r.created_at),
  acceptedAt: str(r.accepted_at),
  endedAt: str(r.ended_at),
  feedbackFrom: str(r.feedback_from),
  lastReportAt: str(r.last_report_at),
  helpOpen: r.assistance_id != null,
  nextMeetingOn: str(r.next_meeting_on),
});

/** One page of every mentorship in the workspace (in scope) for the CSV export, by id after `afterId`. */
export async function exportPage(
  db: Db,
  teamId: string,
  afterId: number,
  limit: number,
  scope?: ProgrammeScope,
): Promise<ExportRow[]> {
  const rows = (await inProgrammes(db, db('mentorships as m'), scope)
    .leftJoin('topics as t', 't.id', 'm.topic_id')
    .leftJoin('people as ps', (j) => j.on('ps.team_id', 'm.team_id').andOn('ps.user_id', 'm.supporter_id'))
    .leftJoin('people as pm', (j) => j.on('pm.team_id', 'm.team_id').andOn('pm.user_id', 'm.mentee_id'))
    .where('m.team_id', teamId)
    .where('m.id', '>', afterId)
    // Never the private end_reason: only what the export shows is selected.
    .select(
      'm.id',
      'm.supporter_id',
      'm.mentee_id',
      'm.supporter_kind',
      'm.status',
      'm.created_at',
      'm.accepted_at',
      'm.ended_at',
      'm.feedback_from',
      'm.last_report_at',
      't.name as topic_name',
      'ps.name as supporter_name',
      'pm.name as mentee_name',
      db.raw(`${openHelpIdSql()} as assistance_id`),
      db.raw(`${nextMeetingSql()} as next_meeting_on`),
    )
    .orderBy('m.id')
    .limit(limit)) as Record<string, unknown>[];
  return rows.map(toExportRow);
}

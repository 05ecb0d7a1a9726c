import type { Db } from './db.ts';

export type MeetingFormat = 'in_person' | 'call' | 'video' | 'chat';

/** What a progress page shows of a meeting report. The private note is deliberately not selected. */
export interface ReportSummary {
  id: number;
  mentorshipId: number;
  authorId: string;
  metOn: string;
  durationMinutes: number;
  format: MeetingFormat;
  summary: string;
  progress: number;
  nextMeetingOn: string | null;
}

/** Read-only queries for the progress page that no other store owns. */
export function progressStore(db: Db) {
  return {
    async latestReports(teamId: string, menteeId: string, limit = 5): Promise<ReportSummary[]> {
      const rows = await db('meeting_reports')
        .where({ team_id: teamId, mentee_id: menteeId })
        .select('id', 'mentorship_id', 'author_id', 'met_on', 'duration_minutes', 'format', 'summary', 'progress', 'next_meeting_on')
        .orderBy([{ column: 'met_on', order: 'desc' }, { column: 'id', order: 'desc' }])
        .limit(limit);
      return rows.map((r) => ({
        id: Number(r.id),
        mentorshipId: Number(r.mentorship_id),
        authorId: r.author_id as string,
        metOn: r.met_on as string,
        durationMinutes: Number(r.duration_minutes),
        format: r.format as MeetingFormat,
        summary: r.summary as string,
        progress: Number(r.progress),
        nextMeetingOn: (r.next_meeting_on as string | null) ?? null,
      }));
    },
  };
}

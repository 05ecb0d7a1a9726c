import { z } from 'zod';
import { jsonText, rowIdNumber, rowIdText, userIdText } from '../../slack/values.ts';
import type { MeetingFormat } from '../../storage/reports.ts';

/**
 * "Log meeting report" (Home, reminders, the progress page, an accepted assignment, the meeting
 * morning DM): the mentorship the report is about.
 */
export const openReportValue = (mentorshipId: number): string => String(mentorshipId);
export const OpenReportValue = rowIdText;

/** "Edit report" (the author's confirmation DM, their progress page): the meeting report. */
export const editReportValue = (reportId: number): string => String(reportId);
export const EditReportValue = rowIdText;

/** The progress page (and page of it) a report form was opened from, redrawn once the report is saved. */
export interface ProgressPageRef {
  viewId: string;
  page: number;
}

/** The report form's private_metadata. */
export interface ReportMetadata {
  menteeId: string;
  mentorshipIds: number[];
  /** Set when the form edits an existing report: its id and the version it was opened on. */
  reportId?: number;
  seenUpdatedAt?: string;
  progress?: ProgressPageRef;
}

export const reportModalMeta = (meta: ReportMetadata): string => JSON.stringify(meta);

const progressPage = z.object({ viewId: z.string().min(1).max(255), page: z.number().int().min(1) });
const newReport = z.object({
  menteeId: userIdText,
  mentorshipIds: z.array(rowIdNumber).min(1).max(100),
  progress: progressPage.optional(),
});
/** A new report's form: the mentee, the mentorships it may be about, the page to redraw. */
export const ReportModalMeta = jsonText(newReport);
/**
 * An edit's form: also the report and the version it was opened on, which storage compares
 * (and adds a millisecond to), so it must be an instant.
 */
export const ReportEditMeta = jsonText(newReport.extend({ reportId: rowIdNumber, seenUpdatedAt: z.iso.datetime() }));

/** The topic select (several mentorships with one mentee): option values are mentorship ids. */
export const mentorshipOptionValue = (mentorshipId: number): string => String(mentorshipId);
export const MentorshipOptionValue = rowIdText;

/** The goals discussed select: option values are goal ids. */
export const goalOptionValue = (goalId: number): string => String(goalId);
export const GoalOptionValue = rowIdText;

/** "How you met": option values are the stored format. */
export const formatOptionValue = (format: MeetingFormat): string => format;
export const FormatOptionValue = z.enum(['in_person', 'call', 'video', 'chat'] satisfies MeetingFormat[]);

/** "How is it going?": option values are the score, 1 (off track) to 5 (ahead). */
export const progressOptionValue = (score: number): string => String(score);
export const ProgressOptionValue = z.enum(['1', '2', '3', '4', '5']).transform(Number);

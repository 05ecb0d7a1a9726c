import { rowIdText } from '../../slack/values.ts';

/** "Snooze 3 days" on a reminder: the mentorship to stop reminding about for now. */
export const snoozeValue = (mentorshipId: number): string => String(mentorshipId);
export const SnoozeValue = rowIdText;

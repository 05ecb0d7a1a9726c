import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { exportCommand, exportFromHome } from './export.ts';
import { openReportCommand, openReportFromButton } from './report.ts';

/** The admins' mentorships report and the CSV export of every mentorship. */
export const adminReport: Feature = {
  name: 'admin-report',
  subcommands: [
    {
      name: 'admin report',
      usage: 'admin report',
      summary: 'the mentorships report: load, late meeting reports, open help requests, who is waiting',
      performs: 'oversight.report',
      run: openReportCommand,
    },
    {
      name: 'admin export',
      usage: 'admin export',
      summary: 'every mentorship as a CSV file, sent to your DM',
      performs: 'oversight.export',
      run: exportCommand,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openMentorshipsReport, performs: 'oversight.report', handle: openReportFromButton },
    { kind: 'action', id: ACTIONS.exportCsv, performs: 'oversight.export', handle: exportFromHome },
  ],
};

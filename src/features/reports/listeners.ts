import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { openReportEdit, saveReportEdit } from './edit.ts';
import { fileReport, openReportForm, reportCommand } from './file.ts';

/** Meeting reports: filed by the supporter after a meeting, changed by them within 24 hours. */
export const reports: Feature = {
  name: 'reports',
  subcommands: [
    {
      name: 'report',
      usage: 'report @mentee',
      summary: 'file a meeting report for a mentee you support',
      performs: 'report.file',
      run: reportCommand,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openReport, performs: 'report.file', handle: openReportForm },
    { kind: 'view', id: ACTIONS.submitReport, performs: 'report.file', handle: fileReport },
    { kind: 'action', id: ACTIONS.editReport, performs: 'report.edit', handle: openReportEdit },
    { kind: 'view', id: ACTIONS.submitReportEdit, performs: 'report.edit', handle: saveReportEdit },
  ],
};

import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { exportAuditLog, openAuditLog } from './audit.ts';
import {
  browseProgramme,
  clearFilters,
  filterByFlags,
  filterByState,
  filterBySupporter,
  filterByTopic,
  openProgramme,
  turnProgrammePage,
} from './browse.ts';
import { actOnRow } from './row.ts';

/** Everyone in the programme: the admins' filterable, paged view of every mentorship, and what resolves each. */
export const programme: Feature = {
  name: 'programme',
  subcommands: [
    {
      name: 'admin mentorships',
      usage: 'admin mentorships [pending|active|ended|declined|attention] [overdue] [help]',
      summary: 'everyone in the programme: every mentorship, filtered, with what resolves each',
      performs: 'programme.browse',
      run: browseProgramme,
    },
    {
      name: 'admin audit',
      usage: 'admin audit',
      summary: 'the audit log: who assigned, ended, granted and exported what, and when (CSV too)',
      performs: 'audit.read',
      run: openAuditLog,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.exportAudit, performs: 'audit.read', handle: exportAuditLog },
    { kind: 'action', id: ACTIONS.openProgramme, performs: 'programme.browse', handle: openProgramme },
    { kind: 'action', id: ACTIONS.programmeState, performs: 'programme.browse', handle: filterByState },
    { kind: 'action', id: ACTIONS.programmeTopic, performs: 'programme.browse', handle: filterByTopic },
    { kind: 'action', id: ACTIONS.programmeSupporter, performs: 'programme.browse', handle: filterBySupporter },
    { kind: 'action', id: ACTIONS.programmeFlags, performs: 'programme.browse', handle: filterByFlags },
    { kind: 'action', id: ACTIONS.programmeClear, performs: 'programme.browse', handle: clearFilters },
    { kind: 'action', id: ACTIONS.programmePage, performs: 'programme.browse', handle: turnProgrammePage },
    { kind: 'action', id: ACTIONS.programmePagePrevious, performs: 'programme.browse', handle: turnProgrammePage },
    { kind: 'action', id: ACTIONS.programmeRow, performs: 'programme.browse', handle: actOnRow },
  ],
};

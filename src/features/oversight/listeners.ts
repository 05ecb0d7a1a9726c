import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { exportAuditLog, openAuditLog } from './audit.ts';
import {
  browseOversight,
  clearFilters,
  filterByFlags,
  filterByState,
  filterBySupporter,
  filterByTopic,
  openOversight,
  turnOversightPage,
} from './browse.ts';
import { actOnRow } from './row.ts';

/** Everyone in the programme: the admins' filterable, paged view of every mentorship, and what resolves each. */
export const oversight: Feature = {
  name: 'programme',
  subcommands: [
    {
      name: 'admin mentorships',
      usage: 'admin mentorships [pending|active|ended|declined|attention] [overdue] [help]',
      summary: 'everyone in the programme: every mentorship, filtered, with what resolves each',
      performs: 'oversight.browse',
      run: browseOversight,
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
    { kind: 'action', id: ACTIONS.openOversight, performs: 'oversight.browse', handle: openOversight },
    { kind: 'action', id: ACTIONS.oversightState, performs: 'oversight.browse', handle: filterByState },
    { kind: 'action', id: ACTIONS.oversightTopic, performs: 'oversight.browse', handle: filterByTopic },
    { kind: 'action', id: ACTIONS.oversightSupporter, performs: 'oversight.browse', handle: filterBySupporter },
    { kind: 'action', id: ACTIONS.oversightFlags, performs: 'oversight.browse', handle: filterByFlags },
    { kind: 'action', id: ACTIONS.oversightClear, performs: 'oversight.browse', handle: clearFilters },
    { kind: 'action', id: ACTIONS.oversightPage, performs: 'oversight.browse', handle: turnOversightPage },
    { kind: 'action', id: ACTIONS.oversightPagePrevious, performs: 'oversight.browse', handle: turnOversightPage },
    { kind: 'action', id: ACTIONS.oversightRow, performs: 'oversight.browse', handle: actOnRow },
  ],
};

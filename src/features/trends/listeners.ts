import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { pickCohort } from './cohort.ts';

/** The report's "Programme over time": picking a cohort redraws that part of the open report. */
export const trends: Feature = {
  name: 'trends',
  listeners: [{ kind: 'action', id: ACTIONS.trendsCohort, performs: 'oversight.report', handle: pickCohort }],
};

import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { onRunAgain } from './run-again.ts';

/** A cohort's end (its sweep phase, attached in src/features/index.ts) and "Run again" from its final report. */
export const cohorts: Feature = {
  name: 'cohorts',
  listeners: [{ kind: 'action', id: ACTIONS.cohortRunAgain, performs: 'programme.run_again', handle: onRunAgain }],
};

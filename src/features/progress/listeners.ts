import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { openProgressCommand, openProgressPage } from './open.ts';
import { turnProgressPage } from './page.ts';

/** The progress page: a mentee's goals, tasks, calls for help and meeting reports, for those who may see them. */
export const progress: Feature = {
  name: 'progress',
  subcommands: [
    {
      name: 'progress',
      usage: 'progress [@mentee]',
      summary: 'open a progress page: yours, or that of a mentee you support',
      performs: 'progress.view',
      run: openProgressCommand,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openProgress, performs: 'progress.view', handle: openProgressPage },
    { kind: 'action', id: ACTIONS.progressPage, performs: 'progress.view', handle: turnProgressPage },
  ],
};

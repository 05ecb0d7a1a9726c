import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { joinCommand, onJoinClick, onJoinSubmit } from './join.ts';

/** `/mentor join`: the programmes open to someone, and joining one as a mentee or a supporter. */
export const enrolment: Feature = {
  name: 'enrolment',
  subcommands: [
    {
      name: 'join',
      usage: 'join [programme]',
      summary: 'the programmes you can join, or join one by name',
      performs: 'programme.join',
      run: joinCommand,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.programmeJoin, performs: 'programme.join', handle: onJoinClick },
    { kind: 'view', id: ACTIONS.programmeJoinSubmit, performs: 'programme.join', handle: onJoinSubmit },
  ],
};

import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { onAccept, onDecline, onWhatsInvolved } from './accept-decline.ts';
import { assignByCommand, onAssignChanged, onAssignSubmit, onOpenAssign } from './assign.ts';
import { endByCommand, onConfirmEnd, onEndNow, onEndPicked, onEndReason, onEndSubmit } from './end.ts';
import { listMentorships } from './list.ts';
import { onMentorshipMenu } from './menu.ts';
import { reassignByCommand } from './reassign.ts';

/** Assigning a supporter, answering the offer, ending and reassigning, and `/mentor list`. */
export const mentorships: Feature = {
  name: 'mentorships',
  subcommands: [
    {
      name: 'assign',
      usage: 'assign [@supporter @mentee [topic] [as coach|advisor|on-demand advisor] [silently]]',
      summary: 'assign a supporter to a mentee (without arguments, opens a form)',
      performs: 'mentorship.assign',
      run: assignByCommand,
    },
    {
      name: 'end',
      usage: 'end @person [topic] · end @supporter @mentee [topic]',
      summary: "end your mentorship with someone (or, as an admin, anyone's), with no blame (asks you to confirm)",
      performs: 'mentorship.end',
      run: endByCommand,
    },
    {
      name: 'reassign',
      usage: 'reassign @old-supporter @new-supporter @mentee [topic] [silently]',
      summary: 'end a mentorship and hand it to another supporter in one step',
      performs: 'mentorship.reassign',
      run: reassignByCommand,
    },
    {
      name: 'list',
      usage: 'list',
      summary: 'your mentorships: who you support and who supports you',
      performs: 'mentorships.list_own',
      run: listMentorships,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openAssignModal, performs: 'mentorship.assign', handle: onOpenAssign },
    { kind: 'action', id: ACTIONS.assignSupporterPicked, performs: 'mentorship.assign', handle: onAssignChanged },
    { kind: 'action', id: ACTIONS.assignMenteePicked, performs: 'mentorship.assign', handle: onAssignChanged },
    { kind: 'action', id: ACTIONS.assignTopicPicked, performs: 'mentorship.assign', handle: onAssignChanged },
    { kind: 'action', id: ACTIONS.assignProgrammePicked, performs: 'mentorship.assign', handle: onAssignChanged },
    { kind: 'view', id: ACTIONS.assignSubmit, performs: 'mentorship.assign', handle: onAssignSubmit },
    { kind: 'action', id: ACTIONS.acceptAssignment, performs: 'mentorship.answer_assignment', handle: onAccept },
    { kind: 'action', id: ACTIONS.declineAssignment, performs: 'mentorship.answer_assignment', handle: onDecline },
    { kind: 'action', id: ACTIONS.whatsInvolved, performs: 'help.read', handle: onWhatsInvolved },
    { kind: 'action', id: ACTIONS.confirmEnd, performs: 'mentorship.end', handle: onConfirmEnd },
    { kind: 'action', id: ACTIONS.endPicked, performs: 'mentorship.end', handle: onEndPicked },
    { kind: 'view', id: ACTIONS.endSubmit, performs: 'mentorship.end', handle: onEndSubmit },
    // The danger-styled confirmation ends at once; the private reason is asked for after.
    { kind: 'action', id: ACTIONS.endNow, performs: 'mentorship.end', handle: onEndNow },
    { kind: 'view', id: ACTIONS.endReasonSubmit, performs: 'mentorship.end', handle: onEndReason },
    // The ⋯ menu next to a mentorship on Home (End, and the mentee's Ask for help or the supporter's Suggest a task).
    { kind: 'action', id: ACTIONS.mentorshipMenu, performs: 'mentorship.end', handle: onMentorshipMenu },
  ],
};

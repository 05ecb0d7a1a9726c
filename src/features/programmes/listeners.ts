import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { onAgree, onReadAgreement } from './agreement.ts';
import { onSaveProgramme } from './form.ts';
import { listProgrammes, onEditProgramme, onNewProgramme, showProgramme } from './page.ts';

/** `/mentor programmes` and `/mentor programme <name>`: the programmes, their pages, their form and agreements. */
export const programmes: Feature = {
  name: 'programmes',
  subcommands: [
    {
      name: 'programmes',
      usage: 'programmes',
      summary: 'the programmes this workspace runs',
      performs: 'programmes.view',
      run: listProgrammes,
    },
    {
      name: 'programme',
      usage: 'programme <name>',
      summary: "a programme's purpose, agreement, rhythm and managers",
      performs: 'programmes.view',
      run: showProgramme,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.programmeNew, performs: 'programme.create', handle: onNewProgramme },
    { kind: 'action', id: ACTIONS.programmeEdit, performs: 'programme.edit', handle: onEditProgramme },
    { kind: 'view', id: ACTIONS.programmeSave, performs: 'programme.edit', handle: onSaveProgramme },
    { kind: 'action', id: ACTIONS.readAgreement, performs: 'programmes.view', handle: onReadAgreement },
    { kind: 'action', id: ACTIONS.agreeAgreement, performs: 'programme.agree', handle: onAgree },
  ],
};

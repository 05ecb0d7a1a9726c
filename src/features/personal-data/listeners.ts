import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { exportPersonalData } from './export.ts';
import { forgetPerson } from './forget.ts';
import { openPersonRequest } from './request.ts';

/**
 * A person's data on request (GDPR Art. 15 and 17): `/mentor admin person @x export|forget` opens
 * a confirmation modal; its submission sends the file or erases the text, and says so by DM.
 */
export const personalData: Feature = {
  name: 'personal-data',
  subcommands: [
    {
      name: 'admin person',
      usage: 'admin person @person [export|forget]',
      summary:
        'one person: what they support and are supported in, their load and history; with export or forget, their data (data protection requests)',
      // The page is the programme view's (a programme's manager sees the person within theirs); both
      // requests are admin-only, checked when asked for and again when the modal is submitted.
      performs: 'oversight.browse',
      run: openPersonRequest,
    },
  ],
  listeners: [
    { kind: 'view', id: ACTIONS.personExportSubmit, performs: 'person.export', handle: exportPersonalData },
    { kind: 'view', id: ACTIONS.personForgetSubmit, performs: 'person.forget', handle: forgetPerson },
  ],
};

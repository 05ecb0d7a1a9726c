import type { Feature } from '../feature.ts';
import { addAdmin, removeAdmin } from './grants.ts';

/** `/mentor admin add|remove @user`: Lifering's own admin grants, next to ADMIN_USER_IDS and Slack's admins. */
export const admin: Feature = {
  name: 'admin',
  subcommands: [
    {
      name: 'admin add',
      usage: 'admin add @person',
      summary: 'make someone a Lifering admin',
      performs: 'admins.manage',
      run: addAdmin,
    },
    {
      name: 'admin remove',
      usage: 'admin remove @person',
      summary: "remove someone's Lifering admin grant",
      performs: 'admins.manage',
      run: removeAdmin,
    },
  ],
};

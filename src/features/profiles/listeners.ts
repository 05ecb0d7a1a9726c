import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { offerCommand, openOffer, saveOffer } from './offer.ts';

/** Supporter profiles: what a supporter offers, so suggestions can rank them. Anyone may offer. */
export const profiles: Feature = {
  name: 'profiles',
  subcommands: [
    {
      name: 'offer',
      usage: 'offer',
      summary: 'say which topics you can help with, how many mentees you can take, and when you are away',
      performs: 'profile.manage_own',
      run: offerCommand,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openOffer, performs: 'profile.manage_own', handle: openOffer },
    { kind: 'view', id: ACTIONS.saveOffer, performs: 'profile.manage_own', handle: saveOffer },
  ],
};

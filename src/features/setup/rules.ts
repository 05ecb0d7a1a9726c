import type { SetupProgress } from '../../storage/overview.ts';

export type SetupStepName = 'topics' | 'profiles' | 'paired';

/** The first-day steps in order, each done or not; the card goes once every one is done. Pure. */
export function setupSteps(p: SetupProgress): { name: SetupStepName; done: boolean }[] {
  return [
    { name: 'topics', done: p.topics },
    { name: 'profiles', done: p.profiles },
    { name: 'paired', done: p.paired },
  ];
}

export const setupDone = (p: SetupProgress): boolean => setupSteps(p).every((s) => s.done);

/** How many people one invitation may ask at once: each is a DM, sent after the form closes. */
export const INVITE_MAX = 30;

import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { openAssistCommand, openAssistForm, saveAssist } from './ask.ts';
import { openAskForm, sendAsk } from './ask-for-help.ts';
import { resolveHelp } from './resolve.ts';

/** Familiarity with a topic, and the call for help (the life ring) to a mentee's supporters. */
export const helpRequests: Feature = {
  name: 'help-requests',
  subcommands: [
    {
      name: 'assist',
      usage: 'assist [topic]',
      summary: 'say how familiar you are with a topic, and ask your supporters for help',
      performs: 'help.raise',
      run: openAssistCommand,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openAssist, performs: 'help.raise', handle: openAssistForm },
    { kind: 'action', id: ACTIONS.resolveHelp, performs: 'help.resolve', handle: resolveHelp },
    { kind: 'view', id: ACTIONS.saveAssist, performs: 'help.raise', handle: saveAssist },
    // "🛟 Ask for help": the life ring one tap away, addressed to the supporters by name.
    { kind: 'action', id: ACTIONS.askForHelp, performs: 'help.raise', handle: openAskForm },
    { kind: 'view', id: ACTIONS.sendAsk, performs: 'help.raise', handle: sendAsk },
  ],
};

import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { openAssistCommand, openAssistForm, saveAssist } from './ask.ts';
import { openAskForm, sendAsk } from './ask-for-help.ts';
import { resolveAssistance } from './resolve.ts';

/** Familiarity with a topic, and the call for help (the life ring) to a mentee's supporters. */
export const assistance: Feature = {
  name: 'assistance',
  subcommands: [
    {
      name: 'assist',
      usage: 'assist [topic]',
      summary: 'say how familiar you are with a topic, and ask your supporters for help',
      performs: 'assistance.raise',
      run: openAssistCommand,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openAssist, performs: 'assistance.raise', handle: openAssistForm },
    { kind: 'action', id: ACTIONS.resolveAssistance, performs: 'assistance.resolve', handle: resolveAssistance },
    { kind: 'view', id: ACTIONS.saveAssist, performs: 'assistance.raise', handle: saveAssist },
    // "🛟 Ask for help": the life ring one tap away, addressed to the supporters by name.
    { kind: 'action', id: ACTIONS.askForHelp, performs: 'assistance.raise', handle: openAskForm },
    { kind: 'view', id: ACTIONS.sendAsk, performs: 'assistance.raise', handle: sendAsk },
  ],
};

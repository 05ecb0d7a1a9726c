import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { snoozeReminder } from './snooze.ts';

/** Reminders to file a meeting report (sent by the sweep); a supporter may snooze one. */
export const reminders: Feature = {
  name: 'reminders',
  listeners: [{ kind: 'action', id: ACTIONS.snoozeReminder, performs: 'reminder.snooze', handle: snoozeReminder }],
};

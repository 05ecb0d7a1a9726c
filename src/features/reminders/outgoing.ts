import type { Message } from '../../slack/blocks.ts';
import type { PendingReminder } from '../../storage/reminders.ts';

/** A DM the sweep is about to send, the ledger rows it settles, and what follows once Slack took it. */
export interface OutgoingDm {
  rows: PendingReminder[];
  message: Message;
  afterSent?: (where: { channel: string; ts: string }) => Promise<void>;
}

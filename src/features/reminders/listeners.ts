import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import { context, textMessage } from '../../slack/blocks.ts';
import { updateMessage } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { ACTIONS, rowId } from '../../slack/ids.ts';
import { teamOf } from '../../slack/team.ts';
import { shortDate, user } from '../../slack/text.ts';
import type { Feature } from '../feature.ts';
import { reminderBlockId } from './views.ts';

export const SNOOZE_DAYS = 3;

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export const reminders: Feature = {
  name: 'reminders',
  register(app: App, deps: Deps) {
    /** "Snooze 3 days" on a reminder (value: the mentorship id): no reminders for it until then. */
    async function onSnooze({ ack, body, action, respond }: ButtonArgs) {
      await ack();
      const teamId = teamOf(body);
      const userId = body.user.id;
      const tell = async (text: string) => {
        if (body.response_url)
          await respond({ response_type: 'ephemeral', replace_original: false, ...textMessage(text) });
      };
      try {
        const mentorshipId = rowId(action.value);
        const now = deps.now();
        const until = new Date(now.getTime() + SNOOZE_DAYS * 86_400_000);
        const snoozed = Number.isInteger(mentorshipId)
          ? await deps.storage.reminders.snooze(teamId, mentorshipId, userId, until)
          : undefined;
        if (!snoozed) {
          await tell("You aren't an active supporter in that mentorship any more, so there is nothing to snooze.");
          return;
        }
        await deps.storage.audit.record({
          teamId,
          actorId: userId,
          action: 'reminder.snoozed',
          subjectType: 'mentorship',
          subjectId: mentorshipId,
          detail: { until: until.toISOString() },
          at: now,
        });
        deps.changes.changed(teamId, [userId]);
        const note = `:zzz: Snoozed: I'll remind you about ${user(snoozed.menteeId)} again after ${shortDate(until.toISOString(), now)}.`;
        if (body.message && body.channel) {
          // Swap that mentee's buttons for the note, so the DM shows what was done.
          const blocks = ((body.message.blocks ?? []) as KnownBlock[]).map((b) =>
            b.block_id === reminderBlockId(mentorshipId) ? context(note) : b,
          );
          await updateMessage(
            deps.clientFor(teamId),
            { channel: body.channel.id, ts: body.message.ts },
            { text: String(body.message.text ?? note), blocks },
          );
        } else {
          await tell(note);
        }
      } catch (error) {
        await tell(unexpectedFailure(deps.logger, 'snoozing a reminder', error)).catch(() => undefined);
      }
    }

    app.action<BlockAction<ButtonAction>>(ACTIONS.snoozeReminder, performs('reminder.snooze', onSnooze));
  },
};

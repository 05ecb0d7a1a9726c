import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Deps } from '../../deps.ts';
import { context, textMessage } from '../../slack/blocks.ts';
import { updateMessage } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { shortDate, user } from '../../slack/text.ts';
import { readValue } from '../../slack/values.ts';
import type { ActionArgs } from '../feature.ts';
import { endedNotice } from '../mentorships/ended-notice.ts';
import { SnoozeValue } from './values.ts';
import { reminderBlockId } from './views.ts';

export const SNOOZE_DAYS = 3;

/** "Snooze 3 days" on a reminder (value: the mentorship id): no reminders for it until then. */
export async function snoozeReminder(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, respond } = args;
  const mentorshipId = readValue(SnoozeValue, action.value);
  if (mentorshipId === undefined) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const userId = body.user.id;
  const tell = async (text: string) => {
    if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, ...textMessage(text) });
  };
  try {
    const now = deps.now();
    const until = new Date(now.getTime() + SNOOZE_DAYS * 86_400_000);
    const snoozed = await deps.storage.reminders.snooze(teamId, mentorshipId, userId, until);
    if (!snoozed) {
      const m = await deps.storage.mentorships.get(teamId, mentorshipId);
      await tell(
        m?.status === 'ended' && m.supporterId === userId
          ? endedNotice(m, userId, now)
          : "You aren't an active supporter in that mentorship any more, so there is nothing to snooze.",
      );
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

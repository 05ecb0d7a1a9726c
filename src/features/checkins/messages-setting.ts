import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedValue } from '../../slack/view-state.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { MESSAGES_BLOCK, messageSettingsModal, settingText } from './settings.ts';
import { MessagesChoiceValue } from './values.ts';

/** `/mentor messages [fewer|normal]`: sets it at once, or with no word opens the choice. */
export async function messagesCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const word = (ctx.args[0] ?? '').toLowerCase();
  if (word === '') {
    await ctx.ack();
    const s = await deps.storage.checkins.settings(ctx.teamId, ctx.userId);
    await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: messageSettingsModal(s.fewerMessages) });
    return;
  }
  if (word !== 'fewer' && word !== 'normal')
    return ctx.reply(
      'Say `/mentor messages fewer` or `/mentor messages normal`, or just `/mentor messages` for the choice.',
    );
  await deps.storage.checkins.setFewerMessages(ctx.teamId, ctx.userId, word === 'fewer', deps.now());
  await ctx.reply(`Saved. ${settingText(word === 'fewer')}`);
}

/** "Message settings" on Home: opens the choice. */
export async function openMessageSettings(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const s = await deps.storage.checkins.settings(teamOf(body), body.user.id);
  await client.views.open({ trigger_id: body.trigger_id, view: messageSettingsModal(s.fewerMessages) });
}

/** The message settings form: normal or fewer. */
export async function saveMessageSettings(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const picked = selectedValue(view.state.values, MESSAGES_BLOCK);
  if (picked === undefined)
    return void (await ack({ response_action: 'errors', errors: { [MESSAGES_BLOCK]: 'Pick one.' } }));
  const choice = readValue(MessagesChoiceValue, picked);
  if (!choice) return answerOutOfDate(args);
  await deps.storage.checkins.setFewerMessages(teamOf(body), body.user.id, choice === 'fewer', deps.now());
  await ack();
}

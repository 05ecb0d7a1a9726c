import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { answerOutOfDate, modalOf, showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { ActionArgs } from '../feature.ts';
import { suggesterRole } from './access.ts';
import { SUGGEST_REFUSAL } from './rules.ts';
import { SuggestTaskValue } from './values.ts';
import { goalModal, taskModal } from './views.ts';

/** `/mentor goal`: the form for a goal of one's own. */
export async function openGoalCommand(_deps: Deps, ctx: CommandContext): Promise<void> {
  await ctx.ack();
  await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: goalModal({ menteeId: ctx.userId }) });
}

/** `/mentor task [@mentee]`: a task of one's own, or one suggested to a mentee one supports. */
export async function openTaskCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const target = ctx.args[0] ? mentionOrHint(ctx.args[0], '/mentor task @mia') : { userId: ctx.userId };
  if ('error' in target) {
    await ctx.reply(target.error);
    return;
  }
  await ctx.ack();
  const role = await suggesterRole(deps, ctx.teamId, ctx.userId, target.userId);
  if (!role) {
    await ctx.reply(SUGGEST_REFUSAL);
    return;
  }
  const open = await deps.storage.goals.listForMentee(ctx.teamId, target.userId);
  const view = taskModal(
    { menteeId: target.userId },
    { goals: open, ...(role === 'suggester' ? { suggestedBy: ctx.userId } : {}) },
  );
  await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view });
}

/** "Add goal" on the mentee's progress page or Home. */
export async function openGoalForm(_deps: Deps, args: ActionArgs): Promise<void> {
  await args.ack();
  const progressViewId = modalOf(args.body)?.id;
  await showModal(
    args.client,
    args.body,
    goalModal({ menteeId: args.body.user.id, ...(progressViewId ? { progressViewId } : {}) }),
  );
}

/** "Add task" on the mentee's progress page or Home. */
export async function openTaskForm(deps: Deps, args: ActionArgs): Promise<void> {
  await args.ack();
  const me = args.body.user.id;
  const progressViewId = modalOf(args.body)?.id;
  const open = await deps.storage.goals.listForMentee(teamOf(args.body), me);
  await showModal(
    args.client,
    args.body,
    taskModal({ menteeId: me, ...(progressViewId ? { progressViewId } : {}) }, { goals: open }),
  );
}

/** "Suggest a task" on a supporter's view of the progress page. */
export async function openSuggestForm(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const menteeId = readValue(SuggestTaskValue, args.action.value);
  if (menteeId === undefined) return answerOutOfDate(args);
  await args.ack();
  await suggestTaskFor(deps, args, menteeId);
}

/** The suggest-a-task form for `menteeId`, or why not; for a click already acked (a button, a Home menu). */
export async function suggestTaskFor(deps: Deps, args: ActionArgs, menteeId: string): Promise<void> {
  const { body, client } = args;
  const teamId = teamOf(body);
  if ((await suggesterRole(deps, teamId, body.user.id, menteeId)) !== 'suggester') {
    await tellClicker(args, SUGGEST_REFUSAL);
    return;
  }
  const progressViewId = modalOf(body)?.id;
  const open = await deps.storage.goals.listForMentee(teamId, menteeId);
  await showModal(
    client,
    body,
    taskModal({ menteeId, ...(progressViewId ? { progressViewId } : {}) }, { goals: open, suggestedBy: body.user.id }),
  );
}

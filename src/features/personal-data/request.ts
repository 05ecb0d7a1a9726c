import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { can } from '../../policy/policy.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { openPersonPage } from '../oversight/person.ts';
import { confirmPersonModal, type PersonRequest } from './views.ts';

const USAGE =
  '`/mentor admin person @sam export` (everything Lifering stores about them, as a file) or `/mentor admin person @sam forget` (erase it)';

/**
 * `/mentor admin person @x [export|forget]`: with a request, the modal that confirms it; on its
 * own, the person's page in the programme (issue 13's oversight).
 */
export async function openPersonRequest(deps: Deps, ctx: CommandContext): Promise<void> {
  const who = mentionOrHint(ctx.args[0], '/mentor admin person @sam export');
  if ('error' in who) return ctx.reply(`${who.error} Use ${USAGE}.`);
  const request = (ctx.args[1] ?? '').toLowerCase();
  if (request === '') return openPersonPage(deps, ctx, who.userId);
  if (request !== 'export' && request !== 'forget') {
    return ctx.reply(
      `${request ? `I can't \`${ctx.args[1]}\` a person.` : 'Say what to do with their data.'} Use ${USAGE}.`,
    );
  }
  if (
    !can(
      await actorOf(deps, ctx.teamId, ctx.userId, 'person.forget'),
      request === 'forget' ? 'person.forget' : 'person.export',
    )
  ) {
    return ctx.reply(await deps.people.whoCanAdminister(ctx.teamId));
  }
  await ctx.ack();
  await ctx.raw.client.views.open({
    trigger_id: ctx.triggerId,
    view: confirmPersonModal(request as PersonRequest, who.userId),
  });
}

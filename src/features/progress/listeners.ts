import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import type { CommandContext, CommandRouter } from '../../slack/command-router.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { type ClickArgs as ActionArgs, modalOf, showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import type { Feature } from '../feature.ts';
import { roleFor } from './access.ts';
import { loadProgress } from './load.ts';
import type { ProgressRole } from './rules.ts';
import { PROGRESS_REFUSAL, parseProgressMeta } from './rules.ts';
import { refreshProgress } from './surface.ts';
import { progressModal } from './views.ts';

export const progress: Feature = {
  name: 'progress',
  register(app: App, deps: Deps, router: CommandRouter) {
    /** A supporter looking at the page has seen the mentee's open calls for help. */
    const acknowledgeIfSupporter = async (teamId: string, menteeId: string, viewerId: string, role: ProgressRole) => {
      if (role === 'supporter') await deps.storage.assistance.acknowledgeOpen(teamId, menteeId, viewerId, deps.now());
    };

    async function progressCommand(ctx: CommandContext) {
      const target = ctx.args[0] ? mentionOrHint(ctx.args[0], '/mentor progress @mia') : { userId: ctx.userId };
      if ('error' in target) {
        await ctx.reply(target.error);
        return;
      }
      await ctx.ack();
      const role = await roleFor(deps, ctx.teamId, ctx.userId, target.userId);
      if (!role) {
        await ctx.reply(PROGRESS_REFUSAL);
        return;
      }
      const data = await loadProgress(deps, ctx.teamId, target.userId, ctx.userId, role);
      await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: progressModal(data) });
      await acknowledgeIfSupporter(ctx.teamId, target.userId, ctx.userId, role);
    }

    async function onOpenProgress(args: ActionArgs) {
      const { ack, body, client } = args;
      await ack();
      const action = body.actions[0];
      const menteeId = action && 'value' in action ? action.value : undefined;
      const teamId = teamOf(body);
      const role = menteeId ? await roleFor(deps, teamId, body.user.id, menteeId) : undefined;
      if (!menteeId || !role) {
        await tellClicker(args, PROGRESS_REFUSAL);
        return;
      }
      await showModal(client, body, progressModal(await loadProgress(deps, teamId, menteeId, body.user.id, role)));
      await acknowledgeIfSupporter(teamId, menteeId, body.user.id, role);
    }

    async function onPage(args: ActionArgs) {
      const { ack, body, client } = args;
      await ack();
      const view = modalOf(body);
      const meta = parseProgressMeta(view?.private_metadata);
      const action = body.actions[0];
      if (!view || !meta || !action || !('value' in action)) return;
      await refreshProgress(deps, client, teamOf(body), body.user.id, view.id, meta.menteeId, Number(action.value));
    }

    router.add({
      name: 'progress',
      usage: 'progress [@mentee]',
      summary: 'open a progress page: yours, or that of a mentee you support',
      performs: 'progress.view',
      run: progressCommand,
    });
    app.action(ACTIONS.openProgress, performs('progress.view', onOpenProgress));
    app.action(ACTIONS.progressPage, performs('progress.view', onPage));
  },
};

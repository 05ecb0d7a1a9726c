import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { performs } from '../../policy/declare.ts';
import { can } from '../../policy/policy.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { updateMessage } from '../../slack/dm.ts';
import { ACTIONS, rowId } from '../../slack/ids.ts';
import { teamOf } from '../../slack/team.ts';
import { selectedValue, textOf } from '../../slack/view-state.ts';
import type { Feature } from '../feature.ts';
import { COMMENT_MAX, parseScoreValue } from './rules.ts';
import { forwardToAdmins } from './service.ts';
import { MESSAGES_BLOCK, messageSettingsModal, settingText } from './settings.ts';
import { answeredDm, COMMENT_BLOCK, commentModal } from './views.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const NOT_YOURS = 'This question was for someone else, so your tap was not counted.';

/** The mentee's voice: one-tap check-ins and close-outs, private comments to admins, and the "fewer messages" setting. */
export const checkins: Feature = {
  name: 'checkins',
  register(app: App, deps: Deps, router: CommandRouter) {
    const { storage } = deps;

    async function onScore({ ack, body, action, respond }: ButtonArgs) {
      await ack();
      const teamId = teamOf(body);
      const userId = body.user.id;
      const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      const picked = parseScoreValue(action.value);
      const before = picked ? await storage.checkins.get(teamId, picked.id) : undefined;
      if (!picked || !before) return void (await say('That question is no longer there, so nothing was saved.'));
      if (
        !can(await actorOf(deps, teamId, userId, 'checkin.answer'), 'checkin.answer', {
          teamId,
          authorId: before.personId,
        })
      )
        return void (await say(NOT_YOURS));
      const answered = await storage.checkins.answer(teamId, picked.id, userId, picked.score, deps.now());
      const now = (await storage.checkins.get(teamId, picked.id)) ?? before;
      const where = now.channel && now.ts ? { channel: now.channel, ts: now.ts } : undefined;
      if (where)
        await updateMessage(deps.clientFor(teamId), where, answeredDm(now, deps.now())).catch((e: unknown) =>
          deps.logger.warn(`could not update check-in ${now.id}`, e),
        );
      if (!answered) return void (await say(`You already answered: ${now.score} of 5. Thank you.`));
      await storage.audit.record({
        teamId,
        actorId: userId,
        action: 'checkin.answered',
        subjectType: 'checkin',
        subjectId: now.id,
        at: deps.now(),
      });
      await forwardToAdmins(deps, answered);
    }

    async function onOpenComment({ ack, body, action, client, respond }: ButtonArgs) {
      await ack();
      const teamId = teamOf(body);
      const c = await storage.checkins.get(teamId, rowId(action.value));
      const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      if (
        !c ||
        !can(await actorOf(deps, teamId, body.user.id, 'checkin.answer'), 'checkin.answer', {
          teamId,
          authorId: c.personId,
        })
      )
        return void (await say(NOT_YOURS));
      if (c.comment) return void (await say('Your comment has already gone to the admins.'));
      await client.views.open({ trigger_id: body.trigger_id, view: commentModal(c, deps.now()) });
    }

    async function onSaveComment({ ack, body, view }: SubmitArgs) {
      const teamId = teamOf(body);
      const userId = body.user.id;
      const comment = textOf(view.state.values, COMMENT_BLOCK)?.slice(0, COMMENT_MAX);
      if (!comment)
        return void (await ack({
          response_action: 'errors',
          errors: { [COMMENT_BLOCK]: 'Write a comment, or close this form: your score is already saved.' },
        }));
      const c = await storage.checkins.get(teamId, rowId(view.private_metadata));
      if (
        !c ||
        !can(await actorOf(deps, teamId, userId, 'checkin.answer'), 'checkin.answer', { teamId, authorId: c.personId })
      )
        return void (await ack({ response_action: 'errors', errors: { [COMMENT_BLOCK]: NOT_YOURS } }));
      const saved = await storage.checkins.comment(teamId, c.id, userId, comment);
      await ack();
      if (!saved) return; // A retried submission: the first one already told the admins.
      if (saved.channel && saved.ts) {
        await updateMessage(
          deps.clientFor(teamId),
          { channel: saved.channel, ts: saved.ts },
          answeredDm(saved, deps.now()),
        ).catch((e: unknown) => deps.logger.warn(`could not update check-in ${saved.id}`, e));
      }
      await forwardToAdmins(deps, saved);
    }

    router.add({
      name: 'messages',
      usage: 'messages [fewer|normal]',
      summary: 'choose fewer messages from Lifering (at most one nudge a week), or normal',
      performs: 'settings.manage_own',
      async run(ctx) {
        const word = (ctx.args[0] ?? '').toLowerCase();
        if (word === '') {
          await ctx.ack();
          const s = await storage.checkins.settings(ctx.teamId, ctx.userId);
          await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: messageSettingsModal(s.fewerMessages) });
          return;
        }
        if (word !== 'fewer' && word !== 'normal')
          return ctx.reply(
            'Say `/mentor messages fewer` or `/mentor messages normal`, or just `/mentor messages` for the choice.',
          );
        await storage.checkins.setFewerMessages(ctx.teamId, ctx.userId, word === 'fewer', deps.now());
        await ctx.reply(`Saved. ${settingText(word === 'fewer')}`);
      },
    });

    app.action<BlockButtonAction>(
      ACTIONS.openMessageSettings,
      performs('settings.manage_own', async ({ ack, body, client }: ButtonArgs) => {
        await ack();
        const s = await storage.checkins.settings(teamOf(body), body.user.id);
        await client.views.open({ trigger_id: body.trigger_id, view: messageSettingsModal(s.fewerMessages) });
      }),
    );
    app.view<ViewSubmitAction>(
      ACTIONS.saveMessageSettings,
      performs('settings.manage_own', async ({ ack, body, view }: SubmitArgs) => {
        const choice = selectedValue(view.state.values, MESSAGES_BLOCK);
        if (choice !== 'fewer' && choice !== 'normal')
          return void (await ack({ response_action: 'errors', errors: { [MESSAGES_BLOCK]: 'Pick one.' } }));
        await storage.checkins.setFewerMessages(teamOf(body), body.user.id, choice === 'fewer', deps.now());
        await ack();
      }),
    );
    // One action id per score: Slack wants them unique within a block.
    app.action<BlockButtonAction>(
      new RegExp(`^${ACTIONS.checkinScore.replace('.', '\\.')}\\.[1-5]$`),
      performs('checkin.answer', onScore),
    );
    app.action<BlockButtonAction>(ACTIONS.checkinComment, performs('checkin.answer', onOpenComment));
    app.view<ViewSubmitAction>(ACTIONS.checkinCommentSave, performs('checkin.answer', onSaveComment));
  },
};

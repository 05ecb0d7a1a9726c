import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { performs } from '../../policy/declare.ts';
import { can } from '../../policy/policy.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { teamOf } from '../../slack/team.ts';
import type { Feature } from '../feature.ts';
import { openPersonPage } from '../programme/person.ts';
import { sendPersonalExport } from './export.ts';
import { confirmPersonModal, forgottenText, nothingStoredText, type PersonRequest } from './views.ts';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const USAGE =
  '`/mentor admin person @sam export` (everything Lifering stores about them, as a file) or `/mentor admin person @sam forget` (erase it)';

/** The person a confirmation modal is about; only a Slack user id is accepted. */
function personIn(privateMetadata: string): string | undefined {
  try {
    const userId = (JSON.parse(privateMetadata) as { userId?: unknown }).userId;
    return typeof userId === 'string' && /^[UW][A-Z0-9]{2,}$/.test(userId) ? userId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A person's data on request (GDPR Art. 15 and 17): `/mentor admin person @x export|forget` opens
 * a confirmation modal; its submission sends the file or erases the text, and says so by DM.
 */
export const personalData: Feature = {
  name: 'personal-data',
  register(app: App, deps: Deps, router: CommandRouter) {
    router.add({
      name: 'admin person',
      usage: 'admin person @person [export|forget]',
      summary:
        'one person: what they support and are supported in, their load and history; with export or forget, their data (data protection requests)',
      // Both requests are admin-only; forget is checked again below and when the modal is submitted.
      performs: 'person.export',
      async run(ctx) {
        const who = mentionOrHint(ctx.args[0], '/mentor admin person @sam export');
        if ('error' in who) return ctx.reply(`${who.error} Use ${USAGE}.`);
        const request = (ctx.args[1] ?? '').toLowerCase();
        // On its own, the person's page in the programme (issue 13's oversight).
        if (request === '' && can(await actorOf(deps, ctx.teamId, ctx.userId), 'programme.browse'))
          return openPersonPage(deps, ctx, who.userId);
        if (request !== 'export' && request !== 'forget') {
          return ctx.reply(
            `${request ? `I can't \`${ctx.args[1]}\` a person.` : 'Say what to do with their data.'} Use ${USAGE}.`,
          );
        }
        if (request === 'forget' && !can(await actorOf(deps, ctx.teamId, ctx.userId), 'person.forget')) {
          return ctx.reply(await deps.people.whoCanAdminister(ctx.teamId));
        }
        await ctx.ack();
        await ctx.raw.client.views.open({
          trigger_id: ctx.triggerId,
          view: confirmPersonModal(request as PersonRequest, who.userId),
        });
      },
    });

    // Admins whose export is being built: a double submission sends one file.
    const exporting = new Set<string>();

    async function onExport({ ack, body, view, client }: SubmitArgs) {
      await ack();
      const teamId = teamOf(body);
      const adminId = body.user.id;
      const userId = personIn(view.private_metadata);
      if (!userId)
        return void (await sendDm(client, adminId, { text: `I couldn't tell whose data you meant. Use ${USAGE}.` }));
      const key = `${teamId}:${adminId}:${userId}`;
      if (exporting.has(key)) return;
      exporting.add(key);
      try {
        const rows = await sendPersonalExport(deps, client, teamId, userId, adminId);
        if (rows === 0) await sendDm(client, adminId, { text: nothingStoredText(userId) });
      } catch (error) {
        await sendDm(client, adminId, { text: unexpectedFailure(deps.logger, 'the personal data export', error) });
      } finally {
        exporting.delete(key);
      }
    }

    async function onForget({ ack, body, view, client }: SubmitArgs) {
      await ack();
      const teamId = teamOf(body);
      const adminId = body.user.id;
      const userId = personIn(view.private_metadata);
      if (!userId)
        return void (await sendDm(client, adminId, { text: `I couldn't tell whose data you meant. Use ${USAGE}.` }));
      await tell(client, adminId, async () => {
        const changed = await deps.storage.personalData.forget(teamId, userId, adminId, deps.now());
        deps.logger.info(`${adminId} had the data of ${userId} in ${teamId} erased: ${JSON.stringify(changed)}`);
        // No Home is refreshed here: drawing one would fetch the person's Slack profile into the
        // cache again at once. Each Home shows the erased text as erased when next opened.
        return forgottenText(userId, changed);
      });
    }

    async function tell(client: WebClient, adminId: string, work: () => Promise<string>): Promise<void> {
      let text: string;
      try {
        text = await work();
      } catch (error) {
        text = unexpectedFailure(deps.logger, 'forgetting a person', error);
      }
      await sendDm(client, adminId, { text });
    }

    app.view<ViewSubmitAction>(ACTIONS.personExportSubmit, performs('person.export', onExport));
    app.view<ViewSubmitAction>(ACTIONS.personForgetSubmit, performs('person.forget', onForget));
  },
};

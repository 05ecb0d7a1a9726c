import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import { localDay } from '../../programme/dates.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { teamOf } from '../../slack/team.ts';
import { selectedDate, selectedValue, textOf } from '../../slack/view-state.ts';
import type { Feature } from '../feature.ts';
import { doneModal } from '../mentorships/views.ts';
import { checkOfferForm, OFFER, profileSummary } from './rules.ts';
import { offerModal, savedText } from './views.ts';

/** Supporter profiles: what a supporter offers, so suggestions can rank them. Anyone may offer. */
export const profiles: Feature = {
  name: 'profiles',
  register(app: App, deps: Deps, router: CommandRouter) {
    const { storage } = deps;

    async function open(client: AllMiddlewareArgs['client'], triggerId: string, teamId: string, userId: string) {
      const [topics, profile] = await Promise.all([storage.topics.list(teamId), storage.profiles.get(teamId, userId)]);
      await client.views.open({
        trigger_id: triggerId,
        view: offerModal({ topics, profile, defaultCapacity: deps.config.maxMenteesPerSupporter }),
      });
    }

    router.add({
      name: 'offer',
      usage: 'offer',
      summary: 'say which topics you can help with, how many mentees you can take, and when you are away',
      performs: 'profile.manage_own',
      async run(ctx) {
        await ctx.ack();
        await open(ctx.raw.client, ctx.triggerId, ctx.teamId, ctx.userId);
      },
    });

    app.action<BlockButtonAction>(
      ACTIONS.openOffer,
      performs(
        'profile.manage_own',
        async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
          await ack();
          await open(client, body.trigger_id, teamOf(body), body.user.id);
        },
      ),
    );

    app.view<ViewSubmitAction>(
      ACTIONS.saveOffer,
      performs(
        'profile.manage_own',
        async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
          const teamId = teamOf(body);
          const userId = body.user.id;
          const values = view.state.values;
          // Also caches their Slack profile, whose time zone the suggestions compare.
          const person = await deps.people.profile(teamId, userId).catch(() => storage.people.get(teamId, userId));
          const today = localDay(deps.now(), person?.tz);
          // Only live topics count: one archived while the form was open is quietly left out.
          const live = new Set((await storage.topics.list(teamId)).map((t) => t.id));
          const levels = new Map<number, string>();
          for (const blockId of Object.keys(values)) {
            if (!blockId.startsWith(OFFER.topicPrefix)) continue;
            const topicId = Number(blockId.slice(OFFER.topicPrefix.length));
            const value = selectedValue(values, blockId);
            if (value && live.has(topicId)) levels.set(topicId, value);
          }
          const checked = checkOfferForm(
            { capacity: textOf(values, OFFER.capacity), awayUntil: selectedDate(values, OFFER.away), levels },
            today,
          );
          if ('errors' in checked) {
            await ack({ response_action: 'errors', errors: checked.errors });
            return;
          }
          await storage.profiles.save(teamId, userId, checked.profile, deps.now());
          const saved = await storage.profiles.get(teamId, userId);
          const summary = saved ? profileSummary(saved, deps.config.maxMenteesPerSupporter, today) : '';
          await ack({ response_action: 'update', view: doneModal('Supporter profile', savedText(summary)) });
          await storage.audit.record({
            teamId,
            actorId: userId,
            action: 'profile.saved',
            subjectType: 'person',
            at: deps.now(),
          });
          deps.changes.changed(teamId, [userId]);
        },
      ),
    );
  },
};

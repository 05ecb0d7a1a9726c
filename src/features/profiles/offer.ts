import type { BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { localDay } from '../../calendar/dates.ts';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedDate, selectedValue, textOf } from '../../slack/view-state.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { doneModal } from '../mentorships/views.ts';
import { checkOfferForm, OFFER, profileSummary } from './rules.ts';
import { OfferTopicBlockId } from './values.ts';
import { offerModal, savedText } from './views.ts';

async function openOfferForm(deps: Deps, client: WebClient, triggerId: string, teamId: string, userId: string) {
  const [topics, profile] = await Promise.all([
    deps.storage.topics.list(teamId),
    deps.storage.profiles.get(teamId, userId),
  ]);
  await client.views.open({
    trigger_id: triggerId,
    view: offerModal({ topics, profile, defaultCapacity: deps.config.maxMenteesPerSupporter }),
  });
}

/** `/mentor offer`: opens the supporter profile form. */
export async function offerCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  await ctx.ack();
  await openOfferForm(deps, ctx.raw.client, ctx.triggerId, ctx.teamId, ctx.userId);
}

/** "Your supporter profile" on Home: opens the form. */
export async function openOffer(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  await openOfferForm(deps, client, body.trigger_id, teamOf(body), body.user.id);
}

/** The level picked for each topic in `live`, by topic id, as sent. */
function pickedLevels(values: ViewSubmitAction['view']['state']['values'], live: ReadonlySet<number>) {
  const levels = new Map<number, string>();
  for (const blockId of Object.keys(values)) {
    const topicId = readValue(OfferTopicBlockId, blockId);
    const value = topicId === undefined ? undefined : selectedValue(values, blockId);
    if (topicId !== undefined && value && live.has(topicId)) levels.set(topicId, value);
  }
  return levels;
}

/** The supporter profile form: saved, then the form shows what admins now see. */
export async function saveOffer(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const { storage } = deps;
  const teamId = teamOf(body);
  const userId = body.user.id;
  const values = view.state.values;
  // Also caches their Slack profile, whose time zone the suggestions compare.
  const person = await deps.people.profile(teamId, userId).catch(() => storage.people.get(teamId, userId));
  const today = localDay(deps.now(), person?.tz);
  // Only live topics count: one archived while the form was open is quietly left out.
  const live = new Set((await storage.topics.list(teamId)).map((t) => t.id));
  const checked = checkOfferForm(
    {
      capacity: textOf(values, OFFER.capacity),
      awayUntil: selectedDate(values, OFFER.away),
      levels: pickedLevels(values, live),
    },
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
}

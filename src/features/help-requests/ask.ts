import type { Deps } from '../../deps.ts';
import type { Message } from '../../slack/blocks.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { answerOutOfDate, modalOf, noticeModal, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { inlineText } from '../../slack/text.ts';
import { readValue } from '../../slack/values.ts';
import { selectedValue, selectedValues, textOf } from '../../slack/view-state.ts';
import type { Db } from '../../storage/db.ts';
import type { FamiliarityLevel } from '../../storage/familiarity.ts';
import type { Mentorship, Topic } from '../../storage/rows.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { peopleAround } from '../progress/access.ts';
import { refreshProgress } from '../progress/surface.ts';
import { closestTopics } from '../requests/rules.ts';
import { announceHelpRequest, type StoredHelpRequest, storeHelpRequest } from './raise.ts';
import { ASSIST_BLOCKS, type AssistInput, assistErrors, parseLevel, REQUEST_OPTION } from './rules.ts';
import { AssistMeta, OpenAssistValue, TopicOptionValue } from './values.ts';
import { assistDidYouMean, assistModal, repeatedHelpText } from './views.ts';

/** `/mentor assist [topic]`: the help form, with the topic picked when one was named. */
export async function openAssistCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  const { storage } = deps;
  const topics = await storage.topics.list(ctx.teamId);
  let topicId: number | undefined;
  if (ctx.rest) {
    const topic = await storage.topics.findByName(ctx.teamId, ctx.rest);
    if (!topic || topic.archivedAt) return ctx.reply(unknownTopicReply(ctx.rest, ctx.args, topics));
    topicId = topic.id;
  }
  await ctx.ack();
  const level = topicId ? (await storage.familiarity.get(ctx.teamId, ctx.userId, topicId))?.level : undefined;
  await ctx.raw.client.views.open({
    trigger_id: ctx.triggerId,
    view: assistModal({ topics, ...(topicId ? { topicId } : {}), ...(level ? { level } : {}) }),
  });
}

/** A topic name that matches none: the closest ones, each a button opening the form on it, as `/mentor request` does. */
function unknownTopicReply(typed: string, words: readonly string[], topics: readonly Topic[]): Message | string {
  const active = topics.filter((t) => !t.archivedAt);
  const close = closestTopics(words, active).filter((c) => c.words === words.length);
  if (close.length === 0) {
    const known = active
      .slice(0, 10)
      .map((t) => `\`${inlineText(t.name)}\``)
      .join(', ');
    return (
      `I couldn't find a topic called \`${inlineText(typed)}\`.` +
      (known ? ` Topics here include ${known}.` : ' This workspace has no topics yet.') +
      ' Type `/mentor assist` on its own to pick one in the form, or to ask for help without a topic.'
    );
  }
  return assistDidYouMean(typed, close);
}

/** The familiarity form, opened from Home, a DM or the progress page (which is redrawn after), or on a suggested topic. */
export async function openAssistForm(deps: Deps, args: ActionArgs): Promise<void> {
  await args.ack();
  const teamId = teamOf(args.body);
  const progressViewId = modalOf(args.body)?.id;
  const topics = await deps.storage.topics.list(teamId);
  const picked = readValue(OpenAssistValue, (args.action as { value?: string }).value);
  const topicId = picked && topics.some((t) => t.id === picked && !t.archivedAt) ? picked : undefined;
  const level = topicId ? (await deps.storage.familiarity.get(teamId, args.body.user.id, topicId))?.level : undefined;
  await showModal(
    args.client,
    args.body,
    assistModal({
      topics,
      meta: progressViewId ? { progressViewId } : {},
      ...(topicId ? { topicId } : {}),
      ...(level ? { level } : {}),
    }),
  );
}

/** What the help form holds, its choices read through the values its builder wrote. */
function assistInput(values: ViewArgs['view']['state']['values']): AssistInput {
  const rawTopic = selectedValue(values, ASSIST_BLOCKS.topic);
  return {
    // A topic value that is not one names no topic (0), which is then saved as none.
    topicId: rawTopic ? (readValue(TopicOptionValue, rawTopic) ?? 0) : undefined,
    level: parseLevel(selectedValue(values, ASSIST_BLOCKS.level)),
    requested: selectedValues(values, ASSIST_BLOCKS.request).includes(REQUEST_OPTION),
    note: textOf(values, ASSIST_BLOCKS.note),
  };
}

/** The help form: saves the familiarity level, and raises the call for help when ticked. */
export async function saveAssist(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const meta = readValue(AssistMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const teamId = teamOf(body);
  const me = body.user.id;
  const input = assistInput(view.state.values);
  const errors = assistErrors(input);
  // Side by side, before the transaction (which holds SQLite's one connection): the topic asked
  // about, and who hears, decided on the mentorships as they are now.
  const [topic, active] = await Promise.all([
    input.topicId ? deps.storage.topics.get(teamId, input.topicId) : undefined,
    input.requested ? deps.storage.mentorships.listForMentee(teamId, me, ['active']) : [],
  ]);
  if (input.topicId && (!topic || topic.archivedAt))
    errors[ASSIST_BLOCKS.topic] = 'That topic is no longer offered. Pick another, or none.';
  if (Object.keys(errors).length) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  // Stored before the ack, together, so a save that fails keeps the form open with the note typed.
  const stored = await storeAssist(deps, teamId, me, { topic, input, active });
  if (stored && !stored.created) await ack({ response_action: 'update', view: noticeModal(repeatedHelpText(stored)) });
  else await ack();
  if (stored) await announceHelpRequest(deps, teamId, me, stored);
  else deps.changes.changed(teamId, await peopleAround(deps, teamId, me));
  if (meta.progressViewId) await refreshProgress(deps, deps.clientFor(teamId), teamId, me, meta.progressViewId, me);
}

/** Stores the familiarity level and the call for help (when asked for) in one transaction. */
async function storeAssist(
  deps: Deps,
  teamId: string,
  me: string,
  asked: { topic: Topic | undefined; input: AssistInput; active: Mentorship[] },
): Promise<StoredHelpRequest | undefined> {
  const { topic, input, active } = asked;
  const now = deps.now();
  return deps.storage.transaction(async (trx) => {
    if (topic && input.level) await recordLevel(deps, trx, teamId, me, topic.id, input.level, now);
    return input.requested
      ? storeHelpRequest(
          deps,
          trx,
          teamId,
          { menteeId: me, topicId: topic?.id ?? null, note: input.note ?? null, active },
          now,
        )
      : undefined;
  });
}

/** A familiarity level set from the help form, with its audit entry. */
async function recordLevel(
  deps: Deps,
  trx: Db,
  teamId: string,
  me: string,
  topicId: number,
  level: FamiliarityLevel,
  now: Date,
): Promise<void> {
  await deps.storage.familiarity.setLevel(teamId, me, topicId, level, now, trx);
  await deps.storage.audit.record(
    {
      teamId,
      actorId: me,
      action: 'familiarity.set',
      subjectType: 'topic',
      subjectId: topicId,
      detail: { level },
      at: now,
    },
    trx,
  );
}

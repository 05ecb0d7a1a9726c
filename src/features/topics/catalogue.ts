import type { BlockAction, BlockButtonAction, OverflowAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { answerOutOfDate, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedValue, textOf } from '../../slack/view-state.ts';
import type { Topic, TopicKind } from '../../storage/rows.ts';
import { DuplicateTopicError } from '../../storage/topics.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { parseTopicMenu, topicNameProblem } from './rules.ts';
import { RenameModalMeta, TopicsModalMeta } from './values.ts';
import { renameModal, TOPIC, topicsModal } from './views.ts';

const allTopics = (deps: Deps, teamId: string) => deps.storage.topics.list(teamId, { includeArchived: true });
const duplicate = (error: DuplicateTopicError) =>
  `There is already a topic called "${error.topicName}" (names ignore case).`;

/** `/mentor topics`: opens the catalogue. */
export async function openTopics(deps: Deps, ctx: CommandContext): Promise<void> {
  await ctx.ack();
  await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: topicsModal(await allTopics(deps, ctx.teamId)) });
}

/** "Topics" and "Add topics" on an admin's Home: the same catalogue. */
export async function openTopicsFromHome(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  // From Home, or on top of "How Lifering works".
  await showModal(client, body, topicsModal(await allTopics(deps, teamOf(body))));
}

/** The catalogue's submit: adds a topic and shows the catalogue again with the name field empty. */
export async function addTopic(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const { storage, now } = deps;
  const teamId = teamOf(body);
  const version = readValue(TopicsModalMeta, view.private_metadata);
  if (version === undefined) return answerOutOfDate(args);
  const nameBlock = `${TOPIC.name}.${version}`;
  const name = textOf(view.state.values, nameBlock);
  const problem = topicNameProblem(name);
  if (problem || !name) {
    await ack({ response_action: 'errors', errors: { [nameBlock]: problem ?? 'Give the topic a name.' } });
    return;
  }
  const kind: TopicKind = selectedValue(view.state.values, `${TOPIC.kind}.${version}`) === 'role' ? 'role' : 'skillset';
  try {
    const created = await storage.topics.create(teamId, { name, kind, createdBy: body.user.id }, now());
    await storage.audit.record({
      teamId,
      actorId: body.user.id,
      action: 'topic.created',
      subjectType: 'topic',
      subjectId: created.id,
      at: now(),
    });
  } catch (error) {
    if (!(error instanceof DuplicateTopicError)) throw error;
    await ack({ response_action: 'errors', errors: { [nameBlock]: duplicate(error) } });
    return;
  }
  await ack({ response_action: 'update', view: topicsModal(await allTopics(deps, teamId), version + 1) });
  // The admin is on Home under this modal, whose setup card may have a step done now; closing a
  // modal brings no app_home_opened, so Home is redrawn here.
  deps.changes.changed(teamId, [body.user.id]);
}

/** A topic's menu: rename (a form on top) or archive and unarchive (at once). */
export async function onTopicMenu(deps: Deps, args: ActionArgs<BlockAction<OverflowAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  const { storage, now } = deps;
  const view = body.view;
  const picked = parseTopicMenu(action.selected_option?.value);
  if (!picked) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const topic = await storage.topics.get(teamId, picked.id);
  if (!view || !topic) return;
  if (picked.verb === 'rename') {
    await client.views.push({ trigger_id: body.trigger_id, view: renameModal(topic, view.id) });
    return;
  }
  await storage.topics.setArchived(teamId, topic.id, picked.verb === 'archive', now());
  await storage.audit.record({
    teamId,
    actorId: body.user.id,
    action: `topic.${picked.verb}d`,
    subjectType: 'topic',
    subjectId: topic.id,
    at: now(),
  });
  const version = readValue(TopicsModalMeta, view.private_metadata) ?? 0;
  await client.views.update({ view_id: view.id, view: topicsModal(await allTopics(deps, teamId), version) });
  // Archiving the last topic undoes the setup card's first step, as adding one does it.
  deps.changes.changed(teamId, [body.user.id]);
}

/** The rename form: renames, then redraws the catalogue underneath. */
export async function renameTopic(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view, client } = args;
  const { storage, now } = deps;
  const teamId = teamOf(body);
  const meta = readValue(RenameModalMeta, view.private_metadata);
  const name = textOf(view.state.values, TOPIC.rename);
  const problem = topicNameProblem(name);
  if (problem || !name || !meta) {
    await ack({ response_action: 'errors', errors: { [TOPIC.rename]: problem ?? 'That topic no longer exists.' } });
    return;
  }
  let renamed: Topic | undefined;
  try {
    renamed = await storage.topics.rename(teamId, meta.id, name);
    if (!renamed) {
      await ack({ response_action: 'errors', errors: { [TOPIC.rename]: 'That topic no longer exists.' } });
      return;
    }
  } catch (error) {
    if (!(error instanceof DuplicateTopicError)) throw error;
    await ack({ response_action: 'errors', errors: { [TOPIC.rename]: duplicate(error) } });
    return;
  }
  await ack();
  await storage.audit.record({
    teamId,
    actorId: body.user.id,
    action: 'topic.renamed',
    subjectType: 'topic',
    subjectId: meta.id,
    // As stored: normalised (src/storage/topics.ts), so the log shows no invisible characters either.
    detail: { name: renamed.name },
    at: now(),
  });
  if (!meta.parent) return;
  await client.views
    .update({ view_id: meta.parent, view: topicsModal(await allTopics(deps, teamId)) })
    .catch((error: unknown) => deps.logger.warn('could not refresh the topics modal after a rename', error));
}

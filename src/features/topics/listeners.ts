import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  OverflowAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { teamOf } from '../../slack/team.ts';
import { selectedValue, textOf } from '../../slack/view-state.ts';
import type { TopicKind } from '../../storage/rows.ts';
import { DuplicateTopicError } from '../../storage/topics.ts';
import type { Feature } from '../feature.ts';
import { parseTopicMenu, topicNameProblem } from './rules.ts';
import { renameModal, TOPIC, topicsModal } from './views.ts';

type OverflowArgs = SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** `/mentor topics`: the admin's catalogue of roles and skillsets. */
export const topics: Feature = {
  name: 'topics',
  register(app: App, deps: Deps, router: CommandRouter) {
    const { storage, now } = deps;
    const all = (teamId: string) => storage.topics.list(teamId, { includeArchived: true });

    router.add({
      name: 'topics',
      usage: 'topics',
      summary: 'add, rename and archive the topics people are supported in',
      action: 'topics.manage',
      async run(ctx) {
        await ctx.ack();
        await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: topicsModal(await all(ctx.teamId)) });
      },
    });

    async function onAdd({ ack, body, view }: SubmitArgs) {
      const teamId = teamOf(body);
      const version = Number(view.private_metadata) || 0;
      const nameBlock = `${TOPIC.name}.${version}`;
      const name = textOf(view.state.values, nameBlock);
      const problem = topicNameProblem(name);
      if (problem || !name) {
        await ack({ response_action: 'errors', errors: { [nameBlock]: problem ?? 'Give the topic a name.' } });
        return;
      }
      const kind: TopicKind =
        selectedValue(view.state.values, `${TOPIC.kind}.${version}`) === 'role' ? 'role' : 'skillset';
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
        await ack({
          response_action: 'errors',
          errors: { [nameBlock]: `There is already a topic called "${error.topicName}" (names ignore case).` },
        });
        return;
      }
      await ack({ response_action: 'update', view: topicsModal(await all(teamId), version + 1) });
    }

    async function onMenu({ ack, body, action, client }: OverflowArgs) {
      await ack();
      const teamId = teamOf(body);
      const view = body.view;
      const picked = parseTopicMenu(action.selected_option?.value);
      if (!view || !picked) return;
      const topic = await storage.topics.get(teamId, picked.id);
      if (!topic) return;
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
      await client.views.update({
        view_id: view.id,
        view: topicsModal(await all(teamId), Number(view.private_metadata) || 0),
      });
    }

    async function onRename({ ack, body, view, client }: SubmitArgs) {
      const teamId = teamOf(body);
      let meta: { id?: number; parent?: string } = {};
      try {
        meta = JSON.parse(view.private_metadata) as typeof meta;
      } catch {
        // An old or foreign view: nothing to rename.
      }
      const name = textOf(view.state.values, TOPIC.rename);
      const problem = topicNameProblem(name);
      if (problem || !name || typeof meta.id !== 'number') {
        await ack({ response_action: 'errors', errors: { [TOPIC.rename]: problem ?? 'That topic no longer exists.' } });
        return;
      }
      try {
        const renamed = await storage.topics.rename(teamId, meta.id, name);
        if (!renamed) {
          await ack({ response_action: 'errors', errors: { [TOPIC.rename]: 'That topic no longer exists.' } });
          return;
        }
      } catch (error) {
        if (!(error instanceof DuplicateTopicError)) throw error;
        await ack({
          response_action: 'errors',
          errors: { [TOPIC.rename]: `There is already a topic called "${error.topicName}" (names ignore case).` },
        });
        return;
      }
      await ack();
      await storage.audit.record({
        teamId,
        actorId: body.user.id,
        action: 'topic.renamed',
        subjectType: 'topic',
        subjectId: meta.id,
        detail: { name },
        at: now(),
      });
      if (meta.parent) {
        const parent = meta.parent;
        await client.views
          .update({ view_id: parent, view: topicsModal(await all(teamId)) })
          .catch((error: unknown) => deps.logger.warn('could not refresh the topics modal after a rename', error));
      }
    }

    app.view<ViewSubmitAction>(ACTIONS.topicsSubmit, performs('topics.manage', onAdd));
    app.action<BlockAction<OverflowAction>>(ACTIONS.topicMenu, performs('topics.manage', onMenu));
    app.view<ViewSubmitAction>(ACTIONS.topicRenameSubmit, performs('topics.manage', onRename));
  },
};

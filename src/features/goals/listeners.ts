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
import { actorOf } from '../../policy/actor.ts';
import { performs } from '../../policy/declare.ts';
import type { CommandContext, CommandRouter } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { type ClickArgs as ActionArgs, modalOf, showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { selectedDate, selectedValue, textOf } from '../../slack/view-state.ts';
import type { Task } from '../../storage/tasks.ts';
import type { Feature } from '../feature.ts';
import { peopleAround } from '../progress/access.ts';
import { refreshProgress } from '../progress/surface.ts';
import {
  type EditMeta,
  GOAL_BLOCKS,
  goalErrors,
  parseEditMeta,
  parseMenuValue,
  SUGGEST_REFUSAL,
  TASK_BLOCKS,
  taskAuthorRole,
  taskErrors,
} from './rules.ts';
import { goalChoice, goalModal, suggestedTaskDm, taskModal } from './views.ts';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type MenuArgs = SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs;

const NOT_YOURS = 'Only the mentee can change the goals and tasks on their progress page.';
const GONE = 'That is already done or dropped, so there is nothing to change.';

export const goals: Feature = {
  name: 'goals',
  register(app: App, deps: Deps, router: CommandRouter) {
    const { storage } = deps;
    const today = () => deps.now().toISOString().slice(0, 10);

    async function suggesterRole(teamId: string, viewerId: string, menteeId: string) {
      const isActiveSupporter =
        viewerId !== menteeId && (await storage.mentorships.isActiveSupporter(teamId, viewerId, menteeId));
      const isAdmin =
        viewerId !== menteeId && !isActiveSupporter && (await actorOf(deps, teamId, viewerId, 'tasks.add')).isAdmin;
      return taskAuthorRole({ viewerId, menteeId, isActiveSupporter, isAdmin });
    }

    /** After a change: Homes refresh, and the progress page underneath (if any) is redrawn. */
    async function afterChange(teamId: string, viewerId: string, menteeId: string, progressViewId: string | undefined) {
      deps.changes.changed(teamId, await peopleAround(deps, teamId, menteeId));
      if (progressViewId)
        await refreshProgress(deps, deps.clientFor(teamId), teamId, viewerId, progressViewId, menteeId);
    }

    async function goalCommand(ctx: CommandContext) {
      await ctx.ack();
      await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: goalModal({ menteeId: ctx.userId }) });
    }

    async function taskCommand(ctx: CommandContext) {
      const target = ctx.args[0] ? mentionOrHint(ctx.args[0], '/mentor task @mia') : { userId: ctx.userId };
      if ('error' in target) {
        await ctx.reply(target.error);
        return;
      }
      await ctx.ack();
      const role = await suggesterRole(ctx.teamId, ctx.userId, target.userId);
      if (!role) {
        await ctx.reply(SUGGEST_REFUSAL);
        return;
      }
      const open = await storage.goals.listForMentee(ctx.teamId, target.userId);
      const view = taskModal(
        { menteeId: target.userId },
        { goals: open, ...(role === 'suggester' ? { suggestedBy: ctx.userId } : {}) },
      );
      await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view });
    }

    async function onAddGoal(args: ActionArgs) {
      await args.ack();
      const progressViewId = modalOf(args.body)?.id;
      await showModal(
        args.client,
        args.body,
        goalModal({ menteeId: args.body.user.id, ...(progressViewId ? { progressViewId } : {}) }),
      );
    }

    async function onAddTask(args: ActionArgs) {
      await args.ack();
      const me = args.body.user.id;
      const progressViewId = modalOf(args.body)?.id;
      const open = await storage.goals.listForMentee(teamOf(args.body), me);
      await showModal(
        args.client,
        args.body,
        taskModal({ menteeId: me, ...(progressViewId ? { progressViewId } : {}) }, { goals: open }),
      );
    }

    async function onSuggestTask(args: ActionArgs) {
      const { ack, body, client } = args;
      await ack();
      const action = body.actions[0];
      const menteeId = action && 'value' in action ? action.value : undefined;
      const teamId = teamOf(body);
      if (!menteeId || (await suggesterRole(teamId, body.user.id, menteeId)) !== 'suggester') {
        await tellClicker(args, SUGGEST_REFUSAL);
        return;
      }
      const progressViewId = modalOf(body)?.id;
      const open = await storage.goals.listForMentee(teamId, menteeId);
      await showModal(
        client,
        body,
        taskModal(
          { menteeId, ...(progressViewId ? { progressViewId } : {}) },
          { goals: open, suggestedBy: body.user.id },
        ),
      );
    }

    async function onGoalMenu(args: MenuArgs) {
      const { ack, body, client } = args;
      await ack();
      const teamId = teamOf(body);
      const me = body.user.id;
      const choice = parseMenuValue(body.actions[0]?.selected_option?.value);
      const goal = choice ? await storage.goals.get(teamId, choice.id) : undefined;
      if (!choice || !goal || goal.menteeId !== me) return tellClicker(args, NOT_YOURS);
      if (goal.status !== 'open') return tellClicker(args, GONE);
      const progressViewId = modalOf(body)?.id;
      if (choice.verb === 'edit') {
        const meta: EditMeta = {
          menteeId: me,
          id: goal.id,
          previousDate: goal.targetDate,
          ...(progressViewId ? { progressViewId } : {}),
        };
        await showModal(client, body, goalModal(meta, goal));
        return;
      }
      const to = choice.verb === 'done' ? 'done' : 'dropped';
      const closed = await storage.goals.close(teamId, goal.id, to, deps.now());
      if (closed)
        await storage.audit.record({
          teamId,
          actorId: me,
          action: `goal.${to}`,
          subjectType: 'goal',
          subjectId: goal.id,
          at: deps.now(),
        });
      await afterChange(teamId, me, me, progressViewId);
    }

    async function onTaskMenu(args: MenuArgs) {
      const { ack, body, client } = args;
      await ack();
      const teamId = teamOf(body);
      const me = body.user.id;
      const choice = parseMenuValue(body.actions[0]?.selected_option?.value);
      const task = choice ? await storage.tasks.get(teamId, choice.id) : undefined;
      if (!choice || !task || task.menteeId !== me) return tellClicker(args, NOT_YOURS);
      if (task.doneAt || task.droppedAt) return tellClicker(args, GONE);
      const progressViewId = modalOf(body)?.id;
      if (choice.verb === 'edit') {
        const open = await storage.goals.listForMentee(teamId, me);
        const meta: EditMeta = {
          menteeId: me,
          id: task.id,
          previousDate: task.dueDate,
          ...(progressViewId ? { progressViewId } : {}),
        };
        await showModal(client, body, taskModal(meta, { goals: open, task }));
        return;
      }
      const to = choice.verb === 'done' ? 'done' : 'dropped';
      const closed = await storage.tasks.close(teamId, task.id, to, deps.now());
      if (closed)
        await storage.audit.record({
          teamId,
          actorId: me,
          action: `task.${to}`,
          subjectType: 'task',
          subjectId: task.id,
          at: deps.now(),
        });
      await afterChange(teamId, me, me, progressViewId);
    }

    async function onSaveGoal({ ack, body, view }: ViewArgs) {
      const meta = parseEditMeta(view.private_metadata);
      const teamId = teamOf(body);
      const me = body.user.id;
      const v = view.state.values;
      const fields = {
        title: textOf(v, GOAL_BLOCKS.title),
        detail: textOf(v, GOAL_BLOCKS.detail),
        targetDate: selectedDate(v, GOAL_BLOCKS.target),
      };
      const errors = goalErrors({ ...fields, previousDate: meta?.previousDate, today: today() });
      const existing = meta?.id ? await storage.goals.get(teamId, meta.id) : undefined;
      if (!meta || meta.menteeId !== me || (meta.id && existing?.menteeId !== me))
        errors[GOAL_BLOCKS.title] = NOT_YOURS;
      else if (meta.id && existing?.status !== 'open') errors[GOAL_BLOCKS.title] = GONE;
      if (Object.keys(errors).length) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      // Saved before the ack, so a save that fails keeps the form open with what was typed.
      const g = { title: fields.title!, detail: fields.detail ?? null, targetDate: fields.targetDate ?? null };
      const now = deps.now();
      if (meta!.id) {
        const updated = await storage.goals.update(teamId, meta!.id, g, now);
        if (updated)
          await storage.audit.record({
            teamId,
            actorId: me,
            action: 'goal.update',
            subjectType: 'goal',
            subjectId: updated.id,
            detail: g,
            at: now,
          });
      } else {
        const { goal, created } = await storage.goals.create(teamId, me, g, now, `${view.id}:${view.hash}`);
        if (created)
          await storage.audit.record({
            teamId,
            actorId: me,
            action: 'goal.create',
            subjectType: 'goal',
            subjectId: goal.id,
            detail: g,
            at: now,
          });
      }
      await ack();
      await afterChange(teamId, me, me, meta!.progressViewId);
    }

    async function onSaveTask({ ack, body, view }: ViewArgs) {
      const meta = parseEditMeta(view.private_metadata);
      const teamId = teamOf(body);
      const me = body.user.id;
      const v = view.state.values;
      const goalId = goalChoice(selectedValue(v, TASK_BLOCKS.goal));
      const menteeId = meta?.menteeId ?? me;
      const goal = goalId ? await storage.goals.get(teamId, goalId) : undefined;
      const goalOk = goalId === null || (goal?.menteeId === menteeId && goal.status === 'open');
      const fields = { title: textOf(v, TASK_BLOCKS.title), dueDate: selectedDate(v, TASK_BLOCKS.due) };
      const errors = taskErrors({ ...fields, previousDate: meta?.previousDate, today: today(), goalOk });
      const role = meta ? await suggesterRole(teamId, me, menteeId) : undefined;
      const existing = meta?.id ? await storage.tasks.get(teamId, meta.id) : undefined;
      if (!role || (meta?.id && (role !== 'mentee' || existing?.menteeId !== me)))
        errors[TASK_BLOCKS.title] = meta?.id ? NOT_YOURS : SUGGEST_REFUSAL;
      else if (meta?.id && (existing?.doneAt || existing?.droppedAt)) errors[TASK_BLOCKS.title] = GONE;
      if (Object.keys(errors).length) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      // Saved before the ack, so a save that fails keeps the form open with what was typed.
      const t = { title: fields.title!, goalId, dueDate: fields.dueDate ?? null };
      const now = deps.now();
      let suggested: Task | undefined;
      if (meta!.id) {
        const updated = await storage.tasks.update(teamId, meta!.id, t, now);
        if (updated)
          await storage.audit.record({
            teamId,
            actorId: me,
            action: 'task.update',
            subjectType: 'task',
            subjectId: updated.id,
            detail: t,
            at: now,
          });
      } else {
        const suggestedBy = role === 'suggester' ? me : null;
        const { task, created } = await storage.tasks.create(
          teamId,
          menteeId,
          { ...t, suggestedBy },
          now,
          `${view.id}:${view.hash}`,
        );
        if (created) {
          await storage.audit.record({
            teamId,
            actorId: me,
            action: suggestedBy ? 'task.suggest' : 'task.create',
            subjectType: 'task',
            subjectId: task.id,
            detail: { ...t, menteeId },
            at: now,
          });
          if (suggestedBy) suggested = task;
        }
      }
      await ack();
      if (suggested) {
        const task = suggested;
        await sendDm(deps.clientFor(teamId), menteeId, suggestedTaskDm(task)).catch((error: unknown) =>
          deps.logger.warn(`could not tell ${menteeId} about suggested task ${task.id}`, error),
        );
      }
      await afterChange(teamId, me, menteeId, meta!.progressViewId);
    }

    router.add({
      name: 'goal',
      usage: 'goal',
      summary: 'add a goal to your progress page',
      performs: 'goals.manage',
      run: goalCommand,
    });
    router.add({
      name: 'task',
      usage: 'task [@mentee]',
      summary: 'add a task to your progress page, or suggest one to a mentee you support',
      performs: 'tasks.add',
      run: taskCommand,
    });
    app.action(ACTIONS.addGoal, performs('goals.manage', onAddGoal));
    app.action(ACTIONS.addTask, performs('tasks.add', onAddTask));
    app.action(ACTIONS.suggestTask, performs('tasks.add', onSuggestTask));
    app.action<BlockAction<OverflowAction>>(ACTIONS.goalMenu, performs('goals.manage', onGoalMenu));
    app.action<BlockAction<OverflowAction>>(ACTIONS.taskMenu, performs('tasks.add', onTaskMenu));
    app.view(ACTIONS.saveGoal, performs('goals.manage', onSaveGoal));
    app.view(ACTIONS.saveTask, performs('tasks.add', onSaveTask));
  },
};

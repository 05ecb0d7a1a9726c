import type {
  BlockAction,
  BlockElementAction,
  ButtonAction,
  CheckboxesAction,
  StaticSelectAction,
  UsersSelectAction,
} from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { answerOutOfDate, modalOf, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue, userIdText } from '../../slack/values.ts';
import type { ActionArgs } from '../feature.ts';
import { buildOversight } from './refresh.ts';
import { filterFromWords } from './rules.ts';
import { scopeFor, scopeNamed } from './scope.ts';
import {
  OpenOversightValue,
  OversightFlagValue,
  type OversightMeta,
  OversightModalMeta,
  OversightPageValue,
  OversightStateValue,
  TopicFilterValue,
} from './values.ts';

type Click<A extends BlockElementAction> = ActionArgs<BlockAction<A>>;

/** Every click here reads only what the person administers. */
const BROWSE = 'oversight.browse' as const;

/** `/mentor admin mentorships [words] [in <programme>]`: opens the view, filtered by the words. */
export async function browseOversight(deps: Deps, ctx: CommandContext): Promise<void> {
  const at = ctx.args.findIndex((w) => w.toLowerCase() === 'in');
  const filter = filterFromWords(at === -1 ? ctx.args : ctx.args.slice(0, at));
  if ('error' in filter) return ctx.reply(filter.error);
  const named = await scopeNamed(
    deps,
    ctx.teamId,
    ctx.userId,
    BROWSE,
    at === -1 ? '' : ctx.args.slice(at + 1).join(' '),
  );
  if ('error' in named) return ctx.reply(named.error);
  if (named.programme) filter.programmeId = named.programme.id;
  await ctx.ack();
  await ctx.raw.client.views.open({
    trigger_id: ctx.triggerId,
    view: await buildOversight(deps, ctx.teamId, filter, 1, named.scope),
  });
}

/** A button into the view (Home's, a person's page): opens it with the filter the button carries. */
export async function openOversight(deps: Deps, args: Click<ButtonAction>): Promise<void> {
  const { ack, body, action, client } = args;
  const filter = readValue(OpenOversightValue, action.value);
  if (!filter) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const scope = await scopeFor(deps, teamId, body.user.id, BROWSE);
  await showModal(client, body, await buildOversight(deps, teamId, filter, 1, scope));
}

/**
 * Redraws the modal the click came from with a changed filter or page. Acknowledges the click:
 * after reading what the modal was drawn for, so a modal Lifering did not draw is answered as
 * out of date.
 */
async function redraw(deps: Deps, args: Click<BlockElementAction>, change: (meta: OversightMeta) => OversightMeta) {
  const { ack, body, client } = args;
  const view = modalOf(body);
  const meta = view && readValue(OversightModalMeta, view.private_metadata);
  if (view && !meta) return answerOutOfDate(args);
  await ack();
  if (!view || !meta) return;
  const next = change(meta);
  const teamId = teamOf(body);
  const scope = await scopeFor(deps, teamId, body.user.id, BROWSE);
  await client.views.update({
    view_id: view.id,
    view: await buildOversight(deps, teamId, next.filter, next.page, scope),
  });
}

export async function filterByState(deps: Deps, args: Click<StaticSelectAction>): Promise<void> {
  const state = readValue(OversightStateValue, args.action.selected_option?.value);
  if (!state) return answerOutOfDate(args);
  await redraw(deps, args, (m) => ({ filter: { ...m.filter, state }, page: 1 }));
}

export async function filterByTopic(deps: Deps, args: Click<StaticSelectAction>): Promise<void> {
  const id = readValue(TopicFilterValue, args.action.selected_option?.value);
  if (id === undefined) return answerOutOfDate(args);
  await redraw(deps, args, (m) => {
    const { topicId: _old, ...rest } = m.filter;
    return { filter: id ? { ...rest, topicId: id } : rest, page: 1 };
  });
}

export async function filterBySupporter(deps: Deps, args: Click<UsersSelectAction>): Promise<void> {
  // Slack's own value, not one Lifering wrote; only a user id may go into the modal's filter.
  const supporterId = readValue(userIdText, args.action.selected_user);
  await redraw(deps, args, (m) => {
    const { supporterId: _old, ...rest } = m.filter;
    return { filter: supporterId ? { ...rest, supporterId } : rest, page: 1 };
  });
}

export async function filterByFlags(deps: Deps, args: Click<CheckboxesAction>): Promise<void> {
  // Not the checkboxes this view drew (an older message's element under the same id): out of date.
  const picked = args.action.selected_options as CheckboxesAction['selected_options'] | undefined;
  const flags = (picked ?? [undefined]).map((o) => readValue(OversightFlagValue, o?.value));
  if (flags.includes(undefined)) return answerOutOfDate(args);
  const on = new Set(flags);
  await redraw(deps, args, (m) => {
    const { overdue: _o, help: _h, ...rest } = m.filter;
    return {
      filter: { ...rest, ...(on.has('overdue') ? { overdue: true } : {}), ...(on.has('help') ? { help: true } : {}) },
      page: 1,
    };
  });
}

export async function clearFilters(deps: Deps, args: Click<ButtonAction>): Promise<void> {
  await redraw(deps, args, () => ({ filter: { state: 'all' }, page: 1 }));
}

/** Previous and Next under the list. */
export async function turnOversightPage(deps: Deps, args: Click<ButtonAction>): Promise<void> {
  const page = readValue(OversightPageValue, args.action.value);
  if (page === undefined) return answerOutOfDate(args);
  await redraw(deps, args, (m) => ({ filter: m.filter, page }));
}

import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { can } from '../../policy/policy.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { rowId } from '../../slack/ids.ts';
import { showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { inlineText } from '../../slack/text.ts';
import type { Programme } from '../../storage/programmes.ts';
import type { ActionArgs } from '../feature.ts';
import { parseAssignWords } from '../mentorships/rules.ts';
import { matchProgramme, programmeTerms, splitProgrammeWords } from './rules.ts';
import { programmeForm, programmePage, programmesMessage } from './views.ts';

/** Every programme of the workspace, the default one made on first need. */
export async function programmesOf(deps: Deps, teamId: string): Promise<Programme[]> {
  await deps.storage.programmes.ensureDefault(teamId, deps.now());
  return deps.storage.programmes.list(teamId);
}

/** `/mentor programmes`: the list, a line each; admins get "New programme". */
export async function listProgrammes(deps: Deps, ctx: CommandContext): Promise<void> {
  const [programmes, counts, actor] = await Promise.all([
    programmesOf(deps, ctx.teamId),
    deps.storage.programmePairs.counts(ctx.teamId),
    actorOf(deps, ctx.teamId, ctx.userId, 'programme.create'),
  ]);
  const isAdmin = can(actor, 'programme.create', { teamId: ctx.teamId });
  await ctx.reply(programmesMessage({ programmes, counts, isAdmin, today: deps.now() }));
}

/** The programme a typed name means, or the reply that names the closest one (or lists them). */
export async function programmeByName(
  deps: Deps,
  teamId: string,
  typed: string,
): Promise<Programme | { error: string }> {
  const programmes = await programmesOf(deps, teamId);
  const m = matchProgramme(typed, programmes);
  if ('found' in m) return m.found;
  const shown = inlineText(typed.trim(), 80);
  if (m.closest)
    return {
      error: `I couldn't find a programme called *${shown}*. Did you mean *${inlineText(m.closest.name, 80)}*?`,
    };
  const names = programmes.map((p) => `*${inlineText(p.name, 80)}*`).join(', ');
  return {
    error: `I couldn't find a programme called *${shown}*. Programmes: ${names}. \`/mentor programmes\` lists them.`,
  };
}

/** `/mentor programme <name>`: its page, in a modal. */
export async function showProgramme(deps: Deps, ctx: CommandContext): Promise<void> {
  if (!ctx.rest.trim())
    return ctx.reply('Which programme? `/mentor programme <name>`; `/mentor programmes` lists them.');
  const found = await programmeByName(deps, ctx.teamId, ctx.rest);
  if ('error' in found) return ctx.reply(found.error);
  await ctx.ack();
  await ctx.raw.client.views.open({
    trigger_id: ctx.triggerId,
    view: await pageOf(deps, ctx.teamId, ctx.userId, found),
  });
}

async function pageOf(deps: Deps, teamId: string, userId: string, programme: Programme) {
  const { storage } = deps;
  const [managers, counts, agreement, actor] = await Promise.all([
    storage.programmes.managers(teamId, programme.id),
    storage.programmePairs.counts(teamId),
    storage.programmes.agreement(teamId, programme.id),
    actorOf(deps, teamId, userId, 'programme.edit'),
  ]);
  const canEdit = can(actor, 'programme.edit', { teamId, programmeId: programme.id });
  const notAgreed =
    canEdit && agreement ? await storage.programmePairs.notAgreed(teamId, programme.id, agreement.version) : undefined;
  return programmePage({
    programme,
    terms: programmeTerms(programme, deps.config),
    managers,
    counts: counts.get(programme.id),
    agreement,
    notAgreed,
    canEdit,
    // Join (enrolment's, ACTIONS.programmeJoin) for the people it is open to; those who run it edit it.
    // The default programme takes nobody by joining: its people are assigned.
    join: !canEdit && !programme.isDefault && programme.status === 'open',
    today: deps.now(),
  });
}

/** "New programme" on the list. */
export async function onNewProgramme(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const topics = await deps.storage.topics.list(teamOf(body));
  await showModal(client, body, programmeForm({ managers: [], agreement: undefined, topics }));
}

const NOT_YOURS = "Only Lifering admins and this programme's managers can edit it.";

/** Whether this person may edit that programme (an admin, or one of its managers), or make a new one (an admin). */
export async function mayEditProgramme(
  deps: Deps,
  teamId: string,
  userId: string,
  programmeId: number | undefined,
): Promise<boolean> {
  if (programmeId === undefined)
    return can(await actorOf(deps, teamId, userId, 'programme.create'), 'programme.create', { teamId });
  return can(await actorOf(deps, teamId, userId, 'programme.edit'), 'programme.edit', { teamId, programmeId });
}

/** "Edit" on a programme's page: the same form, filled in. */
export async function onEditProgramme(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, client, action } = args;
  await ack();
  const teamId = teamOf(body);
  const programme = await deps.storage.programmes.get(teamId, rowId(action.value));
  if (!programme) return tellClicker(args, "That programme doesn't exist any more.");
  if (!(await mayEditProgramme(deps, teamId, body.user.id, programme.id))) return tellClicker(args, NOT_YOURS);
  const [managers, agreement, topics] = await Promise.all([
    deps.storage.programmes.managers(teamId, programme.id),
    deps.storage.programmes.agreement(teamId, programme.id),
    deps.storage.topics.list(teamId),
  ]);
  await showModal(client, body, programmeForm({ programme, managers, agreement: agreement?.text, topics }));
}

/**
 * The words of `/mentor assign` after the mentions, with any `in <programme>` taken out and
 * resolved. Words after "in" that name no programme stay the topic's when they (with the "in")
 * name a topic, or when the workspace runs one programme; otherwise the closest one is suggested.
 */
export async function assignProgrammeWords(
  deps: Deps,
  teamId: string,
  words: readonly string[],
): Promise<{ words: string[]; programmeId: number | undefined } | { error: string }> {
  const split = splitProgrammeWords(words);
  if (!split.programme) return { words: [...words], programmeId: undefined };
  const programmes = await programmesOf(deps, teamId);
  const m = matchProgramme(split.programme, programmes);
  if ('found' in m) return { words: split.words, programmeId: m.found.id };
  const kept = { words: [...words], programmeId: undefined };
  if (programmes.length < 2) return kept;
  const topicWords = parseAssignWords(words);
  if (!('error' in topicWords) && topicWords.topicName) {
    if (await deps.storage.topics.findByName(teamId, topicWords.topicName)) return kept;
  }
  const found = await programmeByName(deps, teamId, split.programme);
  return 'error' in found ? found : { words: split.words, programmeId: found.id };
}

import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { rowId } from '../../slack/ids.ts';
import { mentionOrHint } from '../../slack/mentions.ts';
import { answerOutOfDate, modalOf } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedUser, selectedValue, selectedValues } from '../../slack/view-state.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { suggestSupporters } from '../matching/suggest.ts';
import { suggestionBlocks } from '../matching/views.ts';
import { refreshOversight } from '../oversight/refresh.ts';
import { assignProgrammeWords, programmesOf } from '../programmes/page.ts';
import { topicByName } from './choose.ts';
import { assignProgramme } from './programme-gate.ts';
import { reassignFromForm } from './reassign.ts';
import { parseAssignWords } from './rules.ts';
import {
  type Assignment,
  announceAssignment,
  assignmentProblems,
  capacityWarning,
  createAssignment,
  firstProblem,
  maxMenteesIn,
  supporterLoad,
} from './service.ts';
import { AssignModalMetaValue, type AssignPrefill, AssignPrefillValue, SupporterKindValue } from './values.ts';
import { ASSIGN, assignedText, assignModal, doneModal, SILENT_OPTION } from './views.ts';

type StateValues = ViewArgs['view']['state']['values'];

const ASSIGN_EXAMPLE = '/mentor assign @sam @mia Data analysis as coach';

/** Suggested supporters for the modal once a mentee is chosen; none before. */
async function suggestionsFor(
  deps: Deps,
  teamId: string,
  menteeId: string | undefined,
  topicId: number | undefined,
  requestId: number | undefined,
) {
  if (!menteeId) return undefined;
  const f = { menteeId, topicId: topicId ?? null, requestId };
  return suggestionBlocks(await suggestSupporters(deps, teamId, f), f);
}

/** Opens with the listener's own client: the background one may be paused by a 429 past the trigger's 3 s. */
async function openAssign(
  deps: Deps,
  client: WebClient,
  triggerId: string,
  teamId: string,
  prefill: AssignPrefill,
  /** Clicked in a modal (the mentorships report): the form goes on top of it. */
  push = false,
) {
  const [topics, programmes] = await Promise.all([deps.storage.topics.list(teamId), programmesOf(deps, teamId)]);
  const topicId = topics.some((t) => t.id === prefill.topicId) ? (prefill.topicId ?? undefined) : undefined;
  const suggestions = await suggestionsFor(deps, teamId, prefill.menteeId, topicId, prefill.requestId);
  const view = assignModal({
    topics,
    menteeId: prefill.menteeId,
    topicId,
    requestId: prefill.requestId,
    suggestions,
    programmes,
  });
  await (push
    ? client.views.push({ trigger_id: triggerId, view })
    : client.views.open({ trigger_id: triggerId, view }));
}

/** `/mentor assign`: without arguments opens the form; with them, assigns at once. */
export async function assignByCommand(deps: Deps, ctx: CommandContext): Promise<void> {
  if (ctx.args.length === 0) {
    await ctx.ack();
    await openAssign(deps, ctx.raw.client, ctx.triggerId, ctx.teamId, {});
    return;
  }
  const s = mentionOrHint(ctx.args[0], ASSIGN_EXAMPLE);
  if ('error' in s) return ctx.reply(s.error);
  const m = mentionOrHint(ctx.args[1], ASSIGN_EXAMPLE);
  if ('error' in m) return ctx.reply(m.error);
  const inProgramme = await assignProgrammeWords(deps, ctx.teamId, ctx.args.slice(2));
  if ('error' in inProgramme) return ctx.reply(inProgramme.error);
  const words = parseAssignWords(inProgramme.words);
  if ('error' in words) return ctx.reply(words.error);
  let topicId: number | null = null;
  if (words.topicName) {
    const topic = await topicByName(deps, ctx.teamId, words.topicName, false);
    if ('error' in topic) return ctx.reply(topic.error);
    topicId = topic.id;
  }
  const programme = await assignProgramme(deps, ctx.teamId, ctx.userId, inProgramme.programmeId);
  if ('error' in programme) return ctx.reply(programme.error);
  const a = {
    teamId: ctx.teamId,
    actorId: ctx.userId,
    supporterId: s.userId,
    menteeId: m.userId,
    topicId,
    kind: words.kind,
    notify: !words.silently,
    ...programme,
  };
  const problem = firstProblem(await assignmentProblems(deps, a));
  if (problem) return ctx.reply(problem);
  // Read before assigning: the warning is about the load the admin added to.
  const warning = await capacityWarning(deps, ctx.teamId, s.userId, a.programmeId);
  const result = await createAssignment(deps, a);
  if ('duplicate' in result) return ctx.reply(result.duplicate);
  const created = (await deps.storage.mentorships.get(ctx.teamId, result.created.id)) ?? result.created;
  await ctx.reply(
    warning ? `${assignedText(created)}\n${warning.replace(' You can still go ahead.', '')}` : assignedText(created),
  );
  await announceAssignment(deps, created, result.answered);
}

/** "Assign a supporter" from a DM, Home or the "no match yet" list: the form, prefilled from the button. */
export async function onOpenAssign(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  const prefill = readValue(AssignPrefillValue, action.value);
  if (!prefill) return answerOutOfDate(args);
  await ack();
  await openAssign(deps, client, body.trigger_id, teamOf(body), prefill, modalOf(body) !== undefined);
}

/**
 * Redraws the form as the admin chooses: the picked supporter's load, and suggested supporters
 * for the picked mentee and topic.
 */
export async function onAssignChanged(deps: Deps, args: ActionArgs): Promise<void> {
  const { ack, body, client } = args;
  const view = body.view;
  if (!view) return ack();
  const meta = readValue(AssignModalMetaValue, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const values = view.state.values;
  const supporterId = selectedUser(values, ASSIGN.supporter);
  const menteeId = selectedUser(values, ASSIGN.mentee);
  const [topics, programmes] = await Promise.all([deps.storage.topics.list(teamId), programmesOf(deps, teamId)]);
  const topic = selectedValue(values, ASSIGN.topic);
  const topicId = topic && topics.some((t) => t.id === rowId(topic)) ? rowId(topic) : undefined;
  const programmeId = chosenProgramme(values, programmes);
  const max = await maxMenteesIn(deps, teamId, programmeId);
  await client.views.update({
    view_id: view.id,
    hash: view.hash,
    view: assignModal({
      topics,
      supporterId,
      menteeId,
      topicId,
      suggestions: await suggestionsFor(deps, teamId, menteeId, topicId, meta.requestId),
      kind: readValue(SupporterKindValue, selectedValue(values, ASSIGN.kind)),
      silent: selectedValues(values, ASSIGN.silent).includes(SILENT_OPTION),
      requestId: meta.requestId,
      replaces: meta.replaces,
      back: meta.back,
      load: supporterId ? { supporterId, load: await supporterLoad(deps, teamId, supporterId), max } : undefined,
      programmes,
      programmeId,
    }),
  });
}

/** The programme picked in the form (when it offers a choice), if it is one of this workspace's. */
function chosenProgramme(values: StateValues, programmes: readonly { id: number }[]): number | undefined {
  const picked = selectedValue(values, ASSIGN.programme);
  return picked && programmes.some((p) => p.id === rowId(picked)) ? rowId(picked) : undefined;
}

/** The form's choices as an assignment, or an error under each person left unpicked. */
function assignmentOfForm(
  teamId: string,
  actorId: string,
  values: StateValues,
  programmes: readonly { id: number }[],
): Assignment | { errors: Record<string, string> } {
  const supporterId = selectedUser(values, ASSIGN.supporter);
  const menteeId = selectedUser(values, ASSIGN.mentee);
  if (!supporterId || !menteeId) {
    return {
      errors: {
        ...(supporterId ? {} : { [ASSIGN.supporter]: 'Pick a supporter.' }),
        ...(menteeId ? {} : { [ASSIGN.mentee]: 'Pick a mentee.' }),
      },
    };
  }
  const topic = selectedValue(values, ASSIGN.topic);
  return {
    teamId,
    actorId,
    supporterId,
    menteeId,
    topicId: topic ? rowId(topic) : null,
    kind: readValue(SupporterKindValue, selectedValue(values, ASSIGN.kind)) ?? 'mentor',
    notify: !selectedValues(values, ASSIGN.silent).includes(SILENT_OPTION),
    programmeId: chosenProgramme(values, programmes),
  };
}

/** The assign form's submission: assigns, or (opened to reassign) hands the open mentorship on. */
export async function onAssignSubmit(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const teamId = teamOf(body);
  const a = assignmentOfForm(teamId, body.user.id, view.state.values, await programmesOf(deps, teamId));
  if ('errors' in a) return ack({ response_action: 'errors', errors: a.errors });
  const meta = readValue(AssignModalMetaValue, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const replaced = meta.replaces ? await deps.storage.mentorships.get(teamId, meta.replaces) : undefined;
  const replacing = replaced && (replaced.status === 'pending' || replaced.status === 'active') ? replaced : undefined;
  if (replacing) return reassignFromForm(deps, args, a, replacing, meta.back);
  const programme = await assignProgramme(deps, teamId, body.user.id);
  if ('error' in programme) return ack({ response_action: 'errors', errors: { [ASSIGN.supporter]: programme.error } });
  Object.assign(a, programme);
  const problems = await assignmentProblems(deps, a);
  if (Object.keys(problems).length > 0) return ack({ response_action: 'errors', errors: problems });
  // A repeated delivery of this submission finds the mentorship it created (the unique index
  // on open mentorships is the idempotency key) and is answered with an error nobody sees.
  const result = await createAssignment(deps, a);
  if ('duplicate' in result)
    return ack({ response_action: 'errors', errors: { [ASSIGN.supporter]: result.duplicate } });
  const created = (await deps.storage.mentorships.get(teamId, result.created.id)) ?? result.created;
  await ack({ response_action: 'update', view: doneModal('Supporter assigned', assignedText(created)) });
  await announceAssignment(deps, created, result.answered);
  await refreshOversight(deps, teamId, meta.back, body.user.id);
}

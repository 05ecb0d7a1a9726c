import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedValue, selectedValues } from '../../slack/view-state.ts';
import type { ActionArgs } from '../feature.ts';
import {
  announceAssignment,
  assignmentProblems,
  capacityWarning,
  createAssignment,
  firstProblem,
} from '../mentorships/service.ts';
import { SupporterKindValue } from '../mentorships/values.ts';
import { ASSIGN, assignedText, doneModal, SILENT_OPTION } from '../mentorships/views.ts';
import { AssignSuggestedValue } from './values.ts';

/** One click on a suggestion assigns: from the assign modal (its kind and "Don't tell them" count) or a DM. */
export async function assignSuggested(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, action, client, respond } = args;
  const picked = readValue(AssignSuggestedValue, action.value);
  if (!picked) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const view = body.view;
  const tell = async (title: string, text: string) => {
    if (view) await client.views.push({ trigger_id: body.trigger_id, view: doneModal(title, text) });
    else await respond({ response_type: 'ephemeral', replace_original: false, text });
  };
  const values = view?.state.values;
  const a = {
    teamId,
    actorId: body.user.id,
    supporterId: picked.supporterId,
    menteeId: picked.menteeId,
    topicId: picked.topicId,
    kind: readValue(SupporterKindValue, values ? selectedValue(values, ASSIGN.kind) : undefined) ?? 'mentor',
    notify: !(values && selectedValues(values, ASSIGN.silent).includes(SILENT_OPTION)),
    // Answering a request: the mentorship is in the request's programme.
    programmeId: picked.requestId
      ? ((await deps.storage.supporterRequests.get(teamId, picked.requestId))?.programmeId ?? null)
      : null,
  };
  const problem = firstProblem(await assignmentProblems(deps, a));
  if (problem) return tell('Cannot assign', problem);
  const warning = await capacityWarning(deps, teamId, a.supporterId);
  const result = await createAssignment(deps, a);
  if ('duplicate' in result) return tell('Cannot assign', result.duplicate);
  const created = (await deps.storage.mentorships.get(teamId, result.created.id)) ?? result.created;
  const text = warning
    ? `${assignedText(created)}\n${warning.replace(' You can still go ahead.', '')}`
    : assignedText(created);
  if (view) await client.views.update({ view_id: view.id, view: doneModal('Supporter assigned', text) });
  else await respond({ response_type: 'ephemeral', replace_original: false, text });
  await announceAssignment(deps, created, result.answered);
}

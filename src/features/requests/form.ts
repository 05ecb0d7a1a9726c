import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { answerOutOfDate, noticeModal, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedValue, textOf } from '../../slack/view-state.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { announceRequest, fileRequest } from './file.ts';
import { RequestFormMeta, type RequestPrefill, RequestPrefillValue, RequestTopicValue } from './values.ts';
import {
  REQUEST_FORM,
  requestAnsweredMeanwhileText,
  requestModal,
  requestSentText,
  requestUpdatedText,
} from './views.ts';

/** The form as it opens for this person: their one open request in it, if they have one. */
async function formFor(deps: Deps, teamId: string, userId: string, prefill: RequestPrefill) {
  const [topics, open] = await Promise.all([
    deps.storage.topics.list(teamId),
    deps.storage.supporterRequests.openFor(teamId, userId),
  ]);
  return requestModal({ topics, open, ...prefill, today: deps.now() });
}

/** A bare `/mentor request`: the form. Opened with the listener's own client, inside the trigger's 3 s. */
export async function openRequestFormFor(deps: Deps, ctx: CommandContext): Promise<void> {
  await ctx.ack();
  const client: WebClient = ctx.raw.client;
  await client.views.open({ trigger_id: ctx.triggerId, view: await formFor(deps, ctx.teamId, ctx.userId, {}) });
}

/** "Find me a supporter" (Home, after an ending) and the "did you mean" buttons. */
export async function openRequestForm(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  const prefill = readValue(RequestPrefillValue, action.value);
  if (!prefill) return answerOutOfDate(args);
  await ack();
  await showModal(client, body, await formFor(deps, teamOf(body), body.user.id, prefill));
}

/**
 * The form sent: files the request, or saves over the one open request. A request answered while
 * the form was open is not opened again behind the person's back: they are told, and may ask anew.
 */
export async function saveRequest(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const meta = readValue(RequestFormMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const teamId = teamOf(body);
  const me = body.user.id;
  const values = view.state.values;
  const rawTopic = selectedValue(values, REQUEST_FORM.topic);
  const topicId = rawTopic ? (readValue(RequestTopicValue, rawTopic) ?? 0) : null;
  const topic = topicId ? await deps.storage.topics.get(teamId, topicId) : undefined;
  if (topicId !== null && (!topic || topic.archivedAt))
    return ack({
      response_action: 'errors',
      errors: { [REQUEST_FORM.topic]: 'That topic is no longer offered. Pick another, or none.' },
    });
  if (meta.r) {
    const shown = await deps.storage.supporterRequests.get(teamId, meta.r);
    if (shown?.closedAt && shown.mentorshipId)
      return ack({ response_action: 'update', view: noticeModal(requestAnsweredMeanwhileText) });
  }
  const filed = await fileRequest(deps, teamId, me, {
    topicId: topic?.id ?? null,
    note: textOf(values, REQUEST_FORM.note)?.trim() || null,
  });
  const text = filed.created
    ? requestSentText(filed.request.topicName)
    : requestUpdatedText(filed.request, filed.changed, deps.now());
  await ack({ response_action: 'update', view: noticeModal(text) });
  await announceRequest(deps, teamId, filed);
}

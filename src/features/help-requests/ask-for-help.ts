import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate, modalOf, noticeModal, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { selectedValue, textOf } from '../../slack/view-state.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { refreshProgress } from '../progress/surface.ts';
import { announceHelpRequest, storeHelpRequest } from './raise.ts';
import { ASK_BLOCKS, askChoices, askNoteProblem } from './rules.ts';
import { AskButtonValue, AskMeta, AskTopicValue } from './values.ts';
import { askModal, repeatedHelpText } from './views.ts';

/**
 * The ask form for `menteeId` as it stands now: addressed to their active supporters by name, or,
 * with none, to the admins (joining their oldest open request for a supporter).
 */
export async function askForm(
  deps: Deps,
  teamId: string,
  menteeId: string,
  opts: { topicId?: number | null | undefined; progressViewId?: string | undefined } = {},
): Promise<ModalView> {
  const { storage } = deps;
  const [active, open, waiting] = await Promise.all([
    storage.mentorships.listForMentee(teamId, menteeId, ['active']),
    storage.helpRequests.listOpenForMentee(teamId, menteeId),
    storage.supporterRequests.listOpenFor(teamId, menteeId),
  ]);
  const choices = askChoices(active);
  const ids = [...new Set(choices.flatMap((c) => c.supporterIds))];
  const profiles = await Promise.all(ids.map((id) => deps.people.profile(teamId, id).catch(() => undefined)));
  const names = new Map(ids.flatMap((id, n) => (profiles[n]?.name ? [[id, profiles[n].name] as const] : [])));
  return askModal({
    choices,
    names,
    topicId: opts.topicId,
    open,
    waiting: waiting[0],
    progressViewId: opts.progressViewId,
    today: deps.now(),
  });
}

/** "🛟 Ask for help" (Home, `/mentor list`, the progress page, a DM): the form addressed to the supporters. */
export async function openAskForm(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { body, action, client } = args;
  const raw = action.value;
  const topicId = readValue(AskButtonValue, raw);
  if (raw && topicId === undefined) return answerOutOfDate(args);
  await args.ack();
  const teamId = teamOf(body);
  const progressViewId = modalOf(body)?.id;
  await showModal(client, body, await askForm(deps, teamId, body.user.id, { topicId, progressViewId }));
}

/** What the ask form says it is about: the choice picked, or the one its metadata fixed. */
function askedTopic(values: ViewArgs['view']['state']['values'], fixed: string | undefined) {
  const raw = selectedValue(values, ASK_BLOCKS.topic) ?? fixed;
  return raw === undefined ? undefined : readValue(AskTopicValue, raw);
}

/**
 * The ask form sent: raises the help request through the same code as the familiarity form,
 * so the life ring shows and the supporters hear exactly as they always have. Sending again (a
 * second ask, or the same form twice) updates the open request: every supporter is DMed once.
 */
export async function sendAsk(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const meta = readValue(AskMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  const teamId = teamOf(body);
  const me = body.user.id;
  const topicId = askedTopic(view.state.values, meta.topic);
  const note = textOf(view.state.values, ASK_BLOCKS.note);
  const errors: Record<string, string> = {};
  if (topicId === undefined) errors[ASK_BLOCKS.topic] = 'Pick what your question is about.';
  const noteProblem = askNoteProblem(note);
  if (noteProblem) errors[ASK_BLOCKS.note] = noteProblem;
  if (Object.keys(errors).length || topicId === undefined) return ack({ response_action: 'errors', errors });
  const { storage } = deps;
  const now = deps.now();
  // Read first: the transaction holds SQLite's one connection. Who hears is decided on the
  // mentorships as they are now, not as the form showed them.
  const active = await storage.mentorships.listForMentee(teamId, me, ['active']);
  const stored = await storage.transaction((trx) =>
    storeHelpRequest(deps, trx, teamId, { menteeId: me, topicId, note: note ?? null, active }, now),
  );
  if (!stored.created) await ack({ response_action: 'update', view: noticeModal(repeatedHelpText(stored)) });
  else await ack();
  await announceHelpRequest(deps, teamId, me, stored);
  if (meta.progressViewId) await refreshProgress(deps, deps.clientFor(teamId), teamId, me, meta.progressViewId, me);
}

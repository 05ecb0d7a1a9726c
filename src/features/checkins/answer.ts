import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { can } from '../../policy/policy.ts';
import { updateMessage } from '../../slack/dm.ts';
import { answerOutOfDate, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import { textOf } from '../../slack/view-state.ts';
import type { Checkin } from '../../storage/checkins.ts';
import type { ActionArgs, ViewArgs } from '../feature.ts';
import { COMMENT_MAX, parseScoreValue } from './rules.ts';
import { forwardToAdmins } from './service.ts';
import { CheckinCommentValue, CommentModalMeta } from './values.ts';
import { answeredDm, COMMENT_BLOCK, commentModal } from './views.ts';

const NOT_YOURS = 'This question was for someone else, so your tap was not counted.';

/** Whether this person is the one the check-in asked. */
const asked = async (deps: Deps, teamId: string, userId: string, c: Checkin) =>
  can(await actorOf(deps, teamId, userId, 'checkin.answer'), 'checkin.answer', { teamId, authorId: c.personId });

/** Shows the question as answered where it was asked (a failure to is only logged). */
async function showAnswered(deps: Deps, teamId: string, c: Checkin): Promise<void> {
  if (!c.channel || !c.ts) return;
  await updateMessage(deps.clientFor(teamId), { channel: c.channel, ts: c.ts }, answeredDm(c, deps.now())).catch(
    (e: unknown) => deps.logger.warn(`could not update check-in ${c.id}`, e),
  );
}

/** One of the five score buttons (value: `<checkin id>:<score>`): saved once, the question shown answered. */
export async function recordScore(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, action } = args;
  const picked = parseScoreValue(action.value);
  if (!picked) return answerOutOfDate(args);
  await ack();
  const { storage } = deps;
  const teamId = teamOf(body);
  const userId = body.user.id;
  const say = (text: string) => tellClicker(args, text);
  const before = await storage.checkins.get(teamId, picked.id);
  if (!before) return void (await say('That question is no longer there, so nothing was saved.'));
  if (!(await asked(deps, teamId, userId, before))) return void (await say(NOT_YOURS));
  const answered = await storage.checkins.answer(teamId, picked.id, userId, picked.score, deps.now());
  const now = (await storage.checkins.get(teamId, picked.id)) ?? before;
  await showAnswered(deps, teamId, now);
  if (!answered) return void (await say(`You already answered: ${now.score} of 5. Thank you.`));
  await storage.audit.record({
    teamId,
    actorId: userId,
    action: 'checkin.answered',
    subjectType: 'checkin',
    subjectId: now.id,
    at: deps.now(),
  });
  await forwardToAdmins(deps, answered);
}

/** "Add a private comment" under an answered check-in (value: the check-in id): opens the form. */
export async function openComment(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, action, client } = args;
  const checkinId = readValue(CheckinCommentValue, action.value);
  if (checkinId === undefined) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const c = await deps.storage.checkins.get(teamId, checkinId);
  const say = (text: string) => tellClicker(args, text);
  if (!c || !(await asked(deps, teamId, body.user.id, c))) return void (await say(NOT_YOURS));
  if (c.comment) return void (await say('Your comment has already gone to the admins.'));
  await client.views.open({ trigger_id: body.trigger_id, view: commentModal(c, deps.now()) });
}

/** The comment form: the comment goes to the admins, once. */
export async function saveComment(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const teamId = teamOf(body);
  const userId = body.user.id;
  const comment = textOf(view.state.values, COMMENT_BLOCK)?.slice(0, COMMENT_MAX);
  if (!comment)
    return void (await ack({
      response_action: 'errors',
      errors: { [COMMENT_BLOCK]: 'Write a comment, or close this form: your score is already saved.' },
    }));
  const checkinId = readValue(CommentModalMeta, view.private_metadata);
  if (checkinId === undefined) return answerOutOfDate(args);
  const c = await deps.storage.checkins.get(teamId, checkinId);
  if (!c || !(await asked(deps, teamId, userId, c)))
    return void (await ack({ response_action: 'errors', errors: { [COMMENT_BLOCK]: NOT_YOURS } }));
  const saved = await deps.storage.checkins.comment(teamId, c.id, userId, comment);
  await ack();
  if (!saved) return; // A retried submission: the first one already told the admins.
  await showAnswered(deps, teamId, saved);
  await forwardToAdmins(deps, saved);
}

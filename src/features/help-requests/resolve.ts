import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { sendDm } from '../../slack/dm.ts';
import { answerOutOfDate, modalOf, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { user } from '../../slack/text.ts';
import { readValue } from '../../slack/values.ts';
import type { HelpRequest } from '../../storage/help-requests.ts';
import type { ActionArgs } from '../feature.ts';
import { endedNotice } from '../mentorships/ended-notice.ts';
import { peopleAround } from '../progress/access.ts';
import { parseProgressMeta } from '../progress/rules.ts';
import { refreshProgress } from '../progress/surface.ts';
import { redrawHelpDms } from './redraw.ts';
import { canResolve, RESOLVE_REFUSAL } from './rules.ts';
import { ResolveHelpValue } from './values.ts';
import { closedWithEndingText, menteeResolvedDm } from './views.ts';

/** "Mark resolved" on a call for help: from the supporter's DM, Home or the progress page (redrawn after). */
export async function resolveHelp(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action, client } = args;
  const { storage } = deps;
  const id = readValue(ResolveHelpValue, action.value);
  if (id === undefined) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const me = body.user.id;
  const request = await storage.helpRequests.get(teamId, id);
  if (!request) {
    await tellClicker(args, "I couldn't find that help request. It may have been removed.");
    return;
  }
  const isActiveSupporter = await storage.mentorships.isActiveSupporter(teamId, me, request.menteeId);
  const isAdmin =
    !isActiveSupporter && me !== request.menteeId && (await actorOf(deps, teamId, me, 'help.resolve')).isAdmin;
  if (!canResolve({ viewerId: me, menteeId: request.menteeId, isActiveSupporter, isAdmin })) {
    // A former supporter's old DM: the mentorship ended, which is what happened, not a refusal.
    const ended = await storage.mentorships.lastEnded(teamId, me, request.menteeId);
    await tellClicker(args, ended?.supporterId === me ? endedNotice(ended, me, deps.now()) : RESOLVE_REFUSAL);
    return;
  }
  if (request.closedReason === 'mentorship_ended') {
    await tellClicker(args, closedWithEndingText(request, deps.now()));
    return;
  }
  const now = deps.now();
  const resolved = await storage.helpRequests.resolve(teamId, request.id, me, now);
  const progressView = modalOf(body);
  if (!resolved) {
    // A double click or someone else got there first: say so, and show the page as it is now.
    if (progressView) await redrawProgress(deps, client, teamId, me, progressView, request.menteeId);
    else await tellClicker(args, `This help request was already resolved by ${user(request.resolvedBy ?? '')}.`);
    return;
  }
  await storage.audit.record({
    teamId,
    actorId: me,
    action: 'assistance.resolve',
    subjectType: 'assistance_request',
    subjectId: request.id,
    at: now,
  });
  if (resolved.topicId)
    await storage.familiarity.setHelpRequested(teamId, resolved.menteeId, resolved.topicId, false, null, now);
  await tellResolved(deps, teamId, me, resolved);
  deps.changes.changed(teamId, await peopleAround(deps, teamId, resolved.menteeId));
  if (progressView) await redrawProgress(deps, client, teamId, me, progressView, resolved.menteeId);
}

/** The supporters' DMs about the request say it is resolved; the mentee hears unless they resolved it. */
async function tellResolved(deps: Deps, teamId: string, me: string, resolved: HelpRequest): Promise<void> {
  await redrawHelpDms(deps, teamId, resolved);
  const background = deps.clientFor(teamId);
  if (me !== resolved.menteeId) {
    await sendDm(background, resolved.menteeId, menteeResolvedDm(resolved)).catch((error: unknown) =>
      deps.logger.warn(`could not tell ${resolved.menteeId} their request was resolved`, error),
    );
  }
}

/** Redraws the progress page the click came from, on the page it showed. */
async function redrawProgress(
  deps: Deps,
  client: WebClient,
  teamId: string,
  me: string,
  view: { id: string; private_metadata: string },
  menteeId: string,
): Promise<void> {
  const page = parseProgressMeta(view.private_metadata)?.page;
  await refreshProgress(deps, client, teamId, me, view.id, menteeId, page);
}

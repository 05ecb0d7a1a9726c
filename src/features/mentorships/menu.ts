import type { BlockAction, OverflowAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate, showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { ActionArgs } from '../feature.ts';
import { suggestTaskFor } from '../goals/open.ts';
import { askForm } from '../help-requests/ask-for-help.ts';
import { showEndConfirmation } from './end.ts';
import { endedNotice } from './ended-notice.ts';
import { MentorshipMenuValue } from './values.ts';

/**
 * The ⋯ menu next to a mentorship on Home: "End mentorship…" opens the no-blame confirmation;
 * "Ask for help" (the mentee's) opens the ask form on that mentorship's topic; "Suggest a task"
 * (the supporter's) the task form. Each checks who may, as its button would.
 */
export async function onMentorshipMenu(deps: Deps, args: ActionArgs<BlockAction<OverflowAction>>): Promise<void> {
  const { body, action, client } = args;
  const picked = readValue(MentorshipMenuValue, action.selected_option?.value);
  if (!picked) return answerOutOfDate(args);
  if (picked.choice === 'end') return showEndConfirmation(deps, args, String(picked.id));
  await args.ack();
  const teamId = teamOf(body);
  const me = body.user.id;
  const m = await deps.storage.mentorships.get(teamId, picked.id);
  if (!m || (picked.choice === 'ask' ? m.menteeId : m.supporterId) !== me)
    return tellClicker(
      args,
      'That menu belongs to an older version of your Home tab. Open Home again to see the current one.',
    );
  if (m.status === 'ended') return tellClicker(args, endedNotice(m, me, deps.now()));
  if (picked.choice === 'task') return suggestTaskFor(deps, args, m.menteeId);
  await showModal(client, body, await askForm(deps, teamId, me, { topicId: m.topicId }));
}

import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { ActionArgs, EventArgs } from '../feature.ts';
import { refreshHome } from './refresh.ts';
import { HomePageValue } from './values.ts';

/** Someone opens Lifering's Home tab: it is drawn afresh, on the page they last looked at. */
export async function showHome(deps: Deps, args: EventArgs<'app_home_opened'>): Promise<void> {
  const { event, body, client } = args;
  if (event.tab !== 'home') return;
  await refreshHome(deps, client, body.team_id, event.user);
}

/** Previous and Next under their mentees. */
export async function turnHomePage(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const { ack, body, action, client } = args;
  const page = readValue(HomePageValue, action.value);
  if (page === undefined) return answerOutOfDate(args);
  await ack();
  await refreshHome(deps, client, teamOf(body), body.user.id, page);
}

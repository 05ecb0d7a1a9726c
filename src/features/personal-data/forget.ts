import type { Deps } from '../../deps.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { Forgotten } from '../../storage/personal-data.ts';
import type { ViewArgs } from '../feature.ts';
import { redrawHelpDms } from '../help-requests/redraw.ts';
import { clearHome } from '../home/refresh.ts';
import { PersonModalMeta } from './values.ts';
import { forgottenText } from './views.ts';

/** The forget confirmation's submission: erases the text by and about the person, and says so by DM. */
export async function forgetPerson(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view, client } = args;
  const meta = readValue(PersonModalMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const adminId = body.user.id;
  const { userId } = meta;
  let text: string;
  try {
    const forgotten = await deps.storage.personalData.forget(teamId, userId, adminId, deps.now());
    deps.logger.info(`${adminId} had the data of ${userId} in ${teamId} erased: ${JSON.stringify(forgotten.changed)}`);
    await afterForget(deps, teamId, userId, forgotten);
    text = forgottenText(userId, forgotten.changed);
  } catch (error) {
    text = unexpectedFailure(deps.logger, 'forgetting a person', error);
  }
  await sendDm(client, adminId, { text });
}

/**
 * What still showed the erased text outside the rows: old copies in the SQLite file, the Homes
 * already published (the person's own is cleared rather than redrawn, which would cache their
 * Slack profile again at once; everyone else named in the erased rows gets theirs redrawn), and
 * the help DMs that quote an erased note. Other DMs Lifering sent keep what they said: Slack's
 * history is not Lifering's to rewrite, and no other stored DM quotes what a person typed.
 * Each step is logged when it fails, not thrown: the erasure itself is done.
 */
async function afterForget(deps: Deps, teamId: string, userId: string, forgotten: Forgotten): Promise<void> {
  const warn = (what: string) => (error: unknown) => deps.logger.warn(`after forgetting ${userId}: ${what}`, error);
  await deps.storage.personalData.dropErasedCopies().catch(warn('could not drop old copies from the database file'));
  if (Object.keys(forgotten.changed).length === 0) return;
  await clearHome(deps, deps.clientFor(teamId), teamId, userId).catch(warn('could not clear their Home'));
  deps.changes.changed(
    teamId,
    forgotten.people.filter((p) => p !== userId),
  );
  for (const id of forgotten.helpRequests) {
    const request = await deps.storage.helpRequests.get(teamId, id);
    if (request) await redrawHelpDms(deps, teamId, request).catch(warn(`could not redraw the DMs of request ${id}`));
  }
}

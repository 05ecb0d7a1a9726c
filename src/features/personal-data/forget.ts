import type { Deps } from '../../deps.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { ViewArgs } from '../feature.ts';
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
    // No Home is refreshed here: drawing one would fetch the person's Slack profile into the
    // cache again at once. Each Home shows the erased text as erased when next opened.
    text = forgottenText(userId, forgotten.changed);
  } catch (error) {
    text = unexpectedFailure(deps.logger, 'forgetting a person', error);
  }
  await sendDm(client, adminId, { text });
}

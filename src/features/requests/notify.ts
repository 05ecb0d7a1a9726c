import type { KnownBlock } from '@slack/types';
import type { Deps } from '../../deps.ts';
import { actions, button, context, section } from '../../slack/blocks.ts';
import { sendDm } from '../../slack/dm.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, user } from '../../slack/text.ts';
import type { SupporterRequest } from '../../storage/supporter-requests.ts';
import { suggestSupporters } from '../matching/suggest.ts';
import { suggestionLines } from '../matching/views.ts';
import { assignPrefillValue } from '../mentorships/values.ts';
import { requestDetails } from './views.ts';

/** The DM every admin gets when someone needs a supporter, with an Assign button that prefills the modal. */
export function supporterRequestDm(
  r: SupporterRequest,
  why: 'asked' | 'help',
  suggestions: KnownBlock[] = [],
  today: Date = new Date(),
) {
  const topic = r.topicName ? ` for *${inlineText(r.topicName)}*` : '';
  const lead =
    why === 'asked'
      ? `:wave: ${user(r.requesterId)} asked for a supporter${topic}.`
      : `:ring_buoy: ${user(r.requesterId)} asked for help${topic}, but has no supporter to help them yet.`;
  const details = requestDetails(r, today);
  const note = details ? `\n${details}` : '';
  const value = assignPrefillValue({ menteeId: r.requesterId, topicId: r.topicId, requestId: r.id });
  return {
    text: `${lead} Assign a supporter in Lifering.`,
    blocks: [
      section(`${lead}${note}`),
      ...(suggestions.length ? [section('*Suggested supporters*'), ...suggestions] : []),
      actions([
        button(
          suggestions.length ? 'Assign someone else' : 'Assign a supporter',
          ACTIONS.openAssignModal,
          value,
          suggestions.length ? {} : { style: 'primary' },
        ),
      ]),
      context('Assigning a supporter closes this request.'),
    ],
  };
}

/** DMs each admin; one unreachable admin does not stop the others. Returns how many were told. */
export async function notifyAdminsOfRequest(deps: Deps, r: SupporterRequest, why: 'asked' | 'help'): Promise<number> {
  const client = deps.clientFor(r.teamId);
  const admins = await deps.people.adminIds(r.teamId);
  // Suggestions are a help, not a precondition: if ranking fails the admins are still told.
  const suggested = await suggestSupporters(deps, r.teamId, { menteeId: r.requesterId, topicId: r.topicId }).catch(
    (error: unknown) => {
      deps.logger.warn(`could not suggest supporters for request ${r.id}`, error);
      return [];
    },
  );
  const message = supporterRequestDm(
    r,
    why,
    suggestionLines(suggested, { menteeId: r.requesterId, topicId: r.topicId, requestId: r.id }),
    deps.now(),
  );
  let told = 0;
  for (const adminId of admins) {
    try {
      await sendDm(client, adminId, message);
      told++;
    } catch (error) {
      deps.logger.warn(`could not tell admin ${adminId} about supporter request ${r.id}`, error);
    }
  }
  return told;
}

import type { KnownBlock } from '@slack/types';
import type { Deps } from '../../deps.ts';
import { actions, button, context, section } from '../../slack/blocks.ts';
import { sendDm } from '../../slack/dm.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, user } from '../../slack/text.ts';
import type { SupporterRequest } from '../../storage/supporter-requests.ts';
import { programmeRecipients } from '../enrolment/programme-of.ts';
import { suggestSupporters } from '../matching/suggest.ts';
import { assignSuggestedValue } from '../matching/values.ts';
import { suggestionLines } from '../matching/views.ts';
import { capacityWarning } from '../mentorships/service.ts';
import { assignPrefillValue } from '../mentorships/values.ts';
import { requestDetails } from './views.ts';

/** What the DM about a request adds when the request names a supporter, or is in a programme of its own. */
export interface RequestDmExtras {
  /** The programme's name, said only when it is not the workspace's default. */
  programmeName?: string | undefined;
  /** The wanted supporter's load, when it is past what they can take. */
  wantedWarning?: string | undefined;
}

/** The DM every admin gets when someone needs a supporter, with an Assign button that prefills the modal. */
export function supporterRequestDm(
  r: SupporterRequest,
  why: 'asked' | 'help',
  suggestions: KnownBlock[] = [],
  today: Date = new Date(),
  extras: RequestDmExtras = {},
) {
  if (r.wantedSupporterId && why === 'asked') return wantedSupporterDm(r, r.wantedSupporterId, today, extras);
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

/**
 * `/mentor request @person`: the supporter the mentee named, with a one-click Assign of them (the
 * same assignment, with the same checks, as every other way of assigning), or someone else.
 */
function wantedSupporterDm(r: SupporterRequest, wanted: string, today: Date, extras: RequestDmExtras) {
  const topic = r.topicName ? ` for *${inlineText(r.topicName)}*` : '';
  const within = extras.programmeName ? ` in *${inlineText(extras.programmeName, 80)}*` : '';
  const lead = `:wave: ${user(r.requesterId)} asked for ${user(wanted)} as their supporter${topic}${within}.`;
  const details = requestDetails(r, today);
  const f = { menteeId: r.requesterId, topicId: r.topicId, requestId: r.id };
  return {
    text: `${lead} Assign them in Lifering.`,
    blocks: [
      section([lead, details, extras.wantedWarning].filter(Boolean).join('\n')),
      actions([
        button('Assign', ACTIONS.assignSuggested, assignSuggestedValue(wanted, f), { style: 'primary' }),
        button('Assign someone else', ACTIONS.openAssignModal, assignPrefillValue(f)),
      ]),
      context(`Assign asks ${user(wanted)} to accept first, and closes this request.`),
    ],
  };
}

/** What the request's DM says besides the request: its programme (when not the default) and the wanted supporter's load. */
async function extrasFor(deps: Deps, r: SupporterRequest): Promise<RequestDmExtras> {
  const p = r.programmeId ? await deps.storage.programmes.get(r.teamId, r.programmeId) : undefined;
  const warning = r.wantedSupporterId ? await capacityWarning(deps, r.teamId, r.wantedSupporterId) : undefined;
  return { programmeName: p && !p.isDefault ? p.name : undefined, wantedWarning: warning };
}

/** Suggested supporters, unless the mentee named one; a help, not a precondition: if ranking fails the DM still goes. */
async function suggestedFor(deps: Deps, r: SupporterRequest): Promise<KnownBlock[]> {
  if (r.wantedSupporterId) return [];
  const suggested = await suggestSupporters(deps, r.teamId, { menteeId: r.requesterId, topicId: r.topicId }).catch(
    (error: unknown) => {
      deps.logger.warn(`could not suggest supporters for request ${r.id}`, error);
      return [];
    },
  );
  return suggestionLines(suggested, { menteeId: r.requesterId, topicId: r.topicId, requestId: r.id });
}

/**
 * DMs whoever assigns in the request's programme (its managers, else the admins); one unreachable
 * person does not stop the others. Returns how many were told.
 */
export async function notifyAdminsOfRequest(deps: Deps, r: SupporterRequest, why: 'asked' | 'help'): Promise<number> {
  const client = deps.clientFor(r.teamId);
  const admins = await programmeRecipients(deps, r.teamId, r.programmeId);
  const message = supporterRequestDm(r, why, await suggestedFor(deps, r), deps.now(), await extrasFor(deps, r));
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

import type { ModalView } from '@slack/types';
import type { Deps } from '../../deps.ts';
import { readValue } from '../../slack/values.ts';
import type { OversightFilter } from '../../storage/oversight.ts';
import type { ProgrammeScope } from '../../storage/programme-scope.ts';
import { clampPage, PROGRAMME_PAGE_SIZE, STALE_PENDING_DAYS } from './rules.ts';
import { scopeFor } from './scope.ts';
import { type OversightBack, OversightBackValue, OversightModalMeta } from './values.ts';
import { oversightModal } from './views.ts';

export type { OversightBack } from './values.ts';

/**
 * The programme view for this filter and page (clamped to the pages there are), of the programmes
 * the viewer administers (`scope`): a manager's list holds their programmes' pairs only.
 */
export async function buildOversight(
  deps: Deps,
  teamId: string,
  filter: OversightFilter,
  page: number,
  scope: ProgrammeScope,
): Promise<ModalView> {
  const c = { now: deps.now(), intervalDays: deps.config.feedback.intervalDays, staleAfterDays: STALE_PENDING_DAYS };
  // One programme, while the viewer still administers it (a filter drawn before a change of managers is let go).
  const wanted = filter.programmeId;
  const programme = wanted === undefined ? undefined : await deps.storage.programmes.get(teamId, wanted);
  if (wanted !== undefined && (!programme || (scope !== 'all' && !scope.includes(wanted)))) {
    const { programmeId: _gone, ...rest } = filter;
    filter = rest;
  }
  const pageAt = (n: number) =>
    deps.storage.oversight.page(teamId, filter, c, (n - 1) * PROGRAMME_PAGE_SIZE, PROGRAMME_PAGE_SIZE, scope);
  let listing = await pageAt(page);
  const shown = clampPage(page, listing.total);
  if (shown !== page) listing = await pageAt(shown);
  const topics = await deps.storage.topics.list(teamId);
  const programmeName = filter.programmeId === undefined ? undefined : programme?.name;
  return oversightModal({
    filter,
    page: shown,
    listing,
    topics,
    now: c.now,
    intervalDays: c.intervalDays,
    programmeName,
  });
}

/** Where a form opened over the programme view goes back to, as read from that form's private_metadata. */
export const parseBack = (v: unknown): OversightBack | undefined => readValue(OversightBackValue, v);

/**
 * After a change made from a form opened over the programme view, redraws that view underneath,
 * so the admin comes back to the list as it now is. A view Slack no longer has is let go, and so
 * is one whose filter is not one Lifering wrote (the change itself is done and was answered).
 */
export async function refreshOversight(
  deps: Deps,
  teamId: string,
  back: OversightBack | undefined,
  viewerId: string,
): Promise<void> {
  if (!back) return;
  const meta = readValue(OversightModalMeta, back.meta);
  if (!meta) {
    deps.logger.warn('the programme view under a form had a filter Lifering did not write; left as it was');
    return;
  }
  try {
    const scope = await scopeFor(deps, teamId, viewerId, 'oversight.browse');
    const view = await buildOversight(deps, teamId, meta.filter, meta.page, scope);
    await deps.clientFor(teamId).views.update({ view_id: back.viewId, view });
  } catch (error) {
    deps.logger.warn('could not redraw the programme view after a change made from it', error);
  }
}

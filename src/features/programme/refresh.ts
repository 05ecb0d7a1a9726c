import type { ModalView } from '@slack/types';
import type { Deps } from '../../deps.ts';
import type { ProgrammeFilter } from '../../storage/programme.ts';
import { clampPage, PROGRAMME_PAGE_SIZE, parseProgrammeMeta, STALE_PENDING_DAYS } from './rules.ts';
import { programmeModal } from './views.ts';

/** The programme view for this filter and page (clamped to the pages there are). */
export async function buildProgramme(
  deps: Deps,
  teamId: string,
  filter: ProgrammeFilter,
  page: number,
): Promise<ModalView> {
  const c = { now: deps.now(), intervalDays: deps.config.feedback.intervalDays, staleAfterDays: STALE_PENDING_DAYS };
  let listing = await deps.storage.programme.page(
    teamId,
    filter,
    c,
    (page - 1) * PROGRAMME_PAGE_SIZE,
    PROGRAMME_PAGE_SIZE,
  );
  const shown = clampPage(page, listing.total);
  if (shown !== page)
    listing = await deps.storage.programme.page(
      teamId,
      filter,
      c,
      (shown - 1) * PROGRAMME_PAGE_SIZE,
      PROGRAMME_PAGE_SIZE,
    );
  const topics = await deps.storage.topics.list(teamId);
  return programmeModal({ filter, page: shown, listing, topics, now: c.now, intervalDays: c.intervalDays });
}

/** Where a form opened from the programme view goes back to: that view, and the filter it showed. */
export interface ProgrammeBack {
  viewId: string;
  meta: string;
}

export function parseBack(v: unknown): ProgrammeBack | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const b = v as Record<string, unknown>;
  return typeof b.viewId === 'string' && /^V[A-Z0-9]+$/.test(b.viewId) && typeof b.meta === 'string'
    ? { viewId: b.viewId, meta: b.meta }
    : undefined;
}

/**
 * After a change made from a form opened over the programme view, redraws that view underneath,
 * so the admin comes back to the list as it now is. A view Slack no longer has is let go.
 */
export async function refreshProgramme(deps: Deps, teamId: string, back: ProgrammeBack | undefined): Promise<void> {
  if (!back) return;
  const { filter, page } = parseProgrammeMeta(back.meta);
  try {
    await deps
      .clientFor(teamId)
      .views.update({ view_id: back.viewId, view: await buildProgramme(deps, teamId, filter, page) });
  } catch (error) {
    deps.logger.warn('could not redraw the programme view after a change made from it', error);
  }
}

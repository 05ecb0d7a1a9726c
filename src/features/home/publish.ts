import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { reinstallFrom } from '../../slack/reinstall.ts';
import { STALE_PENDING_DAYS } from '../oversight/rules.ts';
import { agreedAgreements } from '../programmes/agreement.ts';
import { managedProgrammes } from './managing.ts';
import { clampPage, homeView, MENTEE_LIST_LIMIT, MENTEES_PER_PAGE, pageCount, showsLastEnded } from './views.ts';

/** Reads what one person's Home shows and publishes it; `page` is the page of their mentees. */
export async function publishHome(
  deps: Deps,
  client: WebClient,
  teamId: string,
  userId: string,
  page: number,
): Promise<number> {
  const { storage, config, now: clock } = deps;
  const now = clock();
  // Whether they are an admin, and (if not) which programmes they run, as the database has it now.
  const viewer = await deps.people.viewer(teamId, userId);
  const { admin, person } = viewer;
  const manages = admin ? [] : viewer.manages;
  let shown = Math.max(1, Math.floor(page) || 1);
  let listing = await storage.overview.supporterPage(teamId, userId, (shown - 1) * MENTEES_PER_PAGE, MENTEES_PER_PAGE);
  const clamped = clampPage(shown, listing.total);
  if (clamped !== shown) {
    shown = clamped;
    listing = await storage.overview.supporterPage(teamId, userId, (shown - 1) * MENTEES_PER_PAGE, MENTEES_PER_PAGE);
  }
  const [mentee, summary, setup, tokenNotice, refusal, managing, agreements] = await Promise.all([
    storage.overview.menteeHome(teamId, userId, MENTEE_LIST_LIMIT),
    admin
      ? storage.overview.summary(teamId, {
          now,
          intervalDays: config.feedback.intervalDays,
          maxMenteesPerSupporter: config.maxMenteesPerSupporter,
          limit: 5,
          staleAfterDays: STALE_PENDING_DAYS,
        })
      : undefined,
    admin ? storage.overview.setup(teamId) : undefined,
    admin ? deps.tokenSaveNotice?.(teamId) : undefined,
    admin ? deps.scopeRefusal?.(teamId) : undefined,
    managedProgrammes(deps, teamId, manages, now),
    listing.total > 0 ? agreedAgreements(deps, teamId, userId) : [],
  ]);
  const lastEnded = showsLastEnded(listing.total, mentee)
    ? await storage.mentorships.lastEnded(teamId, userId)
    : undefined;
  const view = homeView({
    now,
    viewerId: userId,
    lastEnded,
    tz: person?.tz ?? null,
    feedback: { intervalDays: config.feedback.intervalDays, remindBeforeDays: config.feedback.remindBeforeDays },
    agreements,
    ...(summary
      ? {
          admin: {
            data: summary,
            settings: {
              now,
              intervalDays: config.feedback.intervalDays,
              maxMenteesPerSupporter: config.maxMenteesPerSupporter,
            },
            ...(setup ? { setup } : {}),
            ...(tokenNotice ? { tokenNotice } : {}),
            ...(refusal ? { scopeNotice: { refusal, reinstallFrom: reinstallFrom(config) } } : {}),
          },
        }
      : {}),
    managing,
    supporting: { page: shown, pageCount: pageCount(listing.total), offset: (shown - 1) * MENTEES_PER_PAGE, listing },
    mentee,
  });
  await client.views.publish({ user_id: userId, view });
  return shown;
}

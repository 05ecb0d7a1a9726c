import { can } from '../../policy/policy.ts';
import { readValue } from '../../slack/values.ts';
import { ProgressModalMeta } from './values.ts';

/** Who is looking at a mentee's progress page, which decides what they may do there. */
export type ProgressRole = 'mentee' | 'supporter' | 'admin';

export interface AccessFacts {
  viewerId: string;
  menteeId: string;
  /** The viewer has an ACTIVE mentorship with the mentee (pending, declined or ended do not count). */
  isActiveSupporter: boolean;
  isAdmin: boolean;
}

/** The mentee, their active supporters and admins may open the page; anyone else may not. */
export function progressRole(f: AccessFacts): ProgressRole | undefined {
  const facts = { menteeId: f.menteeId, supporterIds: f.isActiveSupporter ? [f.viewerId] : [] };
  if (!can({ teamId: '', userId: f.viewerId, isAdmin: f.isAdmin }, 'progress.view', facts)) return undefined;
  if (f.viewerId === f.menteeId) return 'mentee';
  return f.isActiveSupporter ? 'supporter' : 'admin';
}

/**
 * The one refusal, whoever was asked for: it must not tell whether that person exists, has
 * supporters, or has a page at all.
 */
export const PROGRESS_REFUSAL =
  'You can open a progress page only for yourself, for a mentee you support, or as a Lifering admin. If you think you should see this one, ask your Lifering admin.';

/** Modals hold at most 100 blocks: each page keeps room for its title, buttons and page controls. */
export const CONTENT_BLOCKS_PER_PAGE = 90;

export function paginate<T>(items: readonly T[], perPage: number): T[][] {
  if (items.length === 0) return [[]];
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += perPage) pages.push(items.slice(i, i + perPage));
  return pages;
}

/** A page number from a button, clamped to the pages that exist. */
export function clampPage(page: number, pageCount: number): number {
  if (!Number.isInteger(page) || page < 1) return 1;
  return Math.min(page, Math.max(1, pageCount));
}

/** The progress page modal's private_metadata, or undefined when it is not one Lifering wrote. */
export const parseProgressMeta = (raw: string | undefined): ProgressModalMeta | undefined =>
  readValue(ProgressModalMeta, raw);

import type { Db } from '../db.ts';
import { num } from './listing.ts';
import type { ReportData } from './mentorships-report.ts';
import {
  cutoffs,
  helpList,
  overdue,
  overdueList,
  type ReportOptions,
  staleList,
  supporterRequestList,
} from './urgent-lists.ts';

/**
 * What the admin's Home shows: the report's totals and counts with its most urgent items, and
 * how many pairs wait for an admin. Read from counters the database keeps, not from every row.
 */
export type HomeSummary = Pick<
  ReportData,
  'totals' | 'overdue' | 'helpRequests' | 'supporterRequests' | 'stalePending'
> & {
  supporters: Pick<ReportData['supporters'], 'overCapacity'>;
  /** Declined with nobody assigned since, or pending too long: the programme view's "attention" filter. */
  attention: number;
};

/** How long the admin Home may show a remembered programme summary while nothing is written. */
export const SUMMARY_MAX_AGE_MS = 5 * 60_000;

/**
 * The Home's counts from `team_counts`, which triggers keep as rows change: each subquery reads
 * a few counter rows (the kinds by status, month or day), or only the rows it counts (people
 * waiting, supporters above capacity, standing declines), never the workspace's mentorships.
 * Stale pending adds, to the days before the cutoff's, the cutoff's own day read from an index.
 */
async function counts(db: Db, teamId: string, o: ReportOptions) {
  const c = cutoffs(o);
  const counter = (kind: string) => db('team_counts').where({ team_id: teamId, kind });
  const row = (await db
    .select(
      counter('status').where('bucket', 'active').sum({ n: 'n' }).as('active'),
      counter('status').where('bucket', 'pending').sum({ n: 'n' }).as('pending'),
      counter('ended').where('bucket', '>=', c.month).sum({ n: 'n' }).as('ended'),
      counter('feedback').where('bucket', '<', c.overdue).sum({ n: 'n' }).as('overdue'),
      counter('pending').where('bucket', '<', c.staleBefore.slice(0, 10)).sum({ n: 'n' }).as('stale_days'),
      db('mentorships')
        .where({ team_id: teamId, status: 'pending' })
        .where('created_at', '>=', c.staleBefore.slice(0, 10))
        .where('created_at', '<', c.staleBefore)
        .count({ n: '*' })
        .as('stale_today'),
      counter('help').sum({ n: 'n' }).as('help'),
      counter('waiting').count({ n: '*' }).as('waiting'),
      counter('load').where('n', '>', o.maxMenteesPerSupporter).count({ n: '*' }).as('over_capacity'),
      counter('decline').count({ n: '*' }).as('declines'),
    )
    .first()) as Record<string, unknown>;
  const staleTotal = num(row.stale_days) + num(row.stale_today);
  // The feedback counter knows days, not programmes: with a programme of its own rhythm, count the pairs.
  const overdueTotal = o.rhythms?.length
    ? num((await overdue(db, teamId, o).count({ n: '*' }).first())?.n)
    : num(row.overdue);
  return {
    totals: { active: num(row.active), pending: num(row.pending), endedThisMonth: num(row.ended) },
    overCapacity: num(row.over_capacity),
    overdue: overdueTotal,
    helpRequests: num(row.help),
    supporterRequests: num(row.waiting),
    stalePending: staleTotal,
    attention: num(row.declines) + staleTotal,
  };
}

/**
 * The admin Home's summary, read afresh. Its cost does not grow with the workspace: counters and
 * five-row index reads (see `counts` and urgent-lists.ts). Its counts equal the report's (and
 * the programme view's "attention").
 */
export async function adminHome(db: Db, teamId: string, o: ReportOptions): Promise<HomeSummary> {
  const [n, overdueItems, helpItems, supporterRequestItems, staleItems] = await Promise.all([
    counts(db, teamId, o),
    overdueList(db, teamId, o),
    helpList(db, teamId, o),
    supporterRequestList(db, teamId, o),
    staleList(db, teamId, o),
  ]);
  return {
    totals: n.totals,
    supporters: { overCapacity: n.overCapacity },
    overdue: { total: n.overdue, items: overdueItems },
    helpRequests: { total: n.helpRequests, items: helpItems },
    supporterRequests: { total: n.supporterRequests, items: supporterRequestItems },
    stalePending: { total: n.stalePending, items: staleItems },
    attention: n.attention,
  };
}

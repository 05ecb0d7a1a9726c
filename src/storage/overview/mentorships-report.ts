import type { Db } from '../db.ts';
import { count, type Listing, num } from './listing.ts';
import {
  cutoffs,
  type HelpItem,
  helpList,
  mentorshipsOf,
  openHelpOf,
  openSupporterRequestsOf,
  overdue,
  overdueList,
  type PairItem,
  type ReportOptions,
  type SupporterRequestItem,
  stale,
  staleList,
  supporterRequestList,
} from './urgent-lists.ts';

export interface SupporterLoad {
  supporterId: string;
  active: number;
}

/** What the mentorships report and the admin's Home summarise; lists are the most urgent first. */
export interface ReportData {
  totals: { active: number; pending: number; endedThisMonth: number };
  supporters: { total: number; overCapacity: number; top: SupporterLoad[] };
  overdue: Listing<PairItem>;
  helpRequests: Listing<HelpItem>;
  /** `total` counts people; items are their oldest open requests. */
  supporterRequests: Listing<SupporterRequestItem>;
  topicsWithoutSupporter: Listing<string>;
  stalePending: Listing<PairItem>;
}

/** Each supporter's active mentorships, one group a supporter. */
const loads = (db: Db, teamId: string, o: ReportOptions) =>
  mentorshipsOf(db, teamId, o.programmes).where('m.status', 'active').groupBy('m.supporter_id');

/** Topics not archived that no pending or active mentorship (of the programmes in scope) covers. */
const bareTopics = (db: Db, teamId: string, o: ReportOptions) =>
  db('topics as t')
    .where('t.team_id', teamId)
    .whereNull('t.archived_at')
    .whereNotExists(
      mentorshipsOf(db, teamId, o.programmes)
        .select(db.raw('1'))
        .whereRaw('m.topic_id = t.id')
        .whereIn('m.status', ['pending', 'active']),
    );

/** The report's totals and its supporters' loads, the busiest first. */
async function totalsAndSupporters(
  db: Db,
  teamId: string,
  o: ReportOptions,
): Promise<Pick<ReportData, 'totals' | 'supporters'>> {
  const monthStart = `${cutoffs(o).month}-01`;
  const m = () => mentorshipsOf(db, teamId, o.programmes);
  const [statusCounts, endedThisMonth, supporterTotal, overCapacity, top] = await Promise.all([
    m().whereIn('m.status', ['active', 'pending']).groupBy('m.status').select('m.status').count({ n: '*' }),
    count(m().where('m.status', 'ended').where('m.ended_at', '>=', monthStart)),
    count(m().where('m.status', 'active'), 'm.supporter_id'),
    count(
      db.from(
        loads(db, teamId, o).select('m.supporter_id').havingRaw('COUNT(*) > ?', [o.maxMenteesPerSupporter]).as('x'),
      ),
    ),
    loads(db, teamId, o)
      .select('m.supporter_id')
      .count({ n: '*' })
      .orderBy([{ column: 'n', order: 'desc' }, { column: 'm.supporter_id' }])
      .limit(o.limit),
  ]);
  const byStatus = new Map((statusCounts as Record<string, unknown>[]).map((r) => [String(r.status), num(r.n)]));
  return {
    totals: { active: byStatus.get('active') ?? 0, pending: byStatus.get('pending') ?? 0, endedThisMonth },
    supporters: {
      total: supporterTotal,
      overCapacity,
      top: (top as Record<string, unknown>[]).map((r) => ({
        supporterId: String(r.supporter_id),
        active: num(r.n),
      })),
    },
  };
}

/** The report's lists, each with its full count. */
async function lists(db: Db, teamId: string, o: ReportOptions): Promise<Omit<ReportData, 'totals' | 'supporters'>> {
  const openHelp = () => openHelpOf(db, teamId, o.programmes);
  const openSupporterRequests = () => openSupporterRequestsOf(db, teamId, o.programmes);
  const [
    overdueTotal,
    overdueItems,
    flagTotal,
    flagItems,
    waitingTotal,
    waitingItems,
    topicTotal,
    topicRows,
    staleTotal,
    staleItems,
  ] = await Promise.all([
    count(overdue(db, teamId, o)),
    overdueList(db, teamId, o),
    count(openHelp()),
    helpList(db, teamId, o),
    count(openSupporterRequests(), 'r.requester_id'),
    supporterRequestList(db, teamId, o),
    count(bareTopics(db, teamId, o)),
    bareTopics(db, teamId, o).select('t.name').orderBy('t.name_key').limit(o.limit),
    count(stale(db, teamId, o)),
    staleList(db, teamId, o),
  ]);
  return {
    overdue: { total: overdueTotal, items: overdueItems },
    helpRequests: { total: flagTotal, items: flagItems },
    supporterRequests: { total: waitingTotal, items: waitingItems },
    topicsWithoutSupporter: {
      total: topicTotal,
      items: (topicRows as Record<string, unknown>[]).map((r) => String(r.name)),
    },
    stalePending: { total: staleTotal, items: staleItems },
  };
}

/**
 * The mentorships report. Calendar days are UTC here: it is one programme-wide view for admins,
 * whereas a supporter's own Home counts in their time zone.
 */
export async function mentorshipsReport(db: Db, teamId: string, o: ReportOptions): Promise<ReportData> {
  const figures = await totalsAndSupporters(db, teamId, o);
  return { ...figures, ...(await lists(db, teamId, o)) };
}

import type { Db } from './db.ts';
import { adminHome, type HomeSummary, SUMMARY_MAX_AGE_MS } from './overview/admin-home.ts';
import type { Listing } from './overview/listing.ts';
import { type MenteeHome, menteeHome } from './overview/mentee-home.ts';
import { type ExportRow, exportPage } from './overview/mentorships-export.ts';
import { mentorshipsReport, type ReportData } from './overview/mentorships-report.ts';
import { type ProgrammeCounts, programmeCounts } from './overview/programme-counts.ts';
import { type SetupProgress, setupProgress } from './overview/setup.ts';
import { type SupporterHomeRow, supporterPage } from './overview/supporter-home.ts';
import type { ReportOptions } from './overview/urgent-lists.ts';
import type { PreparedReads } from './prepared.ts';
import { rhythmsOf } from './programme-pairs.ts';
import type { ProgrammeScope } from './programme-scope.ts';
import { VersionedCache } from './versions.ts';

/*
 * Read-only, aggregate views across mentorships, one module a reader in overview/: the
 * supporter's and the mentee's Home, the admin's Home, the mentorships report and the CSV
 * export. Every query counts in SQL and returns at most `limit` rows, so a workspace with tens of
 * thousands of mentorships never loads them all at once.
 */

export type { HomeSummary } from './overview/admin-home.ts';
export { SUMMARY_MAX_AGE_MS } from './overview/admin-home.ts';
export type { Listing } from './overview/listing.ts';
export type { GoalRow, MenteeHome, MenteeSupporterRow, TaskRow } from './overview/mentee-home.ts';
export type { ExportRow } from './overview/mentorships-export.ts';
export type { ReportData, SupporterLoad } from './overview/mentorships-report.ts';
export type { ProgrammeCounts } from './overview/programme-counts.ts';
export type { SetupProgress } from './overview/setup.ts';
export type { SupporterHomeRow } from './overview/supporter-home.ts';
export type { HelpItem, PairItem, ReportOptions, SupporterRequestItem } from './overview/urgent-lists.ts';

export class OverviewStore {
  /** Programme summaries by workspace and options, while the workspace's data version stands. */
  private readonly summaries = new VersionedCache<{ at: number; data: HomeSummary }>('programme_summary', 1_000);
  /** Setup progress by workspace, while its data version stands (topics, profiles and pairs all move it). */
  private readonly setups = new VersionedCache<SetupProgress>('setup_progress', 1_000);

  constructor(
    private readonly db: Db,
    private readonly versions: { get(teamId: string): Promise<number> },
    private readonly reads: PreparedReads,
  ) {}

  /** Its caches, for the metrics. */
  caches(): VersionedCache<unknown>[] {
    return [this.summaries, this.setups];
  }

  /**
   * How far the admins have come in setting Lifering up (the first-day card on their Home). Read
   * on every admin Home, and done for good once the first pair is made: kept while the version stands.
   */
  async setup(teamId: string): Promise<SetupProgress> {
    const version = await this.versions.get(teamId);
    const known = this.setups.get(teamId, version);
    if (known) return known;
    const progress = await setupProgress(this.db, teamId);
    this.setups.set(teamId, version, progress);
    return progress;
  }

  /**
   * One page of a supporter's pending and active mentorships: those asking for help first, then active by
   * how long since feedback (most overdue first), pending last.
   */
  supporterPage(
    teamId: string,
    supporterId: string,
    offset: number,
    limit: number,
  ): Promise<Listing<SupporterHomeRow>> {
    return supporterPage(this.reads, teamId, supporterId, offset, limit);
  }

  /** A mentee's active supporters, open goals and open tasks, each capped at `limit`. */
  menteeHome(teamId: string, menteeId: string, limit: number): Promise<MenteeHome> {
    return menteeHome(this.reads, teamId, menteeId, limit);
  }

  /**
   * What the admin Home shows, which every open and every change redraws. Its cost does not
   * grow with the workspace (see `home`). The last one is also reused while nothing in the
   * workspace has been written since (any instance), on the same UTC day, for up to
   * SUMMARY_MAX_AGE_MS (stale pending moves with time).
   */
  async summary(teamId: string, o: ReportOptions): Promise<HomeSummary> {
    const version = await this.versions.get(teamId);
    const at = o.now.getTime();
    const key = `${teamId}:${o.now.toISOString().slice(0, 10)}:${o.intervalDays}:${o.maxMenteesPerSupporter}:${o.limit}:${o.staleAfterDays ?? 7}`;
    const known = this.summaries.get(key, version);
    if (known && known.at <= at && at - known.at < SUMMARY_MAX_AGE_MS) return known.data;
    const data = await this.home(teamId, o);
    this.summaries.set(key, version, { at, data });
    return data;
  }

  /** The options with the workspace's programme rhythms, read when the caller did not give them. */
  private async withRhythms(teamId: string, o: ReportOptions): Promise<ReportOptions> {
    return o.rhythms ? o : { ...o, rhythms: await rhythmsOf(this.db, teamId) };
  }

  /** The admin Home's summary, read afresh. Its counts equal the report's (and the programme view's "attention"). */
  async home(teamId: string, o: ReportOptions): Promise<HomeSummary> {
    return adminHome(this.db, teamId, await this.withRhythms(teamId, o));
  }

  /**
   * The mentorships report. Calendar days are UTC here: it is one programme-wide view for admins,
   * whereas a supporter's own Home counts in their time zone.
   */
  async report(teamId: string, o: ReportOptions): Promise<ReportData> {
    return mentorshipsReport(this.db, teamId, await this.withRhythms(teamId, o));
  }

  /** What needs each of these programmes' managers (a manager's Home): overdue reports, open help, unanswered offers. */
  programmeCounts(
    teamId: string,
    programmeIds: readonly number[],
    o: Pick<ReportOptions, 'now' | 'intervalDays'>,
  ): Promise<ProgrammeCounts[]> {
    return programmeCounts(this.db, teamId, programmeIds, o);
  }

  /** One page of every mentorship in the workspace (of the programmes in scope) for the CSV export, by id after `afterId`. */
  exportPage(teamId: string, afterId: number, limit: number, scope?: ProgrammeScope): Promise<ExportRow[]> {
    return exportPage(this.db, teamId, afterId, limit, scope);
  }
}

import type { Deps } from '../../deps.ts';
import type { ProgrammeScope } from '../../storage/programme-scope.ts';
import { cohortFacts, lastMonths, type MonthTrend, monthlyTrends } from './rules.ts';

/** The last 12 months of figures, for everyone or for the pairs assigned in one month, of the programmes in scope. */
export async function loadTrends(
  deps: Deps,
  teamId: string,
  cohort: string | null = null,
  scope: ProgrammeScope = 'all',
): Promise<{ months: string[]; trends: MonthTrend[] }> {
  const months = lastMonths(deps.now());
  const facts = await deps.storage.trends.facts(teamId, `${months[0]}-01T00:00:00.000Z`, scope);
  return { months, trends: monthlyTrends(cohort ? cohortFacts(facts, cohort) : facts, months) };
}

import { z } from 'zod';

/**
 * The trendsCohort select's option values: `all`, or the month the pairs were assigned in,
 * `YYYY-MM`. Read back as null for everyone, or the month.
 */
export const cohortValue = (month: string | null): string => month ?? 'all';
export const CohortValue = z.union([
  z.literal('all').transform(() => null),
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
]);

import type { Knex } from 'knex';

/** One page of a longer list, with how many there are in all. */
export interface Listing<T> {
  total: number;
  items: T[];
}

export const num = (v: unknown): number => Number(v ?? 0);
export const str = (v: unknown): string | null => (v == null ? null : String(v));

/** A list's total beside each of its rows, counted before LIMIT and OFFSET (both engines). */
export const TOTAL = 'COUNT(*) OVER () as listing_total';

/** A listing from rows selected with TOTAL; no rows means a total of 0 only on the first page. */
export function withTotal<T>(rows: Record<string, unknown>[], to: (r: Record<string, unknown>) => T): Listing<T> {
  return { total: num(rows[0]?.listing_total), items: rows.map(to) };
}

/** COUNT(*) of a query, or COUNT(DISTINCT column). */
export async function count(q: Knex.QueryBuilder, distinct?: string): Promise<number> {
  const row = (await (distinct ? q.countDistinct({ n: distinct }) : q.count({ n: '*' })).first()) as
    | { n?: unknown }
    | undefined;
  return num(row?.n);
}

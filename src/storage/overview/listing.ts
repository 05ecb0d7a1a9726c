import type { Knex } from 'knex';

/** One page of a longer list, with how many there are in all. */
export interface Listing<T> {
  total: number;
  items: T[];
}

export const num = (v: unknown): number => Number(v ?? 0);
export const str = (v: unknown): string | null => (v == null ? null : String(v));

/** COUNT(*) of a query, or COUNT(DISTINCT column). */
export async function count(q: Knex.QueryBuilder, distinct?: string): Promise<number> {
  const row = (await (distinct ? q.countDistinct({ n: distinct }) : q.count({ n: '*' })).first()) as
    | { n?: unknown }
    | undefined;
  return num(row?.n);
}

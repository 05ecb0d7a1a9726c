import type { Knex } from 'knex';
import type { Db } from './db.ts';

/**
 * Which programmes' rows a read may return: every one (a workspace admin's surfaces), or these
 * (a programme manager's). Admin surfaces get it from the policy's `administeredProgrammes`.
 */
export type ProgrammeScope = 'all' | readonly number[];

/**
 * Keeps the rows of `alias` (a table with team_id and programme_id) whose programme is in scope.
 * A NULL programme_id, written by an instance of the previous release, is the default programme's.
 */
export function inProgrammes(db: Db, q: Knex.QueryBuilder, scope: ProgrammeScope | undefined, alias = 'm') {
  if (scope === undefined || scope === 'all') return q;
  if (scope.length === 0) return q.whereRaw('1 = 0');
  return q.where((w) =>
    w.whereIn(`${alias}.programme_id`, [...scope]).orWhere((n) =>
      n.whereNull(`${alias}.programme_id`).whereExists(
        db('programmes as dp')
          .select(db.raw('1'))
          .whereRaw(`dp.team_id = ${alias}.team_id`)
          .where('dp.is_default', true)
          .whereIn('dp.id', [...scope]),
      ),
    ),
  );
}

/** SQL for a mentorship's programme, NULL read as its workspace's default (alias `m`). */
export const programmeOfSql = (alias = 'm'): string =>
  `COALESCE(${alias}.programme_id, (SELECT dp.id FROM programmes dp WHERE dp.team_id = ${alias}.team_id AND dp.is_default = true))`;

/**
 * Keeps help requests (alias `ar`, which belong to a mentee, not a programme) of mentees who have
 * a pending or active mentorship in scope: a manager sees the calls for help of their pairs.
 */
export function helpInProgrammes(db: Db, q: Knex.QueryBuilder, scope: ProgrammeScope | undefined) {
  if (scope === undefined || scope === 'all') return q;
  const theirs = db('mentorships as hm')
    .select(db.raw('1'))
    .whereRaw('hm.team_id = ar.team_id AND hm.mentee_id = ar.mentee_id')
    .whereIn('hm.status', ['pending', 'active']);
  return q.whereExists(inProgrammes(db, theirs, scope, 'hm'));
}

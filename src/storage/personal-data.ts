import type { Knex } from 'knex';
import type { Db } from './db.ts';
import { TEAM_TABLES } from './installations.ts';

type TeamTable = (typeof TEAM_TABLES)[number];

/**
 * Where a person appears in each table that holds a workspace's data:
 * - `people`: columns holding their Slack user id;
 * - `parent`: rows that belong to a row already found about them (a reminder of their mentorship);
 * - `text`: what they or others wrote there, erased when the person is forgotten.
 * A test fails when a table in TEAM_TABLES is missing here, so a new table cannot be left out of
 * an export or an erasure. Topic names are the organisation's catalogue, not anyone's personal
 * data, so they stay.
 */
export const PERSONAL_DATA: Record<
  TeamTable,
  { people: readonly string[]; parent?: { column: string; table: TeamTable }; text: readonly string[] }
> = {
  people: { people: ['user_id', 'admin_granted_by'], text: ['name', 'tz'] },
  topics: { people: ['created_by'], text: [] },
  mentorships: { people: ['supporter_id', 'mentee_id', 'assigned_by', 'ended_by'], text: ['end_reason'] },
  supporter_profiles: { people: ['user_id'], text: [] },
  supporter_topics: { people: ['user_id'], text: [] },
  person_settings: { people: ['user_id'], text: [] },
  checkins: {
    people: ['person_id', 'other_id'],
    parent: { column: 'mentorship_id', table: 'mentorships' },
    text: ['comment'],
  },
  familiarity: { people: ['person_id'], text: ['note'] },
  assistance_requests: { people: ['mentee_id', 'acknowledged_by', 'resolved_by'], text: ['note'] },
  assistance_alerts: {
    people: ['supporter_id'],
    parent: { column: 'assistance_request_id', table: 'assistance_requests' },
    text: [],
  },
  supporter_requests: { people: ['requester_id'], text: ['note', 'help_note'] },
  goals: { people: ['mentee_id'], text: ['title', 'detail'] },
  tasks: { people: ['mentee_id', 'suggested_by'], parent: { column: 'goal_id', table: 'goals' }, text: ['title'] },
  meeting_reports: {
    people: ['author_id', 'mentee_id'],
    parent: { column: 'mentorship_id', table: 'mentorships' },
    text: ['summary', 'goals_discussed', 'private_note'],
  },
  reminders: { people: ['recipient_id'], parent: { column: 'mentorship_id', table: 'mentorships' }, text: [] },
  meeting_notices: { people: ['person_id'], parent: { column: 'mentorship_id', table: 'mentorships' }, text: [] },
  silence_notices: { people: ['recipient_id'], parent: { column: 'mentorship_id', table: 'mentorships' }, text: [] },
  // Handled on its own below: the detail of an entry is JSON that may quote what someone typed.
  audit_events: { people: ['actor_id'], text: [] },
  // Delivery ids of Slack events already handled: nothing about anyone.
  processed_events: { people: [], text: [] },
  // A counter per workspace that moves on every write: nothing about anyone.
  team_versions: { people: [], text: [] },
  // Counts of the rows above (a bucket may be a user id those rows already hold): nothing written.
  team_counts: { people: [], text: [] },
};

/** What an erased text reads as wherever it was shown (some of these columns may not be empty). */
export const ERASED = '(erased on request)';

/** Parents before children, so a child table can look up the ids of its parents' rows. */
const ORDER: TeamTable[] = [...TEAM_TABLES].reverse();

const SLACK_ID = /^[UWTEBC][A-Z0-9]{2,}$/;

/** The audit entry's detail with every string that is not a Slack id erased; numbers and flags stay. */
export function eraseDetail(value: unknown): unknown {
  if (typeof value === 'string') return SLACK_ID.test(value) ? value : ERASED;
  if (Array.isArray(value)) return value.map(eraseDetail);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, eraseDetail(v)]));
  return value;
}

export type PersonalRows = Record<TeamTable, Record<string, unknown>[]>;

/** Rows of `table` about the person, given the ids already found in parent tables. */
function about(
  q: Knex,
  table: TeamTable,
  teamId: string,
  userId: string,
  ids: Map<TeamTable, number[]>,
): Knex.QueryBuilder | undefined {
  const spec = PERSONAL_DATA[table];
  const parentIds = spec.parent ? (ids.get(spec.parent.table) ?? []) : [];
  if (spec.people.length === 0 && parentIds.length === 0 && table !== 'audit_events') return undefined;
  return q(table)
    .where({ team_id: teamId })
    .andWhere((w) => {
      for (const column of spec.people) w.orWhere(column, userId);
      if (spec.parent && parentIds.length > 0) w.orWhereIn(spec.parent.column, parentIds);
      if (table === 'audit_events') {
        // Entries naming them in their detail (an admin grant, a task suggested for them), and
        // entries about their goals and tasks, whose detail holds what was typed.
        w.orWhereLike('detail', `%"${userId}"%`);
        for (const [type, from] of [
          ['goal', 'goals'],
          ['task', 'tasks'],
        ] as const) {
          const own = ids.get(from) ?? [];
          if (own.length > 0) w.orWhere((s) => s.where('subject_type', type).whereIn('subject_id', own));
        }
      }
    });
}

/** Every row about the person, table by table, as stored. */
async function collectRows(q: Knex, teamId: string, userId: string): Promise<PersonalRows> {
  const ids = new Map<TeamTable, number[]>();
  const rows = {} as PersonalRows;
  for (const table of ORDER) {
    const query = about(q, table, teamId, userId, ids);
    const found = query ? ((await query.clone().select('*')) as Record<string, unknown>[]) : [];
    found.sort((a, b) => Number(a.id ?? 0) - Number(b.id ?? 0));
    rows[table] = found;
    if (found.length > 0 && 'id' in found[0]!)
      ids.set(
        table,
        found.map((r) => Number(r.id)),
      );
  }
  return rows;
}

/** Erases what was typed from the details of these audit entries; returns how many changed. */
async function eraseAuditDetails(trx: Knex, entries: Record<string, unknown>[]): Promise<number> {
  let n = 0;
  for (const r of entries) {
    if (r.detail === null || r.detail === undefined) continue;
    const erased = JSON.stringify(eraseDetail(JSON.parse(String(r.detail))));
    if (erased === r.detail) continue;
    await trx('audit_events').where({ id: r.id }).update({ detail: erased });
    n++;
  }
  return n;
}

/** Erases the text columns of the rows `query` finds in `table`; returns how many rows changed. */
async function eraseText(trx: Knex, table: TeamTable, query: Knex.QueryBuilder, now: Date): Promise<number> {
  const spec = PERSONAL_DATA[table];
  // Only columns that hold something: an empty note stays empty rather than "erased".
  const set: Record<string, unknown> = {};
  // The cached Slack profile is dropped outright; it is fetched again if they are still around.
  if (table === 'people') Object.assign(set, { name: null, tz: null, fetched_at: null, updated_at: now.toISOString() });
  else for (const c of spec.text) set[c] = trx.raw('case when ?? is null then null else ? end', [c, ERASED]);
  return query
    .clone()
    .where((w) => {
      for (const c of spec.text) w.orWhereNotNull(c);
    })
    .update(set);
}

/**
 * Everything stored about one person in one workspace (GDPR Art. 15), and its erasure (Art. 17):
 * their text and everything written about them is erased, while the rows (and so every count,
 * date and score in the programme's reports) stay. Slack user ids stay too: they are Slack's
 * pseudonymous keys, and the counts need them.
 */
export class PersonalDataStore {
  constructor(private readonly db: Db) {}

  /** Every row about the person, table by table, as stored. */
  collect(teamId: string, userId: string): Promise<PersonalRows> {
    return collectRows(this.db, teamId, userId);
  }

  /**
   * Erases the person's text and what was written about them, in one transaction, and records
   * it in the audit log there too. Returns the rows changed per table (tables untouched left out).
   */
  async forget(teamId: string, userId: string, actorId: string, now: Date): Promise<Record<string, number>> {
    return this.db.transaction(async (trx) => {
      const found = await collectRows(trx, teamId, userId);
      const ids = new Map<TeamTable, number[]>();
      for (const table of ORDER)
        if (found[table].length > 0 && 'id' in found[table][0]!)
          ids.set(
            table,
            found[table].map((r) => Number(r.id)),
          );
      const changed: Record<string, number> = {};
      for (const table of ORDER) {
        const spec = PERSONAL_DATA[table];
        if (table === 'audit_events') {
          const n = await eraseAuditDetails(trx, found.audit_events);
          if (n > 0) changed[table] = n;
          continue;
        }
        if (spec.text.length === 0 || found[table].length === 0) continue;
        const n = await eraseText(trx, table, about(trx, table, teamId, userId, ids)!, now);
        if (n > 0) changed[table] = n;
      }
      await trx('audit_events').insert({
        team_id: teamId,
        actor_id: actorId,
        action: 'person.forgotten',
        subject_type: 'person',
        detail: JSON.stringify({ userId, changed }),
        created_at: now.toISOString(),
      });
      return changed;
    });
  }
}

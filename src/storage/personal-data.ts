import type { Knex } from 'knex';
import { type Db, isPostgres } from './db.ts';
import { TEAM_TABLES } from './installations.ts';

type TeamTable = (typeof TEAM_TABLES)[number];

interface TableSpec {
  /** Columns naming the person a row is about: its subject, or who wrote it. */
  about: readonly string[];
  /** Columns naming someone who only acted on the row (assigned, ended, acknowledged, resolved, granted): never theirs for that. */
  acted?: readonly string[];
  /** The row belongs to a row of that table already found about the person (a reminder of their mentorship). */
  parents?: readonly { column: string; table: TeamTable }[];
  /** What someone typed there: erased when the person is forgotten. */
  text: readonly string[];
  /**
   * What its author was told only the admins would read (`author` names them): kept out of the
   * export of anyone else the row is about, and counted there.
   */
  private?: { columns: readonly string[]; author: string };
}

/**
 * What "about x" means, table by table. A row is about x when x wrote it or its subject is x:
 * x's profile and settings, x's mentorships (as supporter or mentee) and what belongs to them
 * (reports, check-ins, reminders, notices), reports x wrote and reports on x as mentee, x's goals,
 * tasks (and tasks x suggested), calls for help and requests for a supporter, familiarity, supporter
 * profile and topics, the DMs Lifering sent x. A row is never x's because x only acted on someone
 * else's record: assigned or ended a pair, acknowledged or resolved a call for help, granted
 * someone admin, created a topic (`acted` columns, listed so that nobody adds them to `about`).
 *
 * The export holds exactly the rows about x, as stored, except what someone else wrote there
 * having been told it would never reach x (`private`: a mentee's check-in answer about their
 * supporter, a supporter's note for admins in a report on x, a reason for ending given by the
 * other side or an admin): that is withheld and counted, so the admins can decide about it.
 * The forget erases the `text` of exactly the rows about x.
 *
 * Audit entries follow the same rule (see `auditAbout`): an entry is about x when its detail
 * names x as the person concerned, when its subject is one of x's rows above, or when x acted on
 * their own data (their supporter profile, their familiarity). An entry where x acted on someone
 * else's record (an assignment, a resolution, a grant, an export) is not about x.
 *
 * A test fails when a table in TEAM_TABLES is missing here, so a new table cannot be left out of
 * an export or an erasure. Topic names are the organisation's catalogue, not anyone's personal
 * data, so they stay.
 */
export const PERSONAL_DATA: Record<TeamTable, TableSpec> = {
  people: { about: ['user_id'], acted: ['admin_granted_by'], text: ['name', 'tz'] },
  topics: { about: [], acted: ['created_by'], text: [] },
  mentorships: {
    about: ['supporter_id', 'mentee_id'],
    acted: ['assigned_by', 'ended_by'],
    text: ['end_reason'],
    private: { columns: ['end_reason'], author: 'ended_by' },
  },
  supporter_profiles: { about: ['user_id'], text: [] },
  supporter_topics: { about: ['user_id'], text: [] },
  person_settings: { about: ['user_id'], text: [] },
  checkins: {
    // The person asked, and the other side of the pair the answer is about.
    about: ['person_id', 'other_id'],
    parents: [{ column: 'mentorship_id', table: 'mentorships' }],
    text: ['comment'],
    private: { columns: ['score', 'comment'], author: 'person_id' },
  },
  familiarity: { about: ['person_id'], text: ['note'] },
  assistance_requests: { about: ['mentee_id'], acted: ['acknowledged_by', 'resolved_by'], text: ['note'] },
  assistance_alerts: {
    about: ['supporter_id'],
    parents: [{ column: 'assistance_request_id', table: 'assistance_requests' }],
    text: [],
  },
  supporter_requests: { about: ['requester_id'], text: ['note', 'help_note'] },
  goals: { about: ['mentee_id'], text: ['title', 'detail'] },
  tasks: {
    about: ['mentee_id', 'suggested_by'],
    parents: [{ column: 'goal_id', table: 'goals' }],
    text: ['title'],
  },
  meeting_reports: {
    about: ['author_id', 'mentee_id'],
    parents: [{ column: 'mentorship_id', table: 'mentorships' }],
    text: ['summary', 'goals_discussed', 'private_note'],
    private: { columns: ['private_note'], author: 'author_id' },
  },
  reminders: {
    about: ['recipient_id'],
    parents: [
      { column: 'mentorship_id', table: 'mentorships' },
      { column: 'assistance_request_id', table: 'assistance_requests' },
    ],
    text: [],
  },
  // A programme, its managers list and its agreement text are the organisation's, like topics;
  // being a programme's manager or member, agreeing to its agreement and one's answers on joining are the person's.
  programmes: { about: [], acted: ['created_by'], text: [] },
  programme_managers: { about: ['user_id'], acted: ['added_by'], text: [] },
  programme_agreements: { about: [], acted: ['created_by'], text: [] },
  programme_agreed: { about: ['supporter_id'], text: [] },
  programme_members: { about: ['user_id'], acted: ['added_by'], text: ['answers'] },
  meeting_notices: { about: ['person_id'], parents: [{ column: 'mentorship_id', table: 'mentorships' }], text: [] },
  silence_notices: { about: ['recipient_id'], parents: [{ column: 'mentorship_id', table: 'mentorships' }], text: [] },
  // Handled on its own (`auditAbout`): the detail of an entry is JSON that may quote what someone typed.
  audit_events: { about: [], acted: ['actor_id'], text: [] },
  // Delivery ids of Slack events already handled: nothing about anyone.
  processed_events: { about: [], text: [] },
  // A counter per workspace that moves on every write: nothing about anyone.
  team_versions: { about: [], text: [] },
  // Counts of the rows above (a bucket may be a user id those rows already hold): nothing written.
  team_counts: { about: [], text: [] },
};

/** What an erased text reads as wherever it was shown (some of these columns may not be empty). */
export const ERASED = '(erased on request)';

/** What a withheld value reads as in an export (see `private` above). */
export const WITHHELD = '(withheld: written privately by someone else)';

/** Parents before children, so a child table can look up the ids of its parents' rows; the audit log last. */
const ORDER: TeamTable[] = [...[...TEAM_TABLES].reverse().filter((t) => t !== 'audit_events'), 'audit_events'];

/** Audit subject types that are rows of the tables above: an entry about one of the person's rows is about them. */
const AUDIT_SUBJECTS: Record<string, TeamTable> = {
  goal: 'goals',
  task: 'tasks',
  mentorship: 'mentorships',
  meeting_report: 'meeting_reports',
  assistance_request: 'assistance_requests',
  supporter_request: 'supporter_requests',
  checkin: 'checkins',
};

/** Actions on the actor's own data whose entry names nobody: their supporter profile, how well they know a topic. */
const ON_THEIR_OWN = ['profile.saved', 'familiarity.set'];

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

/** The ids of the rows found so far, by table. */
type Found = Map<TeamTable, number[]>;

/** Audit entries about the person: naming them, about one of their rows, or on their own data. */
function auditAbout(q: Knex, teamId: string, userId: string, ids: Found): Knex.QueryBuilder {
  return q('audit_events')
    .where({ team_id: teamId })
    .andWhere((w) => {
      // Details name people only as the ones concerned (the mentee, the person granted admin).
      w.orWhereLike('detail', `%"${userId}"%`);
      w.orWhere((s) => s.where('actor_id', userId).whereIn('action', ON_THEIR_OWN));
      for (const [type, table] of Object.entries(AUDIT_SUBJECTS)) {
        const own = ids.get(table) ?? [];
        if (own.length > 0) w.orWhere((s) => s.where('subject_type', type).whereIn('subject_id', own));
      }
    });
}

/** Rows of `table` about the person, given the ids already found in the tables before it. */
function about(q: Knex, table: TeamTable, teamId: string, userId: string, ids: Found): Knex.QueryBuilder | undefined {
  if (table === 'audit_events') return auditAbout(q, teamId, userId, ids);
  const spec = PERSONAL_DATA[table];
  const parents = (spec.parents ?? [])
    .map((p) => ({ column: p.column, ids: ids.get(p.table) ?? [] }))
    .filter((p) => p.ids.length > 0);
  if (spec.about.length === 0 && parents.length === 0) return undefined;
  return q(table)
    .where({ team_id: teamId })
    .andWhere((w) => {
      for (const column of spec.about) w.orWhere(column, userId);
      for (const p of parents) w.orWhereIn(p.column, p.ids);
    });
}

/** Every row about the person, table by table, as stored, and the ids found per table. */
async function collectRows(q: Knex, teamId: string, userId: string): Promise<{ rows: PersonalRows; ids: Found }> {
  const ids: Found = new Map();
  const rows = {} as PersonalRows;
  for (const table of TEAM_TABLES) rows[table] = [];
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
  return { rows, ids };
}

/**
 * The rows as the person may be given them: what someone else wrote privately in them withheld.
 * `withheld` counts the rows that had something withheld.
 */
export function withholdPrivate(rows: PersonalRows, userId: string): { tables: PersonalRows; withheld: number } {
  let withheld = 0;
  const tables = {} as PersonalRows;
  for (const table of TEAM_TABLES) {
    const p = PERSONAL_DATA[table].private;
    tables[table] = rows[table].map((r) => {
      if (!p || r[p.author] === userId || p.columns.every((c) => r[c] === null || r[c] === undefined)) return r;
      withheld++;
      return { ...r, ...Object.fromEntries(p.columns.map((c) => [c, r[c] === null ? null : WITHHELD])) };
    });
  }
  return { tables, withheld };
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

/** What a forget changed, and what outside the database may still show it. */
export interface Forgotten {
  /** Rows whose text was erased, per table (tables untouched left out). */
  changed: Record<string, number>;
  /** Everyone named in the person's records that hold typed text (the person included): whose Homes may show it. */
  people: string[];
  /** Calls for help whose note was erased: the DMs their supporters got quote it. */
  helpRequests: number[];
}

/** Who the person's records with text name, and which calls for help had a note, from the rows found before the erasure. */
function reach(rows: PersonalRows): Omit<Forgotten, 'changed'> {
  const people = new Set<string>();
  for (const table of TEAM_TABLES) {
    const spec = PERSONAL_DATA[table];
    if (spec.text.length === 0) continue;
    for (const r of rows[table])
      for (const c of [...spec.about, ...(spec.acted ?? [])]) if (typeof r[c] === 'string') people.add(r[c]);
  }
  const helpRequests = rows.assistance_requests.filter((r) => r.note !== null).map((r) => Number(r.id));
  return { people: [...people].sort(), helpRequests };
}

/**
 * Everything stored about one person in one workspace (GDPR Art. 15), and its erasure (Art. 17):
 * their text and everything written about them is erased, while the rows (and so every count,
 * date and score in the programme's reports) stay. Slack user ids stay too: they are Slack's
 * pseudonymous keys, and the counts need them. "About them" is exactly PERSONAL_DATA above.
 */
export class PersonalDataStore {
  constructor(private readonly db: Db) {}

  /** Every row about the person, table by table, as stored. */
  async collect(teamId: string, userId: string): Promise<PersonalRows> {
    return (await collectRows(this.db, teamId, userId)).rows;
  }

  /** The rows about the person as their export holds them: others' private content withheld and counted. */
  async exportRows(teamId: string, userId: string): Promise<{ tables: PersonalRows; withheld: number }> {
    return withholdPrivate(await this.collect(teamId, userId), userId);
  }

  /**
   * Erases the person's text and what was written about them, in one transaction, and records
   * it in the audit log there too.
   */
  async forget(teamId: string, userId: string, actorId: string, now: Date): Promise<Forgotten> {
    return this.db.transaction(async (trx) => {
      const { rows, ids } = await collectRows(trx, teamId, userId);
      const changed: Record<string, number> = {};
      for (const table of ORDER) {
        const spec = PERSONAL_DATA[table];
        if (table === 'audit_events') {
          const n = await eraseAuditDetails(trx, rows.audit_events);
          if (n > 0) changed[table] = n;
          continue;
        }
        if (spec.text.length === 0 || rows[table].length === 0) continue;
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
      return { changed, ...reach(rows) };
    });
  }

  /**
   * SQLite keeps old copies of erased text in the write-ahead log until a checkpoint, and in free
   * space that was freed before secure_delete was on (db.ts turns it on for every connection):
   * VACUUM rewrites the file from the live rows, and a truncating checkpoint empties the log.
   * PostgreSQL keeps old row versions until it reuses their space; nothing here can reach them.
   */
  async dropErasedCopies(): Promise<void> {
    if (isPostgres(this.db)) return;
    await this.db.raw('VACUUM');
    await this.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  }
}

import type { Knex } from 'knex';

/*
 * Topic names stored before they were normalised (issue 22) are normalised as new ones are: the
 * invisible characters taken out (zero-width ones, direction controls, other control characters),
 * composed (NFC), spaces trimmed and collapsed; `name_key` recomputed from the result. Until then a
 * topic typed with one of those characters could never be found by its name, and "Data" could be
 * created beside an old "Data" + zero-width space.
 *
 * Two topics of a workspace whose names become the same are not merged: merging would move
 * mentorships, supporter profiles, familiarity and requests from one topic to the other, where the
 * one-open-mentorship-per-pair-and-topic and one-familiarity-per-person-and-topic rules can collide,
 * and it cannot be undone; and which of the two the admins meant is theirs to say. The topic whose
 * name was already clean (else the oldest) keeps the name; each other one becomes "Name (2)",
 * "Name (3)", so the admins see two topics that were always two, and can rename or archive one.
 *
 * The rules below are a copy of `normaliseName` as of this migration (src/storage/topics.ts),
 * frozen here so that the migration does the same whatever that function becomes.
 */
const INVISIBLE =
  /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})|[\u200B\u200C\u2060\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069]|[^\P{Cc}\s]/gu;
const normalise = (name: string): string => name.replace(INVISIBLE, '').normalize('NFC').replace(/\s+/g, ' ').trim();
const keyOf = (name: string): string => normalise(name).toLowerCase();
/** The columns' length (varchar 75). */
const MAX = 75;

interface TopicRow {
  id: number;
  team_id: string;
  name: string;
  name_key: string;
}

/** A name for a topic whose normalised name another topic of the workspace keeps: "Name (2)", "Name (3)". */
function numbered(name: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${name.slice(0, MAX - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(keyOf(candidate))) return candidate;
  }
}

/** The new name of each topic of one workspace that changes; clean names first, then the oldest. */
function renames(topics: TopicRow[]): Map<number, string> {
  const ordered = [...topics].sort(
    (a, b) => Number(normalise(b.name) === b.name) - Number(normalise(a.name) === a.name) || a.id - b.id,
  );
  const taken = new Set<string>();
  const out = new Map<number, string>();
  for (const t of ordered) {
    let name = normalise(t.name) || `Topic ${t.id}`;
    if (taken.has(keyOf(name))) name = numbered(name, taken);
    taken.add(keyOf(name));
    if (name !== t.name || keyOf(name) !== t.name_key) out.set(t.id, name);
  }
  return out;
}

export async function up(knex: Knex): Promise<void> {
  const rows = (await knex('topics').select('id', 'team_id', 'name', 'name_key').orderBy('id')) as TopicRow[];
  const byTeam = new Map<string, TopicRow[]>();
  for (const r of rows) byTeam.set(r.team_id, [...(byTeam.get(r.team_id) ?? []), { ...r, id: Number(r.id) }]);
  for (const topics of byTeam.values()) {
    const changes = renames(topics);
    // Out of the way first, so that no rename meets a key another row is about to give up.
    for (const id of changes.keys())
      await knex('topics')
        .where({ id })
        .update({ name_key: `\u0001renaming ${id}` });
    for (const [id, name] of changes)
      await knex('topics')
        .where({ id })
        .update({ name, name_key: keyOf(name) });
  }
}

/** Nothing to undo: the characters taken out were invisible, and the numbered names are names like any other. */
export async function down(_knex: Knex): Promise<void> {}

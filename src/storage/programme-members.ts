import type { Db } from './db.ts';

export type MemberRole = 'mentee' | 'supporter';

/** A person in a programme in one role: invited by a manager (`addedBy`), joined (`joinedAt`), or both. */
export interface ProgrammeMember {
  programmeId: number;
  userId: string;
  role: MemberRole;
  /** The answers to the programme's questions, in their order (empty before joining, or once forgotten). */
  answers: string[];
  addedBy: string | null;
  joinedAt: string | null;
  createdAt: string;
}

/** A forget writes a plain sentence over the answers: anything but a JSON list of strings reads as none. */
const answersOf = (v: unknown): string[] => {
  if (typeof v !== 'string' || v === '') return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
};

const toMember = (r: Record<string, unknown>): ProgrammeMember => ({
  programmeId: Number(r.programme_id),
  userId: r.user_id as string,
  role: r.role as MemberRole,
  answers: answersOf(r.answers),
  addedBy: (r.added_by as string | null) ?? null,
  joinedAt: (r.joined_at as string | null) ?? null,
  createdAt: r.created_at as string,
});

/** A supporter's answer on joining, with the programme it was given for (suggestions quote it). */
export interface SupporterAnswer {
  userId: string;
  programmeId: number;
  answer: string;
}

/**
 * Who is in which programme: people a manager added (an invite-only programme enrols only them)
 * and people who joined with `/mentor join`, with their answers to the programme's questions.
 */
export class ProgrammeMembersStore {
  constructor(private readonly db: Db) {}

  /** This person's rows in one programme (one per role). */
  async of(teamId: string, programmeId: number, userId: string): Promise<ProgrammeMember[]> {
    const rows = await this.db('programme_members')
      .where({ team_id: teamId, programme_id: programmeId, user_id: userId })
      .orderBy('role');
    return rows.map(toMember);
  }

  /** Every programme this person was added to or joined, in any role. */
  async ofPerson(teamId: string, userId: string): Promise<ProgrammeMember[]> {
    const rows = await this.db('programme_members')
      .where({ team_id: teamId, user_id: userId })
      .orderBy([{ column: 'created_at' }, { column: 'programme_id' }]);
    return rows.map(toMember);
  }

  /** A manager adds someone (the invitation an invite-only programme needs); adding twice changes nothing. */
  async add(
    teamId: string,
    m: { programmeId: number; userId: string; role: MemberRole },
    by: string,
    now: Date,
  ): Promise<void> {
    await this.db('programme_members')
      .insert({
        team_id: teamId,
        programme_id: m.programmeId,
        user_id: m.userId,
        role: m.role,
        added_by: by,
        created_at: now.toISOString(),
      })
      .onConflict(['programme_id', 'user_id', 'role'])
      .ignore();
  }

  /**
   * Enrols the person in this role with their answers. Joining is once: a second join (a double
   * click, a retried form) finds them joined and changes nothing, answers included; `joined` is
   * true only for the call that enrolled them. An invited person's row gains its answers and date.
   */
  async join(
    teamId: string,
    m: { programmeId: number; userId: string; role: MemberRole; answers: readonly string[] },
    now: Date,
  ): Promise<{ member: ProgrammeMember; joined: boolean }> {
    const at = now.toISOString();
    const answers = m.answers.length > 0 ? JSON.stringify(m.answers) : null;
    const key = { team_id: teamId, programme_id: m.programmeId, user_id: m.userId, role: m.role };
    const inserted = await this.db('programme_members')
      .insert({ ...key, answers, joined_at: at, created_at: at })
      .onConflict(['programme_id', 'user_id', 'role'])
      .ignore()
      .returning('created_at');
    let joined = inserted.length > 0;
    if (!joined)
      joined =
        (await this.db('programme_members').where(key).whereNull('joined_at').update({ answers, joined_at: at })) > 0;
    const row = await this.db('programme_members').where(key).first();
    return { member: toMember(row), joined };
  }

  /** Supporters' answers on joining, for these people: each non-empty answer once. */
  async supporterAnswers(teamId: string, userIds: readonly string[]): Promise<SupporterAnswer[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db('programme_members')
      .where({ team_id: teamId, role: 'supporter' })
      .whereIn('user_id', [...new Set(userIds)])
      .whereNotNull('joined_at')
      .whereNotNull('answers')
      .select('user_id', 'programme_id', 'answers');
    return rows.flatMap((r) =>
      answersOf(r.answers)
        .filter((a) => a.trim() !== '')
        .map((answer) => ({ userId: r.user_id as string, programmeId: Number(r.programme_id), answer })),
    );
  }
}

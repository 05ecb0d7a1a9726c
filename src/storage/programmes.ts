import type { Db } from './db.ts';
import { isUniqueViolation } from './errors.ts';
import type { SupporterKind } from './rows.ts';
import { normaliseName } from './topics.ts';

export type ProgrammeStatus = 'draft' | 'open' | 'closed' | 'archived';
export type ProgrammeKind = 'ongoing' | 'cohort';
/** How pairs are made: managers assign, or mentees choose from the suggestions (with or without approval). */
export type Pairing = 'assign' | 'choose' | 'choose_approved';

export interface ProgrammeQuestion {
  text: string;
  /** A choice question's options; a text question has none. */
  choices?: string[];
}

/**
 * A programme as the app sees it. `reportEveryDays` and `maxMentees` are null when the programme
 * follows the settings (FEEDBACK_INTERVAL_DAYS, MAX_MENTEES_PER_SUPPORTER), as the default one
 * made by the upgrade does; `supporterKinds` and `topicIds` are null for "all".
 */
export interface Programme {
  id: number;
  teamId: string;
  name: string;
  purpose: string | null;
  status: ProgrammeStatus;
  kind: ProgrammeKind;
  startsOn: string | null;
  endsOn: string | null;
  enrolOpensOn: string | null;
  enrolClosesOn: string | null;
  reportEveryDays: number | null;
  maxMentees: number | null;
  supporterKinds: SupporterKind[] | null;
  topicIds: number[] | null;
  pairing: Pairing;
  inviteOnly: boolean;
  supportersSelfEnrol: boolean;
  questions: ProgrammeQuestion[];
  isDefault: boolean;
  previousId: number | null;
  createdBy: string | null;
  createdAt: string;
  endedAt: string | null;
}

/** What a programme is made or edited with (the rest of its columns are the store's). */
export type ProgrammeSettings = Omit<Programme, 'id' | 'teamId' | 'isDefault' | 'createdAt' | 'endedAt' | 'createdBy'>;

export interface Agreement {
  programmeId: number;
  version: number;
  text: string;
  createdBy: string | null;
  createdAt: string;
}

/** The default programme's name (the upgrade's migration writes the same): shown nowhere while it is a workspace's only programme. */
export const DEFAULT_PROGRAMME_NAME = 'Mentoring';

export class DuplicateProgrammeError extends Error {
  constructor(readonly programmeName: string) {
    super(`A programme called ${programmeName} already exists`);
  }
}

/** Names compare as topic names do: ignoring case, spacing and invisible characters. */
export const programmeKey = (name: string): string => normaliseName(name).toLowerCase();

/** JSON columns; a forget erases typed text (answers) to a plain sentence, which reads as nothing. */
const json = <T>(v: unknown): T | null => {
  if (typeof v !== 'string' || v === '') return null;
  try {
    return JSON.parse(v) as T;
  } catch {
    return null;
  }
};

const toProgramme = (r: Record<string, unknown>): Programme => ({
  id: Number(r.id),
  teamId: r.team_id as string,
  name: r.name as string,
  purpose: (r.purpose as string | null) ?? null,
  status: r.status as ProgrammeStatus,
  kind: r.kind as ProgrammeKind,
  startsOn: (r.starts_on as string | null) ?? null,
  endsOn: (r.ends_on as string | null) ?? null,
  enrolOpensOn: (r.enrol_opens_on as string | null) ?? null,
  enrolClosesOn: (r.enrol_closes_on as string | null) ?? null,
  reportEveryDays: r.report_every_days == null ? null : Number(r.report_every_days),
  maxMentees: r.max_mentees == null ? null : Number(r.max_mentees),
  supporterKinds: json<SupporterKind[]>(r.supporter_kinds),
  topicIds: json<number[]>(r.topic_ids),
  pairing: r.pairing as Pairing,
  inviteOnly: Boolean(r.invite_only),
  supportersSelfEnrol: Boolean(r.supporters_self_enrol),
  questions: json<ProgrammeQuestion[]>(r.questions) ?? [],
  isDefault: Boolean(r.is_default),
  previousId: r.previous_id == null ? null : Number(r.previous_id),
  createdBy: (r.created_by as string | null) ?? null,
  createdAt: r.created_at as string,
  endedAt: (r.ended_at as string | null) ?? null,
});

const columns = (s: Partial<ProgrammeSettings>): Record<string, unknown> => {
  const c: Record<string, unknown> = {};
  const set = (key: string, v: unknown) => {
    if (v !== undefined) c[key] = v;
  };
  if (s.name !== undefined) {
    c.name = normaliseName(s.name);
    c.name_key = programmeKey(s.name);
  }
  set('purpose', s.purpose);
  set('status', s.status);
  set('kind', s.kind);
  set('starts_on', s.startsOn);
  set('ends_on', s.endsOn);
  set('enrol_opens_on', s.enrolOpensOn);
  set('enrol_closes_on', s.enrolClosesOn);
  set('report_every_days', s.reportEveryDays);
  set('max_mentees', s.maxMentees);
  if (s.supporterKinds !== undefined) c.supporter_kinds = s.supporterKinds && JSON.stringify(s.supporterKinds);
  if (s.topicIds !== undefined) c.topic_ids = s.topicIds && JSON.stringify(s.topicIds);
  set('pairing', s.pairing);
  set('invite_only', s.inviteOnly);
  set('supporters_self_enrol', s.supportersSelfEnrol);
  if (s.questions !== undefined) c.questions = s.questions.length > 0 ? JSON.stringify(s.questions) : null;
  set('previous_id', s.previousId);
  return c;
};

/**
 * Programmes, their managers and their support agreements. A mentorship or supporter request
 * with no programme (written by an instance of the previous release during a rolling deploy)
 * belongs to its workspace's default programme: read `programme_id` through `ensureDefault`.
 */
export class ProgrammesStore {
  constructor(private readonly db: Db) {}

  /** The workspace's default programme, made on first need (a workspace installed after the upgrade). */
  async ensureDefault(teamId: string, now: Date): Promise<Programme> {
    const found = await this.db('programmes').where({ team_id: teamId, is_default: true }).first();
    if (found) return toProgramme(found);
    await this.db('programmes')
      .insert({
        team_id: teamId,
        name: DEFAULT_PROGRAMME_NAME,
        name_key: programmeKey(DEFAULT_PROGRAMME_NAME),
        is_default: true,
        created_at: now.toISOString(),
      })
      .onConflict()
      .ignore();
    return toProgramme(await this.db('programmes').where({ team_id: teamId, is_default: true }).first());
  }

  async list(teamId: string): Promise<Programme[]> {
    const rows = await this.db('programmes')
      .where({ team_id: teamId })
      .orderBy([{ column: 'is_default', order: 'desc' }, 'name_key']);
    return rows.map(toProgramme);
  }

  async get(teamId: string, id: number): Promise<Programme | undefined> {
    const row = await this.db('programmes').where({ team_id: teamId, id }).first();
    return row ? toProgramme(row) : undefined;
  }

  async byName(teamId: string, name: string): Promise<Programme | undefined> {
    const row = await this.db('programmes')
      .where({ team_id: teamId, name_key: programmeKey(name) })
      .first();
    return row ? toProgramme(row) : undefined;
  }

  async create(teamId: string, s: ProgrammeSettings, by: string, now: Date): Promise<Programme> {
    try {
      const [row] = await this.db('programmes')
        .insert({ ...columns(s), team_id: teamId, is_default: false, created_by: by, created_at: now.toISOString() })
        .returning('*');
      return toProgramme(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateProgrammeError(normaliseName(s.name));
      throw error;
    }
  }

  /** Changes what `patch` names; undefined when there is no such programme in this workspace. */
  async update(teamId: string, id: number, patch: Partial<ProgrammeSettings>): Promise<Programme | undefined> {
    const c = columns(patch);
    try {
      if (Object.keys(c).length > 0) await this.db('programmes').where({ team_id: teamId, id }).update(c);
    } catch (error) {
      if (isUniqueViolation(error) && patch.name) throw new DuplicateProgrammeError(normaliseName(patch.name));
      throw error;
    }
    return this.get(teamId, id);
  }

  async managers(teamId: string, programmeId: number): Promise<string[]> {
    const rows = await this.db('programme_managers')
      .where({ team_id: teamId, programme_id: programmeId })
      .orderBy('added_at')
      .select('user_id');
    return rows.map((r) => r.user_id as string);
  }

  /** The ids of the programmes this person manages (not those they administer as a workspace admin). */
  async managedBy(teamId: string, userId: string): Promise<number[]> {
    const rows = await this.db('programme_managers').where({ team_id: teamId, user_id: userId }).select('programme_id');
    return rows.map((r) => Number(r.programme_id));
  }

  /** Makes `userIds` the programme's managers, exactly. */
  async setManagers(teamId: string, programmeId: number, userIds: string[], by: string, now: Date): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('programme_managers')
        .where({ team_id: teamId, programme_id: programmeId })
        .whereNotIn('user_id', userIds)
        .delete();
      if (userIds.length === 0) return;
      await trx('programme_managers')
        .insert(
          userIds.map((u) => ({
            team_id: teamId,
            programme_id: programmeId,
            user_id: u,
            added_by: by,
            added_at: now.toISOString(),
          })),
        )
        .onConflict(['programme_id', 'user_id'])
        .ignore();
    });
  }

  /** The programme's current support agreement, or undefined when it has none. */
  async agreement(teamId: string, programmeId: number): Promise<Agreement | undefined> {
    const row = await this.db('programme_agreements')
      .where({ team_id: teamId, programme_id: programmeId })
      .orderBy('version', 'desc')
      .first();
    return row ? toAgreement(row) : undefined;
  }

  async agreementVersion(teamId: string, programmeId: number, version: number): Promise<Agreement | undefined> {
    const row = await this.db('programme_agreements')
      .where({ team_id: teamId, programme_id: programmeId, version })
      .first();
    return row ? toAgreement(row) : undefined;
  }

  /** Stores a new version of the agreement (the old ones stay: supporters agreed to them). */
  async setAgreement(teamId: string, programmeId: number, text: string, by: string, now: Date): Promise<Agreement> {
    return this.db.transaction(async (trx) => {
      const last = await trx('programme_agreements').where({ programme_id: programmeId }).max({ v: 'version' }).first();
      const version = Number(last?.v ?? 0) + 1;
      const row = {
        team_id: teamId,
        programme_id: programmeId,
        version,
        text,
        created_by: by,
        created_at: now.toISOString(),
      };
      await trx('programme_agreements').insert(row);
      return toAgreement(row);
    });
  }

  /** Records that a supporter agreed to a version; agreeing again to the same version changes nothing. */
  async recordAgreed(
    teamId: string,
    a: { programmeId: number; supporterId: string; version: number; mentorshipId?: number },
    now: Date,
  ): Promise<void> {
    await this.db('programme_agreed')
      .insert({
        team_id: teamId,
        programme_id: a.programmeId,
        supporter_id: a.supporterId,
        version: a.version,
        mentorship_id: a.mentorshipId ?? null,
        agreed_at: now.toISOString(),
      })
      .onConflict(['programme_id', 'supporter_id', 'version'])
      .ignore();
  }

  /** The newest version this supporter agreed to, and when; undefined when never. */
  async agreedBy(
    teamId: string,
    programmeId: number,
    supporterId: string,
  ): Promise<{ version: number; agreedAt: string } | undefined> {
    const row = await this.db('programme_agreed')
      .where({ team_id: teamId, programme_id: programmeId, supporter_id: supporterId })
      .orderBy('version', 'desc')
      .first();
    return row ? { version: Number(row.version), agreedAt: row.agreed_at as string } : undefined;
  }
}

const toAgreement = (r: Record<string, unknown>): Agreement => ({
  programmeId: Number(r.programme_id),
  version: Number(r.version),
  text: r.text as string,
  createdBy: (r.created_by as string | null) ?? null,
  createdAt: r.created_at as string,
});

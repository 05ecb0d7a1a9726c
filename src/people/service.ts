import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.ts';
import type { CountedCache } from '../observability/metrics.ts';
import type { Storage } from '../storage/index.ts';
import type { Person } from '../storage/rows.ts';
import { VersionedCache } from '../storage/versions.ts';

interface SlackUser {
  id?: string;
  /** The person's own workspace: for someone met through Slack Connect, another organisation's. */
  team_id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  tz?: string;
  profile?: { display_name?: string; real_name?: string };
  /** Enterprise Grid: the person as a member of the organisation. */
  enterprise_user?: { enterprise_id?: string; is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean };
}

/** The workspace that installed Lifering, and the Enterprise Grid organisation it belongs to, if any. */
export interface InstallingWorkspace {
  teamId: string;
  enterpriseId?: string | null | undefined;
}

/**
 * users.info answers that say the person cannot be looked up at all, now or later: they are not
 * in this workspace, or (Slack Connect) belong to an organisation whose people it cannot see.
 */
const NOT_HERE = new Set(['user_not_found', 'user_not_visible']);

/**
 * A workspace admin or owner; on Enterprise Grid also the organisation's, who administer each of
 * its workspaces. Given the installing workspace, the flags count only for its own people or its
 * organisation's: a Slack Connect member's users.info says whether they administer *their*
 * organisation, which makes them nothing in ours.
 */
export function adminInSlack(
  u: Pick<SlackUser, 'team_id' | 'is_admin' | 'is_owner' | 'is_primary_owner' | 'enterprise_user'>,
  ours?: InstallingWorkspace,
): boolean {
  if (ours && !belongsTo(u, ours)) return false;
  const org = u.enterprise_user;
  return Boolean(
    u.is_admin || u.is_owner || u.is_primary_owner || org?.is_admin || org?.is_owner || org?.is_primary_owner,
  );
}

/** Someone of the installing workspace, or of its Grid organisation (a person from any of its workspaces). */
export function belongsTo(u: Pick<SlackUser, 'team_id' | 'enterprise_user'>, ours: InstallingWorkspace): boolean {
  if (u.team_id !== undefined && u.team_id === ours.teamId) return true;
  const org = u.enterprise_user?.enterprise_id;
  return Boolean(ours.enterpriseId && org && org === ours.enterpriseId);
}

/** ADMIN_USER_IDS for this workspace: every id with a bot token, the TEAM:USER entries of this team in OAuth mode. */
const namedAdmins = (config: Config, teamId: string): readonly string[] =>
  config.slack.oauth
    ? config.teamAdminIds.filter((a) => a.teamId === teamId).map((a) => a.userId)
    : config.adminUserIds;

/**
 * The installing workspace as a person's admin flags are judged against. Its Grid organisation
 * is asked only about someone from another workspace who carries one (the stored install says it
 * in OAuth mode, auth.test with a bot token), and remembered: a workspace does not change organisation.
 */
function installingWorkspaces(
  storage: Storage,
  clientFor: (teamId: string) => WebClient,
): (teamId: string, u: SlackUser) => Promise<InstallingWorkspace> {
  const organisations = new Map<string, string | null>();
  return async (teamId, u) => {
    if (u.team_id === teamId || !u.enterprise_user?.enterprise_id) return { teamId };
    if (!organisations.has(teamId)) {
      const install = await storage.installations.forTeam(teamId);
      const enterpriseId = install
        ? install.enterpriseId
        : ((await clientFor(teamId).auth.test()).enterprise_id as string | undefined);
      organisations.set(teamId, enterpriseId ?? null);
    }
    return { teamId, enterpriseId: organisations.get(teamId) ?? null };
  };
}

export interface PeopleService {
  /**
   * A person's cached Slack profile, refreshed from users.info when older than PEOPLE_CACHE_MINUTES.
   * When Slack cannot be asked, the older profile is used; with `strict`, a person never seen
   * then throws instead of coming back undefined, which would read as "no such person".
   */
  profile(teamId: string, userId: string, opts?: { strict?: boolean; version?: number }): Promise<Person | undefined>;
  /**
   * Admin by ADMIN_USER_IDS, by a Lifering grant, or as a Slack workspace (or Grid organisation)
   * admin or owner. `version`: the workspace's data version when the caller has just read it, so
   * it is not read twice.
   */
  isAdmin(teamId: string, userId: string, version?: number): Promise<boolean>;
  /** Its cache of profiles, for the metrics. */
  readonly caches: readonly CountedCache[];
  /**
   * The programmes this person manages (not those they administer as a workspace admin), kept
   * while the workspace's data version stands: a change of managers moves it on every instance.
   */
  manages(teamId: string, userId: string, version?: number): Promise<readonly number[]>;
  /**
   * Whoever opens or is shown their Home: the workspace's version as the database holds it now,
   * their profile (refreshed as `profile` does), whether they are an admin and which programmes
   * they manage, at that version. One read where the three would be three in a row.
   */
  viewer(teamId: string, userId: string): Promise<Viewer>;
  /** Who to tell about things only admins handle. */
  adminIds(teamId: string): Promise<string[]>;
  /** The sentence every admin-only refusal uses. */
  whoCanAdminister(teamId: string): Promise<string>;
}

/** Whether a stored profile is recent enough to trust (PEOPLE_CACHE_MINUTES). */
function freshness(config: Config, now: () => Date): (p: Person) => boolean {
  const maxAgeMs = config.peopleCacheMinutes * 60_000;
  return (p) => p.fetchedAt !== null && now().getTime() - Date.parse(p.fetchedAt) < maxAgeMs;
}

export interface Viewer {
  version: number;
  person: Person | undefined;
  admin: boolean;
  manages: readonly number[];
}

/** Admin by ADMIN_USER_IDS, by a Lifering grant, or as a Slack admin or owner (a profile's flags). */
const adminBy = (config: Config, teamId: string, userId: string, person: Person | undefined): boolean =>
  namedAdmins(config, teamId).includes(userId) ||
  Boolean(person && !person.isDeleted && (person.adminGrantedAt || person.isWorkspaceAdmin));

/** Which programmes a person manages, kept while the workspace's data version stands (read from the database, as admin status is). */
function managedProgrammes(storage: Storage, managed: VersionedCache<readonly number[]>): PeopleService['manages'] {
  return async (teamId, userId, version) => {
    const v = version ?? (await storage.versions.current(teamId));
    const key = `${teamId}:${userId}`;
    const known = managed.get(key, v);
    if (known) return known;
    const ids = await storage.programmes.managedBy(teamId, userId);
    managed.set(key, v, ids);
    return ids;
  };
}

/** The Home's first read (`viewer`), filling the caches that `profile` and `manages` answer from. */
function viewers(parts: {
  config: Config;
  storage: Storage;
  fresh: (p: Person) => boolean;
  profiles: VersionedCache<Person>;
  managed: VersionedCache<readonly number[]>;
  /** users.info for a row that is missing or stale, as `profile` does it: undefined when Slack has no such person. */
  refresh: (teamId: string, userId: string, strict: boolean) => Promise<Person | undefined>;
}): PeopleService['viewer'] {
  const { config, storage, fresh, profiles, managed, refresh } = parts;
  return async (teamId, userId) => {
    const read = await storage.people.viewer(teamId, userId);
    const key = `${teamId}:${userId}`;
    managed.set(key, read.version, read.manages);
    let person = read.person;
    // The row just read is the one `profile` would read again: a stale or missing one goes
    // straight to Slack, and stays in use when Slack cannot say, as `profile` keeps it.
    if (person && fresh(person)) profiles.set(key, read.version, person);
    else person = (await refresh(teamId, userId, false)) ?? person;
    return { ...read, person, admin: adminBy(config, teamId, userId, person) };
  };
}

interface PeopleServiceParts {
  config: Config;
  storage: Storage;
  logger: Logger;
  now: () => Date;
  clientFor: (teamId: string) => WebClient;
}

export function createPeopleService(deps: PeopleServiceParts): PeopleService {
  const { config, storage, logger, now, clientFor } = deps;
  const fresh = freshness(config, now);
  const profiles = new VersionedCache<Person>('profiles', 10_000);
  const managed = new VersionedCache<readonly number[]>('programme managers', 10_000);
  const installingWorkspace = installingWorkspaces(storage, clientFor);

  async function refresh(teamId: string, userId: string, strict: boolean): Promise<Person | undefined> {
    try {
      const res = await clientFor(teamId).users.info({ user: userId });
      const u = res.user as SlackUser | undefined;
      if (!u) return undefined;
      await storage.people.saveProfile(
        teamId,
        {
          userId,
          name: u.profile?.display_name || u.real_name || u.profile?.real_name || u.name || null,
          tz: u.tz ?? null,
          isWorkspaceAdmin: adminInSlack(u, await installingWorkspace(teamId, u)),
          isBot: Boolean(u.is_bot),
          isDeleted: Boolean(u.deleted),
        },
        now(),
      );
      return storage.people.get(teamId, userId);
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && NOT_HERE.has(code)) return undefined;
      // Slack is unreachable or limiting us: an older profile is better than none.
      logger.warn(`users.info failed for ${userId}; using the cached profile`, code ?? (error as Error).message);
      const cached = await storage.people.get(teamId, userId);
      if (!cached && strict) throw error;
      return cached;
    }
  }

  const service: Omit<PeopleService, 'manages' | 'viewer'> = {
    caches: [profiles],
    async profile(teamId, userId, opts = {}) {
      // Every command and click asks who is acting; the row is kept in memory while the
      // workspace's data version stands (any write to people, here or on another instance, moves it).
      const version = opts.version ?? (await storage.versions.get(teamId));
      const key = `${teamId}:${userId}`;
      const remembered = profiles.get(key, version);
      if (remembered && fresh(remembered)) return remembered;
      const cached = await storage.people.get(teamId, userId);
      if (cached && fresh(cached)) {
        profiles.set(key, version, cached);
        return cached;
      }
      return (await refresh(teamId, userId, Boolean(opts.strict))) ?? cached;
    },

    async isAdmin(teamId, userId, version) {
      if (namedAdmins(config, teamId).includes(userId)) return true;
      // A grant or removal on another instance counts at once: the version comes from the database,
      // not from what this instance last heard, unless the caller just read it.
      const v = version ?? (await storage.versions.current(teamId));
      return adminBy(config, teamId, userId, await service.profile(teamId, userId, { version: v }));
    },

    async adminIds(teamId) {
      const known = (await storage.people.listAdmins(teamId)).map((p) => p.userId);
      return [...new Set([...namedAdmins(config, teamId), ...known])];
    },

    async whoCanAdminister(teamId) {
      const ids = (await service.adminIds(teamId)).slice(0, 5);
      const names = ids.length ? ` such as ${ids.map((id) => `<@${id}>`).join(', ')}` : '';
      return `Only Lifering admins can do that: Slack workspace admins, people named in Lifering's settings, or people granted with \`/mentor admin add\`${names}.`;
    },
  };
  return {
    ...service,
    manages: managedProgrammes(storage, managed),
    viewer: viewers({ config, storage, fresh, profiles, managed, refresh }),
  };
}

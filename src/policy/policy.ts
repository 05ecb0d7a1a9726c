/**
 * Who may do what in Lifering: the one place to read the rules (after Pundit and Discourse's
 * Guardian). Deny by default: an action not in RULES does not exist, a role not listed is refused.
 *
 * HOW TO USE IT (every entry point must):
 * - A listener declares the action it performs in its feature's table:
 *     { kind: 'action', id: ACTIONS.confirmEnd, performs: 'mentorship.end', handle: confirmEnd }
 *   The mount (src/mount.ts) refuses to start with a listener that declares none, so a forgotten
 *   declaration fails the tests at start-up.
 * - A `/mentor` subcommand declares it the same way: { name: 'topics', performs: 'topics.manage', run }.
 * - Actions that need no resource (only `anyone`, `admin` or `manager`) are checked for you before
 *   the listener runs (`mayEnter`); a refused admin-only request never reaches it. A manager gets
 *   in, and the listener reads only what `administeredProgrammes(actor)` allows.
 * - Actions whose roles depend on the thing acted on (mentee, supporter, author) are checked by
 *   the listener once it has loaded that thing: `can(await actorOf(deps, teamId, userId), action,
 *   { teamId, menteeId, supporterIds })`. Each listener of such an action must call `can`.
 * - A new action goes in RULES below with its roles, and a row in test/policy/policy.test.ts.
 */

/** The roles a person can hold towards a resource. */
export type Role =
  /** Anyone in the workspace (acting on their own things: their Home, their requests). */
  | 'anyone'
  /** A Lifering admin: ADMIN_USER_IDS, a grant from `/mentor admin add`, or a Slack workspace admin. */
  | 'admin'
  /** The mentee the resource belongs to. */
  | 'mentee'
  /** One of the supporters the resource counts (see Resource.supporterIds). */
  | 'supporter'
  /** The person who wrote the resource (a meeting report). */
  | 'author'
  /**
   * A manager of the programme the resource belongs to (Resource.programmeId). Before anything is
   * loaded (`mayEnter`) it holds for a manager of any programme, who then sees only theirs: every
   * admin surface filters what it reads by `administeredProgrammes(actor)`.
   */
  | 'manager';

export const RULES = {
  // Everyone, about themselves.
  'help.read': ['anyone'],
  'home.view': ['anyone'],
  'mentorships.list_own': ['anyone'],
  'supporter.request': ['anyone'],
  // `/mentor join`: anyone may join a programme open to them (the feature checks which are).
  'programme.join': ['anyone'],
  // A supporter's own offer (topics, capacity, away), and anyone's own message settings.
  'profile.manage_own': ['anyone'],
  'settings.manage_own': ['anyone'],
  // The programmes' list and pages, and reading an agreement; agreeing to one's own programme's new version.
  'programmes.view': ['anyone'],
  'programme.agree': ['anyone'],
  // Slack's own notices about the install and the workspace's people (app_uninstalled,
  // tokens_revoked, user_change, team_join): no person acts, and the request is signed by Slack.
  'workspace.lifecycle': ['anyone'],
  // A check-in question is answered only by the person it was asked of (the answer's author).
  'checkin.answer': ['author'],
  // A mentee's own page.
  'goals.manage': ['mentee'],
  'help.raise': ['mentee'],
  // A mentee's page, for the people around them.
  'progress.view': ['mentee', 'supporter', 'admin'],
  'tasks.add': ['mentee', 'supporter', 'admin'],
  'help.resolve': ['mentee', 'supporter', 'admin'],
  // A mentorship.
  'mentorship.end': ['mentee', 'supporter', 'admin', 'manager'],
  'mentorship.answer_assignment': ['supporter'],
  'report.file': ['supporter'],
  'report.edit': ['author'],
  'reminder.snooze': ['supporter'],
  // Pairs are made and remade by admins, and by a programme's managers within it.
  'mentorship.assign': ['admin', 'manager'],
  'mentorship.reassign': ['admin', 'manager'],
  // Programmes: admins make them; a programme's managers run theirs, and run a cohort again.
  'programme.create': ['admin'],
  'programme.edit': ['admin', 'manager'],
  'programme.run_again': ['admin', 'manager'],
  // The workspace: admins only.
  'topics.manage': ['admin'],
  // Asking people to fill in their supporter profile (the first-day card).
  'supporters.invite': ['admin'],
  'admins.manage': ['admin'],
  // The report, the CSV, the programme view and the audit entries: a manager's hold only their programmes' pairs.
  'oversight.report': ['admin', 'manager'],
  'oversight.export': ['admin', 'manager'],
  // Everyone in the programme (every mentorship, with private end reasons), and a nudge to a supporter who has not answered.
  'oversight.browse': ['admin', 'manager'],
  'mentorship.nudge': ['admin', 'manager'],
  // The audit log (who assigned, ended, granted, exported, when), in Slack and as CSV.
  'audit.read': ['admin', 'manager'],
  // A person's data on request (GDPR Art. 15 and 17): everything stored about them, or its erasure.
  'person.export': ['admin'],
  'person.forget': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof RULES;

export interface Actor {
  /** Checked against Resource.teamId when the resource names one. */
  teamId: string;
  userId: string;
  isAdmin: boolean;
  /** The programmes this person manages (empty or left out: none). Read only when the rule names managers. */
  manages?: readonly number[];
}

/**
 * What the action is on. The caller says which supporters count: the mentee's ACTIVE supporters
 * for a progress page, the mentorship's own supporter (pending too) for ending or answering it.
 */
export interface Resource {
  /** The workspace the resource lives in; another workspace's actor is always refused. */
  teamId?: string;
  menteeId?: string;
  supporterIds?: readonly string[];
  authorId?: string;
  /** The programme the resource belongs to (a mentorship's, its default programme's when NULL). */
  programmeId?: number;
}

const ACTIONS = new Set<string>(Object.keys(RULES));

export const isAction = (value: unknown): value is Action => typeof value === 'string' && ACTIONS.has(value);

/** Roles that can be decided without looking at a resource: a manager is let in, then sees only theirs. */
const STANDALONE: ReadonlySet<Role> = new Set(['anyone', 'admin', 'manager']);

/** True when the action's rule can be decided from the actor alone (checked before the listener). */
export const decidedWithoutResource = (action: Action): boolean => RULES[action].every((r: Role) => STANDALONE.has(r));

function holds(role: Role, actor: Actor, resource: Resource): boolean {
  switch (role) {
    case 'anyone':
      return true;
    case 'admin':
      return actor.isAdmin;
    case 'mentee':
      return resource.menteeId !== undefined && resource.menteeId === actor.userId;
    case 'supporter':
      return (resource.supporterIds ?? []).includes(actor.userId) && resource.menteeId !== actor.userId;
    case 'author':
      return resource.authorId !== undefined && resource.authorId === actor.userId;
    case 'manager':
      return resource.programmeId !== undefined && (actor.manages ?? []).includes(resource.programmeId);
  }
}

/** May this actor perform this action on this resource? Pure; unknown actions are refused. */
export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  if (!isAction(action) || !actor.userId) return false;
  if (resource.teamId !== undefined && resource.teamId !== actor.teamId) return false;
  return RULES[action].some((role: Role) => holds(role, actor, resource));
}

/**
 * May this actor open the surface at all, before anything is loaded? For an admin surface that
 * managers share: admins, and anyone who manages a programme (what they then see is filtered by
 * `administeredProgrammes`). Used in front of actions `decidedWithoutResource`.
 */
export function mayEnter(actor: Actor, action: Action): boolean {
  if (!isAction(action) || !actor.userId) return false;
  return RULES[action].some((role: Role) =>
    role === 'manager' ? (actor.manages ?? []).length > 0 : holds(role, actor, {}),
  );
}

/**
 * The programmes whose pairs this actor administers: every one for a workspace admin, the ones
 * they manage otherwise (none for everybody else). Every admin surface filters its reads by it.
 */
export const administeredProgrammes = (actor: Actor): 'all' | number[] =>
  actor.isAdmin ? 'all' : [...(actor.manages ?? [])];

/** True when only admins (and programme managers, within theirs) may do this: help lists it in the admins' part. */
export const adminOnly = (action: Action): boolean =>
  RULES[action].every((r: Role) => r === 'admin' || r === 'manager');

import { describe, expect, it } from 'vitest';
import {
  type Action,
  type Actor,
  administeredProgrammes,
  adminOnly,
  can,
  decidedWithoutResource,
  mayEnter,
  RULES,
} from '../../src/policy/policy.ts';

const T = 'T1';
const person = (userId: string, isAdmin = false): Actor => ({ teamId: T, userId, isAdmin });
const ADMIN = person('UADA', true);
const MENTEE = person('UMIA');
const SUPPORTER = person('USAM');
const OTHER = person('ULEO');
/** A mentee's page or mentorship: Mia, supported by Sam. */
const AROUND_MIA = { teamId: T, menteeId: 'UMIA', supporterIds: ['USAM'] };
const REPORT = { ...AROUND_MIA, authorId: 'USAM' };

type Row = [Action, admin: boolean, mentee: boolean, supporter: boolean, other: boolean];
// One row per action: may the admin, the mentee, her supporter, someone else do it on AROUND_MIA?
const TABLE: Row[] = [
  ['help.read', true, true, true, true],
  ['home.view', true, true, true, true],
  ['mentorships.list_own', true, true, true, true],
  ['supporter.request', true, true, true, true],
  ['programme.join', true, true, true, true],
  ['profile.manage_own', true, true, true, true],
  ['settings.manage_own', true, true, true, true],
  ['programmes.view', true, true, true, true],
  ['programme.agree', true, true, true, true],
  ['workspace.lifecycle', true, true, true, true],
  // Asked of Sam (a close-out), so only Sam answers; admins do not answer for him.
  ['checkin.answer', false, false, true, false],
  ['goals.manage', false, true, false, false],
  ['help.raise', false, true, false, false],
  ['progress.view', true, true, true, false],
  ['tasks.add', true, true, true, false],
  ['help.resolve', true, true, true, false],
  ['mentorship.end', true, true, true, false],
  ['mentorship.answer_assignment', false, false, true, false],
  ['report.file', false, false, true, false],
  ['report.edit', false, false, true, false],
  ['reminder.snooze', false, false, true, false],
  ['mentorship.assign', true, false, false, false],
  ['mentorship.reassign', true, false, false, false],
  ['programme.create', true, false, false, false],
  ['programme.edit', true, false, false, false],
  ['programme.run_again', true, false, false, false],
  ['topics.manage', true, false, false, false],
  ['supporters.invite', true, false, false, false],
  ['admins.manage', true, false, false, false],
  ['oversight.report', true, false, false, false],
  ['oversight.export', true, false, false, false],
  ['oversight.browse', true, false, false, false],
  ['mentorship.nudge', true, false, false, false],
  ['audit.read', true, false, false, false],
  ['person.export', true, false, false, false],
  ['person.forget', true, false, false, false],
];

describe('can(actor, action, resource)', () => {
  it('has a row for every action in RULES, and no other', () => {
    expect(TABLE.map((r) => r[0]).sort()).toEqual(Object.keys(RULES).sort());
  });

  it.each(TABLE)('%s: admin %s, mentee %s, supporter %s, anyone else %s', (action, admin, mentee, supporter, other) => {
    const on = action === 'report.edit' || action === 'checkin.answer' ? REPORT : AROUND_MIA;
    expect([ADMIN, MENTEE, SUPPORTER, OTHER].map((a) => can(a, action, on))).toEqual([admin, mentee, supporter, other]);
  });

  it('refuses everyone when the resource is in another workspace, admins included', () => {
    for (const action of Object.keys(RULES) as Action[]) {
      for (const actor of [ADMIN, MENTEE, SUPPORTER])
        expect(can(actor, action, { ...REPORT, teamId: 'T2' })).toBe(false);
    }
  });

  it('refuses by default: an unknown action, an empty actor, a resource with no facts', () => {
    expect(can(ADMIN, 'mentorship.delete_everything' as Action, AROUND_MIA)).toBe(false);
    expect(can(person(''), 'help.read')).toBe(false);
    // Without saying who the mentee and supporters are, nobody holds those roles.
    expect(can(SUPPORTER, 'report.file', {})).toBe(false);
    expect(can(MENTEE, 'goals.manage', {})).toBe(false);
    expect(can(SUPPORTER, 'report.edit', AROUND_MIA)).toBe(false);
  });

  it('does not let a mentee count as her own supporter', () => {
    expect(can(MENTEE, 'report.file', { menteeId: 'UMIA', supporterIds: ['UMIA'] })).toBe(false);
  });

  it('knows which rules it can decide without a resource, and which are for admins only', () => {
    expect(decidedWithoutResource('topics.manage')).toBe(true);
    expect(decidedWithoutResource('help.read')).toBe(true);
    expect(decidedWithoutResource('progress.view')).toBe(false);
    expect(adminOnly('oversight.export')).toBe(true);
    expect(adminOnly('mentorship.end')).toBe(false);
  });
});

describe('programme managers', () => {
  /** Gus manages programme 1 (graduate mentoring); Lena manages programme 2. */
  const GUS: Actor = { teamId: T, userId: 'UGUS', isAdmin: false, manages: [1] };
  const LENA: Actor = { teamId: T, userId: 'ULENA', isAdmin: false, manages: [2] };
  const IN_1 = { ...AROUND_MIA, programmeId: 1 };
  const MANAGED: Action[] = [
    'mentorship.assign',
    'mentorship.reassign',
    'mentorship.end',
    'mentorship.nudge',
    'oversight.report',
    'oversight.export',
    'oversight.browse',
    'audit.read',
    'programme.edit',
    'programme.run_again',
  ];

  it.each(MANAGED)('%s: the manager of the pair’s programme may, another programme’s may not', (action) => {
    expect(can(GUS, action, IN_1)).toBe(true);
    expect(can(LENA, action, IN_1)).toBe(false);
    // Without saying which programme, a manager holds nothing.
    expect(can(GUS, action, AROUND_MIA)).toBe(false);
  });

  it('keeps the workspace to admins: topics, admins, people’s data, new programmes', () => {
    for (const action of [
      'topics.manage',
      'admins.manage',
      'person.export',
      'person.forget',
      'programme.create',
      'supporters.invite',
    ] as Action[]) {
      expect(can(GUS, action, IN_1)).toBe(false);
      expect(mayEnter(GUS, action)).toBe(false);
    }
  });

  it('lets a manager into the admin surfaces, which then read only their programmes', () => {
    expect(mayEnter(GUS, 'oversight.report')).toBe(true);
    expect(mayEnter(OTHER, 'oversight.report')).toBe(false);
    expect(mayEnter(ADMIN, 'oversight.report')).toBe(true);
    expect(mayEnter(OTHER, 'help.read')).toBe(true);
    expect(administeredProgrammes(ADMIN)).toBe('all');
    expect(administeredProgrammes({ ...GUS, isAdmin: true })).toBe('all');
    expect(administeredProgrammes(GUS)).toEqual([1]);
    expect(administeredProgrammes(OTHER)).toEqual([]);
  });

  it('lets admins act on every programme’s pairs', () => {
    for (const action of MANAGED) expect(can(ADMIN, action, IN_1)).toBe(true);
  });
});

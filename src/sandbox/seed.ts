import type { Storage } from '../storage/index.ts';
import { DEFAULT_PROGRAMME_NAME } from '../storage/programmes.ts';
import type { TopicKind } from '../storage/rows.ts';
import { DuplicateTopicError } from '../storage/topics.ts';
import type { UserInput } from './fake-slack.ts';

/** Who a seeded person is meant to be in the sandbox; Lifering itself learns roles from mentorships. */
export type SandboxRole = 'admin' | 'manager' | 'supporter' | 'mentee';

export interface SandboxPerson extends UserInput {
  id: string;
  real_name: string;
  role: SandboxRole;
  tz: string;
}

// Time zones spread across the day so reminders and due dates show their local-time handling.
export const SANDBOX_PEOPLE: SandboxPerson[] = [
  {
    id: 'U0ALEX',
    name: 'alex',
    real_name: 'Alex Morgan',
    role: 'admin',
    tz: 'Europe/London',
    tz_label: 'Greenwich Mean Time',
    tz_offset: 0,
  },
  {
    id: 'U0DANA',
    name: 'dana',
    real_name: 'Dana Whitfield',
    role: 'manager',
    tz: 'Europe/Berlin',
    tz_label: 'Central European Time',
    tz_offset: 3600,
  },
  {
    id: 'U0PRIYA',
    name: 'priya',
    real_name: 'Priya Natarajan',
    role: 'supporter',
    tz: 'Asia/Kolkata',
    tz_label: 'India Standard Time',
    tz_offset: 19800,
  },
  {
    id: 'U0SAM',
    name: 'sam',
    real_name: 'Sam Okafor',
    role: 'supporter',
    tz: 'Africa/Lagos',
    tz_label: 'West Africa Standard Time',
    tz_offset: 3600,
  },
  {
    id: 'U0JUDE',
    name: 'jude',
    real_name: 'Jude Fischer',
    role: 'supporter',
    tz: 'America/New_York',
    tz_label: 'Eastern Standard Time',
    tz_offset: -18000,
  },
  {
    id: 'U0MEI',
    name: 'mei',
    real_name: 'Mei Tanaka',
    role: 'mentee',
    tz: 'Asia/Tokyo',
    tz_label: 'Japan Standard Time',
    tz_offset: 32400,
  },
  {
    id: 'U0LUCA',
    name: 'luca',
    real_name: 'Luca Rossi',
    role: 'mentee',
    tz: 'Europe/Rome',
    tz_label: 'Central European Time',
    tz_offset: 3600,
  },
  {
    id: 'U0NOOR',
    name: 'noor',
    real_name: 'Noor Haddad',
    role: 'mentee',
    tz: 'America/Los_Angeles',
    tz_label: 'Pacific Standard Time',
    tz_offset: -28800,
  },
];

export const SANDBOX_TOPICS: { name: string; kind: TopicKind; description: string }[] = [
  { name: 'Public speaking', kind: 'skillset', description: 'Talks, demos and running meetings with confidence.' },
  { name: 'Engineering management', kind: 'role', description: 'Growing into leading a team.' },
  { name: 'Your first 90 days', kind: 'skillset', description: 'Finding your feet in a new role.' },
];

/** What each seeded supporter offers, so the assign form shows suggested supporters at once. */
export const SANDBOX_OFFERS: {
  userId: string;
  capacity: number | null;
  topics: { name: string; level: 1 | 2 | 3 | 4 }[];
}[] = [
  {
    userId: 'U0PRIYA',
    capacity: 4,
    topics: [
      { name: 'Public speaking', level: 4 },
      { name: 'Your first 90 days', level: 3 },
    ],
  },
  {
    userId: 'U0SAM',
    capacity: null,
    topics: [
      { name: 'Engineering management', level: 4 },
      { name: 'Public speaking', level: 3 },
    ],
  },
  {
    userId: 'U0JUDE',
    capacity: 2,
    topics: [
      { name: 'Your first 90 days', level: 4 },
      { name: 'Engineering management', level: 2 },
    ],
  },
];

/**
 * Two programmes with different managers (issue 25): the workspace's default one becomes
 * Leadership coaching, run by Dana (not a Lifering admin), on the settings' rhythm; Graduate
 * mentoring is a cohort run by Jude, monthly, with its own support agreement.
 */
export const SANDBOX_PROGRAMMES = {
  coaching: { name: 'Leadership coaching', managers: ['U0DANA'] },
  graduates: { name: 'Graduate mentoring', managers: ['U0JUDE'] },
};

const GRADUATE_AGREEMENT =
  'Meet your graduate at least once a month for the six months of the cohort, and file a short meeting report after each meeting. Keep what they share between the two of you, unless they are at risk.';

async function seedProgrammes(storage: Storage, teamId: string, now: Date, by: string): Promise<void> {
  const { programmes } = storage;
  const main = await programmes.ensureDefault(teamId, now);
  // Only the first time: a sandbox restarted on its data folder keeps what was edited there.
  if (main.name === DEFAULT_PROGRAMME_NAME) {
    await programmes.update(teamId, main.id, {
      name: SANDBOX_PROGRAMMES.coaching.name,
      purpose: 'Coaching for people who have just started leading a team.',
      supporterKinds: ['coach', 'mentor'],
    });
    await programmes.setManagers(teamId, main.id, SANDBOX_PROGRAMMES.coaching.managers, by, now);
  }
  if (await programmes.byName(teamId, SANDBOX_PROGRAMMES.graduates.name)) return;
  // A cohort under way whatever day the sandbox starts: begun three months ago, six months to go.
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const graduates = await programmes.create(
    teamId,
    {
      name: SANDBOX_PROGRAMMES.graduates.name,
      purpose: 'Six months of mentoring for this year’s graduate intake.',
      status: 'open',
      kind: 'cohort',
      startsOn: day(-90),
      endsOn: day(180),
      enrolOpensOn: day(-120),
      enrolClosesOn: day(60),
      reportEveryDays: 30,
      maxMentees: 2,
      supporterKinds: ['mentor'],
      topicIds: null,
      pairing: 'assign',
      inviteOnly: false,
      supportersSelfEnrol: true,
      questions: [{ text: 'What would you most like help with?' }],
      previousId: null,
    },
    by,
    now,
  );
  await programmes.setManagers(teamId, graduates.id, SANDBOX_PROGRAMMES.graduates.managers, by, now);
  await programmes.setAgreement(teamId, graduates.id, GRADUATE_AGREEMENT, by, now);
}

export const adminIds = (): string[] => SANDBOX_PEOPLE.filter((p) => p.role === 'admin').map((p) => p.id);

/** Creates the seeded topics; a sandbox restarted on the same data folder keeps the ones it has. */
export async function seedWorkspace(storage: Storage, teamId: string, now: Date): Promise<void> {
  const createdBy = adminIds()[0] ?? 'U0ALEX';
  for (const topic of SANDBOX_TOPICS) {
    try {
      await storage.topics.create(teamId, { ...topic, createdBy }, now);
    } catch (error) {
      if (!(error instanceof DuplicateTopicError)) throw error;
    }
  }
  await seedProgrammes(storage, teamId, now, createdBy);
  const topics = await storage.topics.list(teamId);
  for (const offer of SANDBOX_OFFERS) {
    // A profile the person already edited in this sandbox is theirs: keep it.
    if (await storage.profiles.get(teamId, offer.userId)) continue;
    const person = SANDBOX_PEOPLE.find((p) => p.id === offer.userId);
    // As if they had used Lifering already: their time zone is known, so suggestions compare zones.
    if (person)
      await storage.people.saveProfile(
        teamId,
        {
          userId: person.id,
          name: person.real_name,
          tz: person.tz,
          isWorkspaceAdmin: false,
          isBot: false,
          isDeleted: false,
        },
        now,
      );
    const chosen = offer.topics.flatMap((o) => {
      const topic = topics.find((t) => t.name === o.name);
      return topic ? [{ topicId: topic.id, level: o.level }] : [];
    });
    await storage.profiles.save(
      teamId,
      offer.userId,
      { capacity: offer.capacity, awayUntil: null, topics: chosen },
      now,
    );
  }
}

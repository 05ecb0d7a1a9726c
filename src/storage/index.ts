import { AuditStore } from './audit.ts';
import { CheckinsStore } from './checkins.ts';
import { CohortsStore } from './cohorts.ts';
import { type DatabaseOptions, type Db, migrateToLatest, openDatabase } from './db.ts';
import { EventsStore } from './events.ts';
import { FamiliarityStore } from './familiarity.ts';
import { GoalsStore } from './goals.ts';
import { HelpRequestStore } from './help-requests.ts';
import { InstallationsStore } from './installations.ts';
import { LeasesStore } from './leases.ts';
import { MentorshipsStore } from './mentorships.ts';
import { OversightStore } from './oversight.ts';
import { OverviewStore } from './overview.ts';
import { PeopleStore } from './people.ts';
import { PersonalDataStore } from './personal-data.ts';
import { preparedReads } from './prepared.ts';
import { ProfilesStore } from './profiles.ts';
import { ProgrammeMembersStore } from './programme-members.ts';
import { ProgrammePairsStore } from './programme-pairs.ts';
import { ProgrammesStore } from './programmes.ts';
import { RemindersStore } from './reminders.ts';
import { ReportsStore } from './reports.ts';
import { SilenceStore } from './silence.ts';
import { SupporterRequestsStore } from './supporter-requests.ts';
import { TasksStore } from './tasks.ts';
import { TopicsStore } from './topics.ts';
import { TrendsStore } from './trends.ts';
import { versionsStore } from './versions.ts';

/** The only way the app reaches the database: one store per table family. */
export function createStorage(db: Db) {
  const reads = preparedReads(db);
  const versions = versionsStore(db, reads);
  const mentorships = new MentorshipsStore(db, reads);
  return {
    db,
    versions,
    people: new PeopleStore(db, reads),
    topics: new TopicsStore(db),
    mentorships,
    supporterRequests: new SupporterRequestsStore(db),
    overview: new OverviewStore(db, versions, reads),
    audit: new AuditStore(db),
    events: new EventsStore(db),
    leases: new LeasesStore(db),
    goals: new GoalsStore(db),
    tasks: new TasksStore(db),
    familiarity: new FamiliarityStore(db),
    helpRequests: new HelpRequestStore(db),
    reports: new ReportsStore(db),
    reminders: new RemindersStore(db),
    installations: new InstallationsStore(db),
    personalData: new PersonalDataStore(db),
    profiles: new ProfilesStore(db),
    programmes: new ProgrammesStore(db),
    programmeMembers: new ProgrammeMembersStore(db),
    cohorts: new CohortsStore(db, mentorships),
    programmePairs: new ProgrammePairsStore(db),
    checkins: new CheckinsStore(db),
    silence: new SilenceStore(db),
    trends: new TrendsStore(db),
    oversight: new OversightStore(db),
    /** Runs `fn` in one transaction: everything it writes lands together or not at all. */
    transaction<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
      return db.transaction(fn);
    },
    async ping(): Promise<boolean> {
      try {
        await db.raw('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close(): Promise<void> {
      await versions.close();
      reads.close();
      await db.destroy();
    },
  };
}

export type Storage = ReturnType<typeof createStorage>;

/** Opens the configured database and brings its schema up to date. */
export async function openStorage(options: DatabaseOptions): Promise<Storage> {
  const db = openDatabase(options);
  await migrateToLatest(db);
  return createStorage(db);
}

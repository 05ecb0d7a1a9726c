import { assistanceStore } from './assistance.ts';
import { auditStore } from './audit.ts';
import { checkinsStore } from './checkins.ts';
import { type DatabaseOptions, type Db, migrateToLatest, openDatabase } from './db.ts';
import { eventsStore } from './events.ts';
import { familiarityStore } from './familiarity.ts';
import { goalsStore } from './goals.ts';
import { installationsStore } from './installations.ts';
import { leasesStore } from './leases.ts';
import { mentorshipsStore } from './mentorships.ts';
import { overviewStore } from './overview.ts';
import { peopleStore } from './people.ts';
import { personalDataStore } from './personal-data.ts';
import { preparedReads } from './prepared.ts';
import { profilesStore } from './profiles.ts';
import { programmeStore } from './programme.ts';
import { remindersStore } from './reminders.ts';
import { reportsStore } from './reports.ts';
import { silenceStore } from './silence.ts';
import { supporterRequestsStore } from './supporter-requests.ts';
import { tasksStore } from './tasks.ts';
import { topicsStore } from './topics.ts';
import { trendsStore } from './trends.ts';
import { versionsStore } from './versions.ts';

/** The only way the app reaches the database: one store per table family. */
export function createStorage(db: Db) {
  const reads = preparedReads(db);
  const versions = versionsStore(db, reads);
  return {
    db,
    versions,
    people: peopleStore(db),
    topics: topicsStore(db),
    mentorships: mentorshipsStore(db, reads),
    supporterRequests: supporterRequestsStore(db),
    overview: overviewStore(db, versions),
    audit: auditStore(db),
    events: eventsStore(db),
    leases: leasesStore(db),
    goals: goalsStore(db),
    tasks: tasksStore(db),
    familiarity: familiarityStore(db),
    assistance: assistanceStore(db),
    reports: reportsStore(db),
    reminders: remindersStore(db),
    installations: installationsStore(db),
    personalData: personalDataStore(db),
    profiles: profilesStore(db),
    checkins: checkinsStore(db),
    silence: silenceStore(db),
    trends: trendsStore(db),
    programme: programmeStore(db),
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

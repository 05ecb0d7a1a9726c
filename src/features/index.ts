import type { SweepPhase } from '../sweep/phase.ts';
import { admin } from './admin/listeners.ts';
import { adminReport } from './admin-report/listeners.ts';
import { checkinQuestions } from './checkins/deliver.ts';
import { checkins } from './checkins/listeners.ts';
import { cohortEnds } from './cohorts/end.ts';
import { cohorts } from './cohorts/listeners.ts';
import { enrolment } from './enrolment/listeners.ts';
import type { Feature } from './feature.ts';
import { goals } from './goals/listeners.ts';
import { help } from './help/listeners.ts';
import { helpRequests } from './help-requests/listeners.ts';
import { home } from './home/listeners.ts';
import { lifecycle } from './lifecycle/listeners.ts';
import { retentionPurge } from './lifecycle/retention.ts';
import { matching } from './matching/listeners.ts';
import { mentorships } from './mentorships/listeners.ts';
import { oversight } from './oversight/listeners.ts';
import { personalData } from './personal-data/listeners.ts';
import { profiles } from './profiles/listeners.ts';
import { programmes } from './programmes/listeners.ts';
import { progress } from './progress/listeners.ts';
import { adminDigests } from './reminders/digests.ts';
import { reminders } from './reminders/listeners.ts';
import { offerReminders } from './reminders/offers.ts';
import { owedReminders } from './reminders/owed.ts';
import { pendingReminders } from './reminders/send.ts';
import { reports } from './reports/listeners.ts';
import { meetingDays } from './reports/meeting-day.ts';
import { requests } from './requests/listeners.ts';
import { setup } from './setup/listeners.ts';
import { silence } from './silence/sweep.ts';
import { topics } from './topics/listeners.ts';
import { trends } from './trends/listeners.ts';

/**
 * A feature with the sweep phases it supplies, attached here so that each listeners.ts holds its
 * table alone; the phases live beside the work they do (e.g. reports/meeting-day.ts).
 */
const withPhases = (feature: Feature, ...phases: SweepPhase[]): Feature => ({ ...feature, phases });

/** The map of the app: every feature, in the order their subcommands appear in help. */
export const features: Feature[] = [
  home,
  mentorships,
  matching,
  profiles,
  withPhases(reports, meetingDays),
  progress,
  goals,
  helpRequests,
  requests,
  enrolment,
  withPhases(cohorts, cohortEnds),
  withPhases(checkins, checkinQuestions),
  withPhases(reminders, owedReminders, offerReminders, adminDigests, pendingReminders),
  topics,
  programmes,
  setup,
  admin,
  adminReport,
  trends,
  oversight,
  personalData,
  withPhases(lifecycle, retentionPurge),
  silence,
  help,
];

/** Every feature's sweep phases, for whatever runs the sweep (src/sweep/run.ts puts them in order). */
export const sweepPhases: readonly SweepPhase[] = features.flatMap((f) => f.phases ?? []);

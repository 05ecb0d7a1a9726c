import { admin } from './admin/listeners.ts';
import { adminReport } from './admin-report/listeners.ts';
import { assistance } from './assistance/listeners.ts';
import { checkins } from './checkins/listeners.ts';
import type { Feature } from './feature.ts';
import { goals } from './goals/listeners.ts';
import { help } from './help/listeners.ts';
import { home } from './home/listeners.ts';
import { lifecycle } from './lifecycle/listeners.ts';
import { matching } from './matching/listeners.ts';
import { mentorships } from './mentorships/listeners.ts';
import { personalData } from './personal-data/listeners.ts';
import { profiles } from './profiles/listeners.ts';
import { programme } from './programme/listeners.ts';
import { progress } from './progress/listeners.ts';
import { reminders } from './reminders/listeners.ts';
import { reports } from './reports/listeners.ts';
import { requests } from './requests/listeners.ts';
import { topics } from './topics/listeners.ts';
import { trends } from './trends/listeners.ts';

/** The map of the app: every feature, in the order their subcommands appear in help. */
export const features: Feature[] = [
  home,
  mentorships,
  matching,
  profiles,
  reports,
  progress,
  goals,
  assistance,
  requests,
  checkins,
  reminders,
  topics,
  admin,
  adminReport,
  trends,
  programme,
  personalData,
  lifecycle,
  help,
];

import type { Feature } from './feature.ts';
import { admin } from './admin/listeners.ts';
import { adminReport } from './admin-report/listeners.ts';
import { home } from './home/listeners.ts';
import { mentorships } from './mentorships/listeners.ts';
import { requests } from './requests/listeners.ts';
import { topics } from './topics/listeners.ts';

/** The map of the app: every feature, in the order their subcommands appear in help. */
export const features: Feature[] = [home, mentorships, requests, topics, admin, adminReport];

import type { Feature } from './feature.ts';
import { home } from './home/listeners.ts';
import { reminders } from './reminders/listeners.ts';
import { reports } from './reports/listeners.ts';

/** The map of the app: every feature, in the order their subcommands appear in help. */
export const features: Feature[] = [home, reports, reminders];

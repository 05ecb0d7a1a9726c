import type { Feature } from './feature.ts';
import { assistance } from './assistance/listeners.ts';
import { goals } from './goals/listeners.ts';
import { home } from './home/listeners.ts';
import { progress } from './progress/listeners.ts';

/** The map of the app: every feature, in the order their subcommands appear in help. */
export const features: Feature[] = [home, progress, goals, assistance];

import type { Feature } from './feature.ts';

/** The map of the app: every feature, in the order their subcommands appear in help. */
export const features: Feature[] = [];

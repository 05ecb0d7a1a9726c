import type { Action } from './policy.ts';

/** Marks a listener that checks each of its routes itself (the `/mentor` router: one action per subcommand). */
export const PER_ROUTE = 'per-route' as const;
/** What a listener declares it performs: a policy action, or PER_ROUTE. */
export type Declaration = Action | typeof PER_ROUTE;

import type { Action } from './policy.ts';

const DECLARED = Symbol('lifering.policy');

/** Marks a listener that checks each of its routes itself (the `/mentor` router: one action per subcommand). */
export const PER_ROUTE = 'per-route' as const;
export type Declaration = Action | typeof PER_ROUTE;

type Tagged<F> = F & { [DECLARED]: Declaration };

/**
 * Declares the action a listener performs, where it is registered:
 *   app.view(ACTIONS.saveGoal, performs('goals.manage', onSaveGoal));
 * Returns a new function, so one handler can be registered under two actions.
 */
export function performs<F extends (...args: never[]) => unknown>(action: Action, listener: F): F {
  return tag(action, listener);
}

/** For a listener that dispatches to routes which each declare their own action. */
export function routesDeclaredEach<F extends (...args: never[]) => unknown>(listener: F): F {
  return tag(PER_ROUTE, listener);
}

function tag<F extends (...args: never[]) => unknown>(declaration: Declaration, listener: F): F {
  const wrapped = ((...args: Parameters<F>) => listener(...args)) as unknown as Tagged<F>;
  Object.defineProperty(wrapped, DECLARED, { value: declaration });
  return wrapped;
}

/** The action a listener declared, if any. */
export function declaredAction(listener: unknown): Declaration | undefined {
  return typeof listener === 'function' ? (listener as Partial<Tagged<() => void>>)[DECLARED] : undefined;
}

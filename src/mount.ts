import type { App } from '@slack/bolt';
import type { Deps } from './deps.ts';
import type { Feature, Listener, Subcommand } from './features/feature.ts';
import { PER_ROUTE } from './policy/declare.ts';
import { isAction } from './policy/policy.ts';
import { answerFailures } from './slack/answer-failures.ts';
import { authorize, UndeclaredListenerError } from './slack/authorize.ts';
import { Dispatcher } from './slack/dispatch.ts';
import { skipRedeliveries } from './slack/redelivery.ts';
import { emptyRegistrations, type Registrations, record } from './slack/registry.ts';

type Handler = (args: never) => Promise<void>;

/**
 * Builds one listener from its declaration, by plain composition, outermost first:
 * answer failures (clicks and forms) → policy check → the feature's handler with its deps.
 */
export function composeListener(deps: Deps, listener: Listener): Handler {
  const handle = (args: never) => listener.handle(deps, args);
  const checked = authorize(listener.kind, listener.performs, handle, deps);
  return listener.kind === 'action' || listener.kind === 'view' ? answerFailures(checked, deps.logger) : checked;
}

/** A subcommand as the router runs it: its deps bound, its declaration checked. */
function route(deps: Deps, sub: Subcommand) {
  return {
    name: sub.name,
    usage: sub.usage,
    summary: sub.summary,
    performs: sub.performs,
    ...(sub.formerly ? { formerly: sub.formerly } : {}),
    run: (ctx: never) => sub.run(deps, ctx),
  };
}

/**
 * Mounts every feature on the app, the one place that does: redelivered requests are dropped
 * first (Bolt global middleware), then each listener any feature declares is served from the
 * dispatcher's table, and `/mentor` from the router of every feature's subcommands. A listener
 * without a valid policy action stops start-up.
 */
export function mountFeatures(app: App, deps: Deps, features: readonly Feature[]): Registrations {
  const registrations = registrationsOf(features);
  const dispatcher = new Dispatcher(app);
  dispatcher.use(skipRedeliveries(deps) as never);
  for (const feature of features) {
    for (const sub of feature.subcommands ?? []) deps.commands.add(route(deps, sub));
    for (const listener of feature.listeners ?? [])
      dispatcher[listener.kind](listener.id, composeListener(deps, listener) as never);
    const onChange = feature.onChange;
    if (onChange) deps.changes.subscribe((teamId, userIds) => onChange(deps, teamId, userIds));
  }
  dispatcher.command('/mentor', deps.commands.handle as never);
  return registrations;
}

/**
 * What mounting `features` registers, without an app to mount them on (`npm run doctor` holds it
 * to the manifest). A listener without a valid policy action stops start-up here.
 */
export function registrationsOf(features: readonly Feature[]): Registrations {
  const registrations = emptyRegistrations();
  for (const listener of features.flatMap((feature): readonly Listener[] => feature.listeners ?? [])) {
    if (!isAction(listener.performs)) throw new UndeclaredListenerError(listener.kind, listener.id);
    record(registrations, listener.kind, listener.id, listener.performs);
  }
  // The one command: each subcommand declares its own action, which the router checks.
  record(registrations, 'command', '/mentor', PER_ROUTE);
  return registrations;
}

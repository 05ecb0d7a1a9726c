import type { App } from '@slack/bolt';

type Listener = (args: never) => Promise<void> | void;
type Kind = 'command' | 'action' | 'view' | 'event';

interface Routed {
  body: { type?: string; actions?: { action_id?: string }[]; view?: { callback_id?: string } };
  command?: { command?: string };
  event?: { type?: string };
}

/** The id a request is routed by, for each kind. */
const idOf: Record<Kind, (args: Routed) => string | undefined> = {
  command: (a) => a.command?.command,
  action: (a) => a.body.actions?.[0]?.action_id,
  view: (a) => `${a.body.type}:${a.body.view?.callback_id}`,
  event: (a) => a.event?.type,
};

/** The table key a registration's constraint stands for, or undefined when it is not a plain id. */
function keyOf(kind: Kind, constraint: unknown): string | undefined {
  if (typeof constraint === 'string') return kind === 'view' ? `view_submission:${constraint}` : constraint;
  if (kind === 'view' && constraint && typeof constraint === 'object') {
    const c = constraint as Record<string, unknown>;
    const type = c.type ?? 'view_submission';
    if (
      Object.keys(c).every((k) => k === 'callback_id' || k === 'type') &&
      typeof c.callback_id === 'string' &&
      typeof type === 'string'
    ) {
      return `${type}:${c.callback_id}`;
    }
  }
  if (kind === 'action' && constraint && typeof constraint === 'object') {
    const c = constraint as Record<string, unknown>;
    if (Object.keys(c).length === 1 && typeof c.action_id === 'string') return c.action_id;
  }
  return undefined;
}

/** The table key a request is routed by (kind, then id), or undefined for what no table serves. */
function routeOf(args: Routed): { kind: Kind; key: string } | undefined {
  if (args.command) return { kind: 'command', key: `command:${idOf.command(args)}` };
  const type = args.body.type;
  if (type === 'block_actions') return { kind: 'action', key: `action:${idOf.action(args)}` };
  if (type === 'view_submission' || type === 'view_closed') return { kind: 'view', key: `view:${idOf.view(args)}` };
  if (args.event) return { kind: 'event', key: `event:${idOf.event(args)}` };
  return undefined;
}

/**
 * Bolt runs every registered listener's middleware chain on every request, which with dozens of
 * listeners was a measurable share of a `/mentor` request; even one listener per kind cost a chain
 * each. This wraps the app so that listeners registered by plain id (a command name, an
 * action_id, a view's callback_id, an event type) go into one table, served by one global
 * middleware, the last one, that looks the request's id up and calls its listeners, and hands on to
 * Bolt's listeners only what it does not serve or what a listener Bolt matches itself may also want.
 * Registrations read as before (`app.action(id, listener)`); anything else (a RegExp, a constraint
 * object, extra middleware) is passed to Bolt unchanged, so its matching rules still apply.
 * Global middleware must therefore be added before the first listener, which is checked.
 */
export function dispatchListeners(app: App): App {
  const routes = new Map<string, Listener[]>();
  /** Kinds with a listener that Bolt matches itself, which must also see the requests routed here. */
  const boltMatched = new Set<Kind>();
  let installed = false;

  const install = () => {
    if (installed) return;
    installed = true;
    app.use(async (args) => {
      const routed = args as unknown as Routed & { next: () => Promise<void> };
      const route = routeOf(routed);
      const listeners = route && routes.get(route.key);
      const next = routed.next;
      if (!listeners) return next();
      // A listener's args are the middleware's (made for this call alone) with a `next` that goes
      // nowhere, as Bolt gives them.
      routed.next = noop as () => Promise<void>;
      if (!boltMatched.has(route.kind)) return run(listeners, routed);
      // Bolt runs every matching listener; so do we, and report a failure of either side.
      const results = await Promise.allSettled([run(listeners, routed), next()]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    });
  };

  return new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'use' && typeof value === 'function') {
        return (...middleware: unknown[]) => {
          // Bolt runs global middleware before any listener; after the dispatcher it would not run at all.
          if (installed)
            throw new Error('Add global middleware (app.use) before registering listeners: the dispatcher runs last');
          return (value as (...a: unknown[]) => unknown).apply(target, middleware);
        };
      }
      if (
        (prop === 'command' || prop === 'action' || prop === 'view' || prop === 'event') &&
        typeof value === 'function'
      ) {
        return (constraint: unknown, ...listeners: unknown[]) => {
          const key = keyOf(prop, constraint);
          if (key === undefined || listeners.length !== 1 || typeof listeners[0] !== 'function') {
            boltMatched.add(prop);
            return (value as (...a: unknown[]) => unknown).call(target, constraint, ...listeners);
          }
          install();
          const routeKey = `${prop}:${key}`;
          routes.set(routeKey, [...(routes.get(routeKey) ?? []), listeners[0] as Listener]);
          return undefined;
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const noop = () => {};

async function run(listeners: Listener[], args: Routed): Promise<void> {
  const call = (l: Listener) => (l as unknown as (a: Routed) => Promise<void>)(args);
  if (listeners.length === 1) return call(listeners[0]!);
  // Several listeners for one id: all run, as Bolt runs them, and a failure is reported.
  const results = await Promise.allSettled(listeners.map(async (l) => call(l)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

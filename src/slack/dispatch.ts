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
    if (Object.keys(c).every((k) => k === 'callback_id' || k === 'type') && typeof c.callback_id === 'string' && typeof type === 'string') {
      return `${type}:${c.callback_id}`;
    }
  }
  if (kind === 'action' && constraint && typeof constraint === 'object') {
    const c = constraint as Record<string, unknown>;
    if (Object.keys(c).length === 1 && typeof c.action_id === 'string') return c.action_id;
  }
  return undefined;
}

/**
 * Bolt runs every registered listener's middleware chain on every request, which with dozens of
 * listeners was a measurable share of a `/mentor` request. This wraps the app so that listeners
 * registered by plain id (a command name, an action_id, a view's callback_id, an event type) go
 * into one table per kind, served by a single Bolt listener per kind that looks the id up.
 * Registrations read as before (`app.action(id, listener)`); anything else (a RegExp, a constraint
 * object, extra middleware) is passed to Bolt unchanged, so its matching rules still apply.
 */
export function dispatchListeners(app: App): App {
  const tables = new Map<string, Map<string, Listener[]>>();

  /** The table for a kind (views: for a view type), with its one Bolt listener registered on first use. */
  const tableFor = (kind: Kind, key: string): Map<string, Listener[]> => {
    const name = kind === 'view' ? key.slice(0, key.indexOf(':')) : kind;
    let table = tables.get(name);
    if (table) return table;
    const routes = new Map<string, Listener[]>();
    table = routes;
    tables.set(name, routes);
    const dispatch = (args: Routed) => run(routes, idOf[kind](args), args);
    if (kind === 'command') app.command(/^/, dispatch as never);
    else if (kind === 'action') app.action({ type: 'block_actions' }, dispatch as never);
    else if (kind === 'event') app.event(/^/, dispatch as never);
    else app.view({ type: name as 'view_submission' | 'view_closed' }, dispatch as never);
    return routes;
  };

  return new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if ((prop === 'command' || prop === 'action' || prop === 'view' || prop === 'event') && typeof value === 'function') {
        return (constraint: unknown, ...listeners: unknown[]) => {
          const key = keyOf(prop, constraint);
          if (key === undefined || listeners.length !== 1 || typeof listeners[0] !== 'function') {
            return (value as (...a: unknown[]) => unknown).call(target, constraint, ...listeners);
          }
          const table = tableFor(prop, key);
          table.set(key, [...(table.get(key) ?? []), listeners[0] as Listener]);
          return undefined;
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function run(routes: Map<string, Listener[]>, id: string | undefined, args: Routed): Promise<void> {
  const listeners = id === undefined ? undefined : routes.get(id);
  if (!listeners) return;
  const call = (l: Listener) => (l as unknown as (a: Routed) => Promise<void>)(args);
  if (listeners.length === 1) return call(listeners[0]!);
  // Several listeners for one id: all run, as Bolt runs them, and a failure is reported.
  const results = await Promise.allSettled(listeners.map(async (l) => call(l)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

import type {
  AnyMiddlewareArgs,
  App,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';

type Handler = (args: never) => Promise<void> | void;
export type DispatchKind = 'command' | 'action' | 'view' | 'event' | 'options';

interface Routed {
  body: { type?: string; actions?: { action_id?: string }[]; action_id?: string; view?: { callback_id?: string } };
  command?: { command?: string };
  event?: { type?: string };
}

/** The table key a request is routed by (kind, then id), or undefined for what no table serves. */
function routeOf(args: Routed): { kind: DispatchKind; key: string } | undefined {
  if (args.command) return { kind: 'command', key: `command:${args.command.command}` };
  const type = args.body.type;
  if (type === 'block_actions') return { kind: 'action', key: `action:${args.body.actions?.[0]?.action_id}` };
  if (type === 'view_submission' || type === 'view_closed')
    return { kind: 'view', key: `view:${type}:${args.body.view?.callback_id}` };
  if (type === 'block_suggestion') return { kind: 'options', key: `options:${args.body.action_id}` };
  if (args.event) return { kind: 'event', key: `event:${args.event.type}` };
  return undefined;
}

/** A view's constraint as a table key: a callback_id, or `{ callback_id, type }` for view_closed. */
function viewKey(constraint: unknown): string | undefined {
  if (typeof constraint === 'string') return `view_submission:${constraint}`;
  if (!constraint || typeof constraint !== 'object') return undefined;
  const c = constraint as Record<string, unknown>;
  const type = c.type ?? 'view_submission';
  const plain = Object.keys(c).every((k) => k === 'callback_id' || k === 'type');
  return plain && typeof c.callback_id === 'string' && typeof type === 'string'
    ? `${type}:${c.callback_id}`
    : undefined;
}

/**
 * Bolt runs every registered listener's middleware chain on every request, which with dozens of
 * listeners was a measurable share of a `/mentor` request; even one listener per kind cost a
 * chain each. The dispatcher keeps listeners registered by plain id (a command name, an
 * action_id, a view's callback_id, an event type) in one table, served by one global middleware,
 * the last one, that looks the request's id up and calls its listeners. What it cannot key (a
 * RegExp) goes to Bolt, whose matching rules then apply, and such a kind's routed requests are
 * handed on to Bolt too. Global middleware must therefore be added before the first listener,
 * which is checked.
 */
export class Dispatcher {
  private readonly routes = new Map<string, Handler[]>();
  /** Kinds with a listener that Bolt matches itself, which must also see the requests routed here. */
  private readonly boltMatched = new Set<DispatchKind>();
  private installed = false;

  constructor(private readonly app: App) {}

  /** Global middleware, run before every listener. */
  use(middleware: Middleware<AnyMiddlewareArgs>): void {
    // Bolt runs global middleware in order; after the dispatcher it would not run at all.
    if (this.installed)
      throw new Error('Add global middleware (app.use) before registering listeners: the dispatcher runs last');
    this.app.use(middleware as never);
  }

  command(name: string, handler: Middleware<SlackCommandMiddlewareArgs>): void {
    this.route('command', name, handler);
  }

  action(id: string | RegExp, handler: Middleware<SlackActionMiddlewareArgs>): void {
    if (typeof id === 'string') this.route('action', id, handler);
    else this.toBolt('action', () => this.app.action(id, handler as never));
  }

  view(
    constraint: string | { callback_id: string; type?: 'view_submission' | 'view_closed' },
    handler: Middleware<SlackViewMiddlewareArgs>,
  ): void {
    const key = viewKey(constraint);
    if (key) this.route('view', key, handler);
    else this.toBolt('view', () => this.app.view(constraint as never, handler as never));
  }

  event(type: string, handler: Middleware<SlackEventMiddlewareArgs>): void {
    this.route('event', type, handler);
  }

  options(id: string, handler: Middleware<SlackOptionsMiddlewareArgs>): void {
    this.route('options', id, handler);
  }

  private toBolt(kind: DispatchKind, register: () => void): void {
    this.boltMatched.add(kind);
    register();
  }

  private route(kind: DispatchKind, id: string, handler: unknown): void {
    this.install();
    const key = `${kind}:${id}`;
    this.routes.set(key, [...(this.routes.get(key) ?? []), handler as Handler]);
  }

  private install(): void {
    if (this.installed) return;
    this.installed = true;
    this.app.use(async (args) => {
      const routed = args as unknown as Routed & { next: () => Promise<void> };
      const route = routeOf(routed);
      const handlers = route && this.routes.get(route.key);
      const next = routed.next;
      if (!handlers) return next();
      // A listener's args are the middleware's (made for this call alone) with a `next` that goes
      // nowhere, as Bolt gives them.
      routed.next = noop as () => Promise<void>;
      if (!this.boltMatched.has(route.kind)) return run(handlers, routed);
      // Bolt runs every matching listener; so do we, and report a failure of either side.
      await allOrFirstFailure([run(handlers, routed), next()]);
    });
  }
}

const noop = () => {};

async function allOrFirstFailure(work: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

async function run(handlers: Handler[], args: Routed): Promise<void> {
  const call = async (h: Handler) => (h as unknown as (a: Routed) => Promise<void>)(args);
  if (handlers.length === 1) return call(handlers[0]!);
  // Several listeners for one id: all run, as Bolt runs them, and a failure is reported.
  await allOrFirstFailure(handlers.map(call));
}

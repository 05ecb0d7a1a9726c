import type { App, BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.ts';
import { showModal } from '../features/progress/surface.ts';
import { noticeModal } from '../features/progress/views.ts';
import { sendDm } from '../slack/dm.ts';
import { describe, type Registrations } from '../slack/registry.ts';
import { actorOf } from './actor.ts';
import { declaredAction, PER_ROUTE } from './declare.ts';
import { type Action, can, decidedWithoutResource } from './policy.ts';

/** Thrown at registration: the listener did not say what it does, so nobody could check it. */
export class UndeclaredListenerError extends Error {
  constructor(kind: string, id: string) {
    super(
      `The ${kind} listener for "${id}" declares no policy action. Register it as ` +
        `app.${kind}(id, performs('<action>', listener)) with an action from src/policy/policy.ts.`,
    );
    this.name = 'UndeclaredListenerError';
  }
}

const KINDS = new Set(['command', 'action', 'view', 'event', 'options', 'shortcut']);

interface ListenerArgs {
  ack?: (response?: unknown) => Promise<void>;
  body: {
    type?: string;
    team_id?: string;
    user_id?: string;
    team?: { id?: string } | null;
    user?: { id?: string; team_id?: string };
    event?: { user?: string };
    view?: { blocks?: { type?: string; block_id?: string }[]; app_installed_team_id?: string };
    response_url?: string;
  };
  respond?: (message: object) => Promise<unknown>;
  client: WebClient;
}
type Listener = (args: ListenerArgs) => Promise<void>;

function who(body: ListenerArgs['body']): { teamId: string; userId: string } {
  return {
    // The same workspace as teamOf (src/slack/team.ts): the install that opened a view comes first.
    teamId: body.view?.app_installed_team_id || body.team?.id || body.user?.team_id || body.team_id || '',
    userId: body.user?.id ?? body.user_id ?? body.event?.user ?? '',
  };
}

/** Answers a refused request in the way its kind allows, so the person always learns why. */
async function refuse(kind: string, args: ListenerArgs, text: string): Promise<void> {
  const { body, ack } = args;
  if (body.type === 'view_submission') {
    const field = body.view?.blocks?.find((b) => b.type === 'input')?.block_id;
    if (field) return ack?.({ response_action: 'errors', errors: { [field]: text } });
    await ack?.();
  } else if (kind === 'command') {
    return ack?.({ response_type: 'ephemeral', text });
  } else {
    await ack?.();
  }
  // A click gets a small modal (from a message, Home or another modal alike), as the features' own refusals do.
  if (body.type === 'block_actions' && (body as { trigger_id?: string }).trigger_id) {
    await showModal(args.client, body as unknown as BlockAction, noticeModal(text));
  } else if (body.user?.id) {
    await sendDm(args.client, body.user.id, { text });
  }
}

/** Runs the listener only when its action's rule, decided on the actor alone, allows it. */
function gate(kind: string, action: Action, listener: Listener, deps: Deps): Listener {
  if (!decidedWithoutResource(action)) return listener;
  if (can({ teamId: 'any', userId: 'any', isAdmin: false }, action)) return listener;
  return async (args) => {
    const { teamId, userId } = who(args.body);
    if (can(await actorOf(deps, teamId, userId), action)) return listener(args);
    deps.logger.info(`refused ${action} to ${userId} in ${teamId}`);
    await refuse(kind, args, await deps.people.whoCanAdminister(teamId));
  };
}

/**
 * Wraps the app so every listener must declare its action (refused at registration otherwise),
 * records the declarations for the coverage test, and checks the actor-only rules before the
 * listener runs. Works on the listener function itself, so it holds whatever dispatches to it.
 */
export function enforcePolicies(app: App, deps: Deps, registrations: Registrations): App {
  return new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && KINDS.has(prop) && typeof value === 'function') {
        return (constraint: unknown, ...rest: unknown[]) => {
          const listener = rest.pop();
          const declared = declaredAction(listener);
          const id = describe(constraint);
          if (!declared) throw new UndeclaredListenerError(prop, id);
          registrations.policies.set(`${prop}:${id}`, declared);
          const checked = declared === PER_ROUTE ? listener : gate(prop, declared, listener as Listener, deps);
          return (value as (...a: unknown[]) => unknown).call(target, constraint, ...rest, checked);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

import type { BlockAction, Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { noteOutcome } from '../observability/context.ts';
import type { PeopleService } from '../people/service.ts';
import { actorOf } from '../policy/actor.ts';
import { type Action, can, decidedWithoutResource, mayEnter } from '../policy/policy.ts';
import { sendDm } from './dm.ts';
import { noticeModal, showModal } from './surface.ts';

/** Thrown at start-up: the listener did not say what it does, so nobody could check it. */
export class UndeclaredListenerError extends Error {
  constructor(kind: string, id: string) {
    super(
      `The ${kind} listener for "${id}" declares no policy action. Declare it as ` +
        `{ kind: '${kind}', id, performs: '<action>', handle } with an action from src/policy/policy.ts.`,
    );
    this.name = 'UndeclaredListenerError';
  }
}

export interface GuardedArgs {
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
  client: WebClient;
}
type Handler = (args: never) => Promise<void>;

function who(body: GuardedArgs['body']): { teamId: string; userId: string } {
  return {
    // The same workspace as teamOf (src/slack/team.ts): the install that opened a view comes first.
    teamId: body.view?.app_installed_team_id || body.team?.id || body.user?.team_id || body.team_id || '',
    userId: body.user?.id ?? body.user_id ?? body.event?.user ?? '',
  };
}

/** Answers a refused request in the way its kind allows, so the person always learns why. */
async function refuse(kind: string, args: GuardedArgs, text: string): Promise<void> {
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

/**
 * The policy check in front of a handler: actions decided by the actor alone (anyone, admin, a
 * programme's manager, who is let in to see only theirs) are decided here, and a refused request never reaches the handler. Actions that depend on the
 * thing acted on are left to the handler, which checks them with `can` once it has loaded it.
 */
export function authorize<H extends Handler>(
  kind: string,
  action: Action,
  handler: H,
  deps: { people: PeopleService; logger: Logger },
): H {
  if (!decidedWithoutResource(action)) return handler;
  if (can({ teamId: 'any', userId: 'any', isAdmin: false }, action)) return handler;
  const checked = async (args: GuardedArgs) => {
    const { teamId, userId } = who(args.body);
    if (mayEnter(await actorOf(deps, teamId, userId, action), action)) return handler(args as never);
    noteOutcome('refused');
    deps.logger.info(`refused ${action} to ${userId} in ${teamId}`);
    await refuse(kind, args, await deps.people.whoCanAdminister(teamId));
  };
  return checked as unknown as H;
}
